// SPDX-License-Identifier: Apache-2.0
// ENVELOPE (ETSI TS 102 223 §7.4-7.5, 3GPP TS 31.111 §7.1.1): SMS-PP data download, event download, timer
// expiration; build, parse, and the C-APDU.
#include <euicc/apdu/cat_envelope.hpp>

#include <stdexcept>
#include <string>

#include <euicc/error.hpp>

#include "cat_codec.hpp"

namespace euicc::cat {

namespace {

using detail::Object;
using detail::ObjectList;

constexpr const char* context = "ENVELOPE";
constexpr std::size_t max_envelope = 255; // TS 102 221 §10.1.1: short Lc

Bytes event_start(Event event, const DeviceIdentities& devices) {
    Bytes v;
    // §7.5: event list with exactly one event, then the device identities.
    detail::put(v, tag::event_list, true, Bytes{static_cast<std::uint8_t>(event)});
    detail::put(v, tag::device_identities, true, detail::device_identities_value(devices));
    return v;
}

Bytes finish_envelope(std::uint8_t tag, Bytes objects, const std::vector<ctlv::Tlv>& unknown) {
    detail::put_all(objects, unknown);
    return detail::wrap(tag, objects);
}

DeviceIdentities read_devices(ObjectList& list) {
    return detail::read_value(list, list.require(tag::device_identities, "device identities"),
                              detail::read_device_identities);
}

SmsPpDownload parse_sms_pp(ObjectList& list) {
    SmsPpDownload e;
    e.devices = read_devices(list);
    if (const Object* o = list.take(tag::address)) {
        e.address = detail::read_value(list, *o, detail::read_address);
    }
    e.tpdu = list.require(tag::sms_tpdu, "SMS TPDU").tlv.value;
    e.unknown_objects = list.untaken();
    return e;
}

Envelope parse_event(ObjectList& list) {
    const Object& event_object = list.require(tag::event_list, "event list");
    const Event event = detail::read_value(list, event_object, [](ByteReader& r) { return static_cast<Event>(r.u8()); });
    const DeviceIdentities devices = read_devices(list);
    auto channel_status = [&list] {
        return detail::read_value(list, list.require(tag::channel_status, "channel status"),
                                  detail::read_channel_status);
    };
    switch (event) {
    case Event::DataAvailable: {
        DataAvailableEvent e{devices, channel_status(), 0, {}};
        e.available_length =
            detail::read_value(list, list.require(tag::channel_data_length, "channel data length"), detail::read_u8);
        e.unknown_objects = list.untaken();
        return e;
    }
    case Event::ChannelStatus: {
        ChannelStatusEvent e{devices, channel_status(), {}};
        e.unknown_objects = list.untaken();
        return e;
    }
    default: return OtherEvent{event, devices, list.untaken()};
    }
}

TimerExpiration parse_timer_expiration(ObjectList& list) {
    TimerExpiration e;
    e.devices = read_devices(list);
    e.timer_id = detail::read_value(list, list.require(tag::timer_identifier, "timer identifier"),
                                    detail::read_timer_id);
    e.value = detail::read_value(list, list.require(tag::timer_value, "timer value"), detail::read_timer_value);
    e.unknown_objects = list.untaken();
    return e;
}

} // namespace

Bytes encode(const SmsPpDownload& e) {
    Bytes v;
    detail::put(v, tag::device_identities, true, detail::device_identities_value(e.devices));
    if (e.address) {
        detail::put(v, tag::address, true, encode_address(*e.address));
    }
    detail::put(v, tag::sms_tpdu, true, e.tpdu);
    return finish_envelope(envelope_tag::sms_pp_download, std::move(v), e.unknown_objects);
}

Bytes encode(const DataAvailableEvent& e) {
    Bytes v = event_start(Event::DataAvailable, e.devices);
    detail::put(v, tag::channel_status, true, detail::channel_status_value(e.status));
    detail::put(v, tag::channel_data_length, true, Bytes{e.available_length});
    return finish_envelope(envelope_tag::event_download, std::move(v), e.unknown_objects);
}

Bytes encode(const ChannelStatusEvent& e) {
    Bytes v = event_start(Event::ChannelStatus, e.devices);
    detail::put(v, tag::channel_status, true, detail::channel_status_value(e.status));
    return finish_envelope(envelope_tag::event_download, std::move(v), e.unknown_objects);
}

Bytes encode(const OtherEvent& e) {
    return finish_envelope(envelope_tag::event_download, event_start(e.event, e.devices), e.unknown_objects);
}

Bytes encode(const TimerExpiration& e) {
    if (e.timer_id < 1 || e.timer_id > 8) {
        throw std::invalid_argument("timer expiration: timer identifier outside 1..8");
    }
    Bytes v;
    detail::put(v, tag::device_identities, true, detail::device_identities_value(e.devices));
    detail::put(v, tag::timer_identifier, true, Bytes{e.timer_id});
    detail::put(v, tag::timer_value, true, encode_timer_value(e.value));
    return finish_envelope(envelope_tag::timer_expiration, std::move(v), e.unknown_objects);
}

Bytes encode(const UnknownEnvelope& e) { return detail::wrap(e.tag, e.value); }

Bytes encode(const Envelope& envelope) {
    return std::visit([](const auto& e) { return encode(e); }, envelope);
}

Envelope parse_envelope(ByteView ber_tlv) {
    const detail::Wrapped wrapped = detail::unwrap(ber_tlv, context);
    switch (wrapped.tag) {
    case envelope_tag::sms_pp_download: {
        ObjectList list(ber_tlv, wrapped.value_offset, context);
        return parse_sms_pp(list);
    }
    case envelope_tag::event_download: {
        ObjectList list(ber_tlv, wrapped.value_offset, context);
        return parse_event(list);
    }
    case envelope_tag::timer_expiration: {
        ObjectList list(ber_tlv, wrapped.value_offset, context);
        return parse_timer_expiration(list);
    }
    default: {
        const ByteView value = ber_tlv.subspan(wrapped.value_offset);
        return UnknownEnvelope{wrapped.tag, Bytes(value.begin(), value.end())};
    }
    }
}

apdu::CommandApdu envelope_apdu(ByteView ber_tlv, std::optional<std::uint32_t> ne) {
    if (ber_tlv.empty() || ber_tlv.size() > max_envelope) {
        throw std::invalid_argument("ENVELOPE data of " + std::to_string(ber_tlv.size()) + " bytes, needs 1..255");
    }
    // TS 102 221 §10.1.1: CLA 80, INS C2, P1 P2 00 00.
    return apdu::CommandApdu(0x80, 0xC2, 0x00, 0x00, Bytes(ber_tlv.begin(), ber_tlv.end()), ne);
}

std::uint8_t channel_data_length_byte(std::size_t available) noexcept {
    // §8.54: 00..FE are exact counts, FF stands for "more than 255" (and, necessarily, for 255 itself).
    return available >= 0xFF ? std::uint8_t{0xFF} : static_cast<std::uint8_t>(available);
}

} // namespace euicc::cat
