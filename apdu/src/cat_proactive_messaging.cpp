// SPDX-License-Identifier: Apache-2.0
// DISPLAY TEXT (ETSI TS 102 223 §6.6.1) and SEND SHORT MESSAGE (§6.6.9, 3GPP TS 31.111 §6.6.9).
#include <euicc/apdu/cat_proactive_messaging.hpp>

#include "cat_proactive_parsers.hpp"

namespace euicc::cat {

Bytes encode(const DisplayText& c) {
    using namespace detail;
    Bytes v = command_start(c.header, DisplayText::type);
    put(v, tag::text_string, true, text_string_value(c.text));
    put_raw(v, tag::icon_identifier, true, c.icon_identifier);
    if (c.immediate_response) {
        put(v, tag::immediate_response, true, {});
    }
    if (c.duration) {
        put(v, tag::duration, true, duration_value(*c.duration));
    }
    return finish_encoding(std::move(v), c.header);
}

Bytes encode(const SendShortMessage& c) {
    using namespace detail;
    Bytes v = command_start(c.header, SendShortMessage::type);
    put_raw(v, tag::alpha_identifier, true, c.alpha_identifier);
    if (c.address) {
        put(v, tag::address, true, encode_address(*c.address));
    }
    put(v, tag::sms_tpdu, true, c.tpdu);
    put_raw(v, tag::icon_identifier, true, c.icon_identifier);
    return finish_encoding(std::move(v), c.header);
}

namespace detail {

DisplayText parse_display_text(ObjectList& list, CommandHeader header) {
    DisplayText c;
    c.header = std::move(header);
    c.text = read_value(list, list.require(tag::text_string, "text string"), read_text_string);
    c.icon_identifier = take_raw(list, tag::icon_identifier);
    if (const Object* o = list.take(tag::immediate_response)) {
        if (!o->tlv.value.empty()) {
            list.fail(*o, "immediate response object with a value");
        }
        c.immediate_response = true;
    }
    if (const Object* o = list.take(tag::duration)) {
        c.duration = read_value(list, *o, read_duration);
    }
    return finish(std::move(c), list);
}

SendShortMessage parse_send_short_message(ObjectList& list, CommandHeader header) {
    SendShortMessage c;
    c.header = std::move(header);
    c.alpha_identifier = take_raw(list, tag::alpha_identifier);
    if (const Object* o = list.take(tag::address)) {
        c.address = read_value(list, *o, read_address);
    }
    c.tpdu = list.require(tag::sms_tpdu, "SMS TPDU").tlv.value;
    c.icon_identifier = take_raw(list, tag::icon_identifier);
    return finish(std::move(c), list);
}

} // namespace detail

} // namespace euicc::cat
