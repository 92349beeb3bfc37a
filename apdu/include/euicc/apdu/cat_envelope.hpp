// SPDX-License-Identifier: Apache-2.0
// ENVELOPE (ETSI TS 102 223 §7, 3GPP TS 31.111 §7.1.1): SMS-PP data download (D1), event download (D6: data
// available, channel status), timer expiration (D7), and the `80 C2 00 00 Lc data` C-APDU.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>

namespace euicc::cat {

/// ENVELOPE BER-TLV tags (TS 101 220 §7.2).
namespace envelope_tag {
inline constexpr std::uint8_t sms_pp_download = 0xD1;
inline constexpr std::uint8_t cell_broadcast_download = 0xD2;
inline constexpr std::uint8_t menu_selection = 0xD3;
inline constexpr std::uint8_t call_control = 0xD4;
inline constexpr std::uint8_t mo_sms_control = 0xD5;
inline constexpr std::uint8_t event_download = 0xD6;
inline constexpr std::uint8_t timer_expiration = 0xD7;
} // namespace envelope_tag

/// SMS-PP data download (D1, 31.111 §7.1.1): the SMS-DELIVER TPDU exactly as received, plus the RP-OA.
struct SmsPpDownload {
    DeviceIdentities devices{device::network, device::uicc};
    std::optional<Address> address; ///< 06: the SMS-C address (RP-OA), optional
    Bytes tpdu;                     ///< 0B: the whole SMS-DELIVER TPDU
    std::vector<ctlv::Tlv> unknown_objects;

    friend bool operator==(const SmsPpDownload&, const SmsPpDownload&) = default;
};

/// Event download "data available" (D6, event 09, §7.5.10).
struct DataAvailableEvent {
    DeviceIdentities devices{device::terminal, device::uicc};
    ChannelStatus status;
    std::uint8_t available_length = 0; ///< 37: bytes in the Rx buffer, FF = more than 255
    std::vector<ctlv::Tlv> unknown_objects;

    friend bool operator==(const DataAvailableEvent&, const DataAvailableEvent&) = default;
};

/// Event download "channel status" (D6, event 0A, §7.5.11), e.g. link dropped.
struct ChannelStatusEvent {
    DeviceIdentities devices{device::terminal, device::uicc};
    ChannelStatus status;
    std::vector<ctlv::Tlv> unknown_objects; ///< e.g. bearer description / other address (31.111)

    friend bool operator==(const ChannelStatusEvent&, const ChannelStatusEvent&) = default;
};

/// Event download of any other event: its objects are kept as they came.
struct OtherEvent {
    Event event{};
    DeviceIdentities devices{device::terminal, device::uicc};
    std::vector<ctlv::Tlv> unknown_objects;

    friend bool operator==(const OtherEvent&, const OtherEvent&) = default;
};

/// Timer expiration (D7, §7.4): the timer and the time elapsed since it was started.
struct TimerExpiration {
    DeviceIdentities devices{device::terminal, device::uicc};
    std::uint8_t timer_id = 1;
    std::chrono::seconds value{0};
    std::vector<ctlv::Tlv> unknown_objects;

    friend bool operator==(const TimerExpiration&, const TimerExpiration&) = default;
};

/// Any other ENVELOPE (menu selection, call control, ...): tag and raw value.
struct UnknownEnvelope {
    std::uint8_t tag = 0;
    Bytes value;

    friend bool operator==(const UnknownEnvelope&, const UnknownEnvelope&) = default;
};

using Envelope =
    std::variant<SmsPpDownload, DataAvailableEvent, ChannelStatusEvent, OtherEvent, TimerExpiration, UnknownEnvelope>;

/// The BER-TLV of each envelope (lengths above 127 use 81 xx). Every object carries CR = 1, as in the spec/cat.md
/// vectors. UnknownEnvelope throws std::invalid_argument for a tag that is not a single-byte BER tag.
Bytes encode(const SmsPpDownload& envelope);
Bytes encode(const DataAvailableEvent& envelope);
Bytes encode(const ChannelStatusEvent& envelope);
Bytes encode(const OtherEvent& envelope);
Bytes encode(const TimerExpiration& envelope);
Bytes encode(const UnknownEnvelope& envelope);
Bytes encode(const Envelope& envelope);

/// Parses one ENVELOPE BER-TLV (the C-APDU data field). Throws CodecError("ENVELOPE", offset) for a malformed
/// structure, trailing bytes, a missing mandatory object (offset = end of the data) or a malformed object.
Envelope parse_envelope(ByteView ber_tlv);

/// `80 C2 00 00 Lc data` (TS 102 221 §10.1.1), case 3 like the cat.md vector unless `ne` asks for case 4.
/// Throws std::invalid_argument for empty data or more than 255 bytes.
apdu::CommandApdu envelope_apdu(ByteView ber_tlv, std::optional<std::uint32_t> ne = std::nullopt);

/// The channel data length byte for `available` bytes: the count up to 254, FF for 255 and more (§8.54).
std::uint8_t channel_data_length_byte(std::size_t available) noexcept;

} // namespace euicc::cat
