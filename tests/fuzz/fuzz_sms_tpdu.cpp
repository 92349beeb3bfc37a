// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: SMS TPDUs, UDH and addresses (3GPP TS 23.040 §9.1.2.5, §9.2.2, §9.2.3.24) and concatenation.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/sms_concatenation.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace sms = euicc::sms;

namespace {

// Decoded values re-encode without throwing, and the encoding is canonical: it decodes to the same value and
// re-encodes to itself. Inputs with non-canonical parts (7-bit padding bits, a negative zero time zone, the
// alphanumeric address length) may differ from their re-encoding, so the input bytes are not compared.
template <class Tpdu, class Decode>
void round_trip(euicc::ByteView raw, Decode decode) {
    const Tpdu value = decode(raw);
    const euicc::Bytes encoded = value.encode();
    const Tpdu again = decode(encoded);
    require(again == value);
    require(again.encode() == encoded);
}

void reassemble(euicc::ByteView packet, std::uint8_t control) {
    if (packet.empty()) {
        return;
    }
    const bool wide = (control & 0x01) != 0;
    const auto reference = wide ? sms::ConcatenationReference::wide(static_cast<std::uint16_t>(control * 257u))
                                : sms::ConcatenationReference::eight_bit(control);
    const auto parts = sms::split_command_packet(packet, reference);
    const sms::Address sender = sms::Address::international("123");
    std::vector<sms::Deliver> sms_parts;
    for (const sms::UserData& ud : parts) {
        sms_parts.push_back(sms::Deliver::decode(sms::make_sms_pp_deliver(sender, {}, ud).encode()));
    }
    std::rotate(sms_parts.begin(), sms_parts.begin() + static_cast<std::ptrdiff_t>(control % sms_parts.size()),
                sms_parts.end());
    sms::Reassembler reassembler;
    std::optional<sms::ReassembledMessage> message;
    for (std::size_t i = 0; i < sms_parts.size(); ++i) {
        message = reassembler.add(sms_parts[i]);
        require(message.has_value() == (i + 1 == sms_parts.size())); // never a partial message
        require(!reassembler.add(sms_parts[i]).has_value() || sms_parts.size() == 1);
    }
    require(message && message->body == euicc::Bytes(packet.begin(), packet.end()) && message->command_packet);
}

} // namespace

// Input: a selector byte (low 3 bits pick the decoder), then the bytes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const euicc::ByteView raw(data + 1, size - 1);
    try {
        switch (data[0] & 0x07) {
        case 0:
            round_trip<sms::Deliver>(raw, [](euicc::ByteView b) { return sms::Deliver::decode(b); });
            break;
        case 1:
            round_trip<sms::Submit>(raw, [](euicc::ByteView b) { return sms::Submit::decode(b); });
            break;
        case 2:
        case 3: {
            const auto kind = (data[0] & 0x07) == 2 ? sms::DeliverReport::Kind::Ack : sms::DeliverReport::Kind::Error;
            round_trip<sms::DeliverReport>(raw, [kind](euicc::ByteView b) { return sms::DeliverReport::decode(b, kind); });
            break;
        }
        case 4: {
            euicc::ByteView rest;
            const sms::Udh udh = sms::Udh::decode(raw, &rest);
            euicc::Bytes encoded = udh.encode(); // the UDH coding is canonical: the input comes back
            euicc::append(encoded, rest);
            require(encoded == euicc::Bytes(raw.begin(), raw.end()));
            break;
        }
        case 5: {
            const sms::Address address = sms::Address::decode_tp(raw);
            const euicc::Bytes encoded = address.encode_tp();
            require(sms::Address::decode_tp(encoded) == address);
            if (address.ton != sms::Ton::Alphanumeric) {
                require(encoded == euicc::Bytes(raw.begin(), raw.end()));
            }
            break;
        }
        case 6: {
            const sms::Address address = sms::Address::decode_rp(raw);
            require(address.encode_rp() == euicc::Bytes(raw.begin(), raw.end()));
            break;
        }
        default:
            reassemble(raw, static_cast<std::uint8_t>(data[0] >> 3));
            break;
        }
    } catch (const euicc::Error&) {
    }
    return 0;
}
