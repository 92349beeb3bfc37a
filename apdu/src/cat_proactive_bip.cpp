// SPDX-License-Identifier: Apache-2.0
// BIP proactive commands (ETSI TS 102 223 §6.6.27-6.6.31, 3GPP TS 31.111 §6.6.27): OPEN CHANNEL (with the 3E/3C
// order rule), CLOSE CHANNEL, RECEIVE DATA, SEND DATA, GET CHANNEL STATUS.
#include <euicc/apdu/cat_proactive_bip.hpp>

#include <stdexcept>

#include "cat_proactive_parsers.hpp"

namespace euicc::cat {

namespace {

// OPEN CHANNEL objects travel with CR = 0, as in the spec/cat.md FETCH vector; alpha/icon elsewhere with CR = 1.
constexpr bool open_channel_cr = false;

Bytes with_alpha_icon(const CommandHeader& header, CommandType type, const std::optional<Bytes>& alpha,
                      const std::optional<Bytes>& icon) {
    Bytes v = detail::command_start(header, type);
    detail::put_raw(v, tag::alpha_identifier, true, alpha);
    detail::put_raw(v, tag::icon_identifier, true, icon);
    return v;
}

} // namespace

std::optional<std::uint8_t> target_channel(const CommandHeader& header) noexcept {
    return channel_of_device(header.devices.destination);
}

Bytes encode(const OpenChannel& c) {
    if (c.password && !c.login) {
        throw std::invalid_argument("OPEN CHANNEL: a password needs a login (the first text string is the login)");
    }
    if (c.destination_address && !c.transport_level) {
        throw std::invalid_argument("OPEN CHANNEL: a destination address needs a transport level before it");
    }
    using namespace detail;
    // §6.6.27 / 31.111 §6.6.27 order: alpha, icon, bearer, buffer, NAN, local address, login, password,
    // transport level, data destination address.
    Bytes v = command_start(c.header, OpenChannel::type);
    put_raw(v, tag::alpha_identifier, open_channel_cr, c.alpha_identifier);
    put_raw(v, tag::icon_identifier, open_channel_cr, c.icon_identifier);
    if (c.bearer) {
        put(v, tag::bearer_description, open_channel_cr, bearer_description_value(*c.bearer));
    }
    put(v, tag::buffer_size, open_channel_cr, u16_value(c.buffer_size));
    if (c.network_access_name) {
        put(v, tag::network_access_name, open_channel_cr, encode_network_access_name(*c.network_access_name));
    }
    if (c.local_address) {
        put(v, tag::other_address, open_channel_cr, other_address_value(*c.local_address));
    }
    if (c.login) {
        put(v, tag::text_string, open_channel_cr, text_string_value(*c.login));
    }
    if (c.password) {
        put(v, tag::text_string, open_channel_cr, text_string_value(*c.password));
    }
    if (c.transport_level) {
        put(v, tag::transport_level, open_channel_cr, transport_level_value(*c.transport_level));
    }
    if (c.destination_address) {
        put(v, tag::other_address, open_channel_cr, other_address_value(*c.destination_address));
    }
    return finish_encoding(std::move(v), c.header);
}

Bytes encode(const CloseChannel& c) {
    return detail::finish_encoding(with_alpha_icon(c.header, CloseChannel::type, c.alpha_identifier, c.icon_identifier),
                                   c.header);
}

Bytes encode(const ReceiveData& c) {
    Bytes v = with_alpha_icon(c.header, ReceiveData::type, c.alpha_identifier, c.icon_identifier);
    detail::put(v, tag::channel_data_length, true, Bytes{c.requested_length});
    return detail::finish_encoding(std::move(v), c.header);
}

Bytes encode(const SendData& c) {
    Bytes v = with_alpha_icon(c.header, SendData::type, c.alpha_identifier, c.icon_identifier);
    detail::put(v, tag::channel_data, true, c.data);
    return detail::finish_encoding(std::move(v), c.header);
}

Bytes encode(const GetChannelStatus& c) {
    return detail::finish_encoding(detail::command_start(c.header, GetChannelStatus::type), c.header);
}

namespace detail {

OpenChannel parse_open_channel(ObjectList& list, CommandHeader header) {
    OpenChannel c;
    c.header = std::move(header);
    c.alpha_identifier = take_raw(list, tag::alpha_identifier);
    c.icon_identifier = take_raw(list, tag::icon_identifier);
    if (const Object* o = list.take(tag::bearer_description)) {
        c.bearer = read_value(list, *o, read_bearer_description);
    }
    c.buffer_size = read_value(list, list.require(tag::buffer_size, "buffer size"), read_u16);
    if (const Object* o = list.take(tag::network_access_name)) {
        c.network_access_name = read_value(list, *o, read_network_access_name);
    }
    if (const Object* o = list.take(tag::text_string)) {
        c.login = read_value(list, *o, read_text_string);
    }
    if (const Object* o = list.take(tag::text_string)) {
        c.password = read_value(list, *o, read_text_string);
    }
    // §6.6.27: the other address before the transport level is the local address, the one after it the data
    // destination. Without a transport level there is no destination.
    const std::optional<std::size_t> transport_at = list.index_of(tag::transport_level);
    if (const Object* o = list.take(tag::other_address, 0, transport_at.value_or(static_cast<std::size_t>(-1)))) {
        c.local_address = read_value(list, *o, read_other_address);
    }
    if (transport_at) {
        if (const Object* extra = list.take(tag::other_address, 0, *transport_at)) {
            list.fail(*extra, "second other address before the transport level");
        }
        c.transport_level = read_value(list, *list.take(tag::transport_level), read_transport_level);
        if (const Object* o = list.take(tag::other_address, *transport_at + 1)) {
            c.destination_address = read_value(list, *o, read_other_address);
        }
    }
    return finish(std::move(c), list);
}

CloseChannel parse_close_channel(ObjectList& list, CommandHeader header) {
    CloseChannel c;
    c.header = std::move(header);
    c.alpha_identifier = take_raw(list, tag::alpha_identifier);
    c.icon_identifier = take_raw(list, tag::icon_identifier);
    return finish(std::move(c), list);
}

ReceiveData parse_receive_data(ObjectList& list, CommandHeader header) {
    ReceiveData c;
    c.header = std::move(header);
    c.alpha_identifier = take_raw(list, tag::alpha_identifier);
    c.icon_identifier = take_raw(list, tag::icon_identifier);
    c.requested_length = read_value(list, list.require(tag::channel_data_length, "channel data length"), read_u8);
    return finish(std::move(c), list);
}

SendData parse_send_data(ObjectList& list, CommandHeader header) {
    SendData c;
    c.header = std::move(header);
    c.alpha_identifier = take_raw(list, tag::alpha_identifier);
    c.icon_identifier = take_raw(list, tag::icon_identifier);
    c.data = list.require(tag::channel_data, "channel data").tlv.value;
    return finish(std::move(c), list);
}

GetChannelStatus parse_get_channel_status(ObjectList& list, CommandHeader header) {
    GetChannelStatus c;
    c.header = std::move(header);
    return finish(std::move(c), list);
}

} // namespace detail

} // namespace euicc::cat
