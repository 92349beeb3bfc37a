// SPDX-License-Identifier: Apache-2.0
// Concatenated secured packets over SMS per 3GPP TS 31.115 §4 / TS 23.040 §9.2.3.24.1 and .8: split and reassembly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/sms_tpdu.hpp>

namespace euicc::sms {

/// The concatenation reference and which IE carries it (00: 8-bit, 08: 16-bit).
struct ConcatenationReference {
    std::uint16_t value = 0;
    bool sixteen_bit = false;

    static ConcatenationReference eight_bit(std::uint8_t value) { return {value, false}; }
    static ConcatenationReference wide(std::uint16_t value) { return {value, true}; }
};

/// Octets of one single-SMS secured packet: 140 minus the `02 70 00` header (TS 31.115 §4).
inline constexpr std::size_t max_single_packet = 137;

/// Splits a secured packet into TP-UD values (TS 31.115 §4; layout after njiwa, the clause wording UNCONFIRMED):
/// - up to 137 octets: one UD `02 <iei> 00 <packet>`, no concatenation IE (the reference is unused);
/// - otherwise part 1 carries `<iei> 00` plus the concatenation IE (`07 70 00 00 03 ref n 01`, up to 132 octets;
///   `08 70 00 08 04 ref ref n 01`, up to 131) and parts i > 1 only the concatenation IE (`05 00 03 ref n i`, up to
///   134 octets; `06 08 04 ref ref n i`, up to 133).
/// `packet_iei` is iei::command_packet (70) or iei::response_packet (71). Throws std::invalid_argument for an empty
/// packet, a packet that needs more than 255 parts, or an 8-bit reference above 255.
std::vector<UserData> split_packet(ByteView packet, std::uint8_t packet_iei, ConcatenationReference reference);
/// split_packet() with the Command Packet Identifier 70.
std::vector<UserData> split_command_packet(ByteView packet, ConcatenationReference reference);
/// split_packet() with the Response Packet Identifier 71.
std::vector<UserData> split_response_packet(ByteView packet, ConcatenationReference reference);

/// Identifies one concatenated message: (originating address, reference, total), plus the IE kind so an 8-bit and a
/// 16-bit reference of the same value stay apart.
struct ConcatenationKey {
    Address originator;
    std::uint16_t reference = 0;
    bool sixteen_bit = false;
    std::uint8_t total = 0;

    friend bool operator==(const ConcatenationKey&, const ConcatenationKey&) = default;
    friend bool operator<(const ConcatenationKey& a, const ConcatenationKey& b);
};

/// A complete message: every UDH stripped, the bodies joined in sequence order.
struct ReassembledMessage {
    Bytes body;                   ///< octets, or septets for GSM 7-bit text (as in UserData::body)
    bool command_packet = false;  ///< a part carried IEI 70 (TS 31.115: only part 1 does)
    bool response_packet = false; ///< a part carried IEI 71
    std::uint8_t parts = 1;

    friend bool operator==(const ReassembledMessage&, const ReassembledMessage&) = default;
};

/// Collects the parts of concatenated messages. Pure: it has no clock; the caller that owns one calls expire() for
/// keys it considers stale (TS 23.040 leaves the timeout to the receiver). A message is returned only when every
/// part is present; a missing part never yields a partial body.
///
/// Errors are CodecError("SMS concatenation", offset) where the offset points into the TP-UD of the offending
/// part (UDHL = 0): total 0, sequence 0 or above total (TS 23.040 §9.2.3.24.1 tells receivers to ignore such an
/// IE; we reject it so a bad part is never taken for a single message), a duplicate part whose content differs
/// from the first copy, parts of one message with different DCS, and more pending messages than `max_pending`.
/// A byte-identical duplicate is ignored. After a message completes its key is forgotten, so a late duplicate
/// starts a new pending message that expire() removes.
class Reassembler {
public:
    explicit Reassembler(std::size_t max_pending = 64);

    /// Adds an SMS-DELIVER keyed by its TP-OA. A message without a concatenation IE is complete at once.
    std::optional<ReassembledMessage> add(const Deliver& sms);
    /// Adds a part that arrived by another route (e.g. an MO SMS-SUBMIT whose originator the transport knows).
    std::optional<ReassembledMessage> add(const Address& originator, std::uint8_t dcs, const UserData& user_data);

    /// Keys of the incomplete messages, in key order.
    std::vector<ConcatenationKey> pending() const;
    /// Sequence numbers still missing for `key`, ascending; empty for an unknown key.
    std::vector<std::uint8_t> missing_parts(const ConcatenationKey& key) const;
    /// "part 2 of 3 missing", "parts 2, 3 of 5 missing"; "no pending message" for an unknown key.
    std::string describe_missing(const ConcatenationKey& key) const;
    /// Drops the named partial messages (unknown keys are ignored).
    void expire(const std::vector<ConcatenationKey>& keys);
    void clear() noexcept;

private:
    struct Part {
        Bytes body;
        bool command_packet = false;
        bool response_packet = false;

        friend bool operator==(const Part&, const Part&) = default;
    };
    struct Partial {
        std::vector<std::optional<Part>> parts; ///< index = sequence - 1
        std::uint8_t dcs = 0;
    };

    std::map<ConcatenationKey, Partial> m_pending;
    std::size_t m_max_pending;
};

} // namespace euicc::sms
