// SPDX-License-Identifier: Apache-2.0
// SMS TPDUs per 3GPP TS 23.040 §9.2.2: SMS-DELIVER, SMS-SUBMIT, SMS-DELIVER-REPORT (RP-ACK and RP-ERROR).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/sms_address.hpp>
#include <euicc/apdu/sms_fields.hpp>
#include <euicc/apdu/sms_udh.hpp>

namespace euicc::sms {

/// Most octets a TP-UD may hold (TS 23.040 §9.2.3.24); 160 septets for GSM 7-bit text.
inline constexpr std::size_t max_user_data_octets = 140;
inline constexpr std::size_t max_user_data_septets = 160;

/// TP-UD: optional header (its presence is TP-UDHI) and the short message after it. `body` holds octets for 8-bit,
/// UCS2 and compressed data, and one septet value (0x00..0x7F) per byte for uncompressed GSM 7-bit text; the codec
/// packs septets after the header's fill bits and derives TP-UDL (§9.2.3.16).
struct UserData {
    std::optional<Udh> header;
    Bytes body;

    /// The short message as UTF-8 for GSM 7-bit and UCS2 data (TS 23.038 §6.2). Throws std::invalid_argument for
    /// 8-bit or compressed data, CodecError("UCS2") for broken UTF-16.
    std::string text(std::uint8_t dcs) const;
    /// UserData holding `text` in the GSM 7-bit default alphabet (for a DCS with Alphabet::Gsm7).
    static UserData gsm7_text(std::string_view text);

    friend bool operator==(const UserData&, const UserData&) = default;
};

/// SMS-DELIVER, SC -> MS (§9.2.2.1). TP-MTI 00; TP-UDHI comes from `user_data.header`.
struct Deliver {
    bool reply_path = false;               ///< TP-RP, bit 8
    bool status_report_indication = false; ///< TP-SRI, bit 6
    bool loop_prevention = false;          ///< TP-LP, bit 4
    /// TP-MMS, bit 3, which is inverted on the wire: true here = bit 0 = "more messages are waiting".
    bool more_messages_waiting = false;
    Address originator; ///< TP-OA
    std::uint8_t pid = pid::default_sme;
    std::uint8_t dcs = dcs::gsm7_default;
    Timestamp service_centre_time;
    UserData user_data;

    /// Throws std::invalid_argument when the user data does not fit (more than 140 octets / 160 septets).
    Bytes encode() const;
    /// Strict: TP-MTI must be 00 and bit 5 0; UDL must match the octets present exactly (CodecError
    /// "SMS-DELIVER" at the offset of the fault: UDL past the data, UDHL past the UD, trailing bytes).
    static Deliver decode(ByteView tpdu);

    friend bool operator==(const Deliver&, const Deliver&) = default;
};

/// SMS-SUBMIT, MS -> SC (§9.2.2.2). TP-MTI 01; TP-VPF from the `validity` alternative.
struct Submit {
    bool reply_path = false;              ///< TP-RP, bit 8
    bool status_report_request = false;   ///< TP-SRR, bit 6
    bool reject_duplicates = false;       ///< TP-RD, bit 3
    std::uint8_t message_reference = 0;   ///< TP-MR
    Address destination;                  ///< TP-DA
    std::uint8_t pid = pid::default_sme;
    std::uint8_t dcs = dcs::gsm7_default;
    ValidityPeriod validity;              ///< none / relative / enhanced / absolute
    UserData user_data;

    Bytes encode() const;
    /// Strict like Deliver::decode (context "SMS-SUBMIT").
    static Submit decode(ByteView tpdu);

    friend bool operator==(const Submit&, const Submit&) = default;
};

/// SMS-DELIVER-REPORT, MS -> SC (§9.2.2.1a). The same TPDU type travels in RP-ACK and in RP-ERROR; only the
/// RP-ERROR form carries TP-FCS, and nothing in the TPDU says which it is, so decoding needs the RP message type.
struct DeliverReport {
    enum class Kind { Ack, Error };

    std::optional<std::uint8_t> failure_cause; ///< TP-FCS: present exactly in the RP-ERROR form
    std::optional<std::uint8_t> pid;           ///< TP-PI bit 1
    std::optional<std::uint8_t> dcs;           ///< TP-PI bit 2 (absent: TP-UD is read as DCS 00, §9.2.3.27)
    std::optional<UserData> user_data;         ///< TP-PI bit 3 (TP-UDL); TP-UDHI from its header

    Kind kind() const noexcept { return failure_cause ? Kind::Error : Kind::Ack; }

    Bytes encode() const;
    /// Strict: TP-MTI 00, reserved bits of the first octet and of TP-PI (including the extension bit) 0.
    /// Context "SMS-DELIVER-REPORT".
    static DeliverReport decode(ByteView tpdu, Kind kind);

    friend bool operator==(const DeliverReport&, const DeliverReport&) = default;
};

/// An SMS-DELIVER that carries a secured packet for (U)SIM data download: PID 7F, DCS F6 (TS 31.115 §4,
/// TS 31.111 §7.1.1), no more messages waiting.
Deliver make_sms_pp_deliver(const Address& originator, const Timestamp& service_centre_time, UserData user_data);

} // namespace euicc::sms
