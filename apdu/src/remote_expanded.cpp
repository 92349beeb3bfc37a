// SPDX-License-Identifier: Apache-2.0
// Expanded remote command scripts and responses per ETSI TS 102 226 §5.2 (AA/AE and AB/AF templates, tables 5.2-5.16).
#include <euicc/apdu/remote_script.hpp>

#include <stdexcept>
#include <string>

#include <euicc/apdu/ber_tlv.hpp>

#include "remote_tlv.hpp"

namespace euicc::remote {

namespace {

constexpr const char* script_context = "expanded script";
constexpr const char* response_context = "expanded response";
constexpr std::size_t max_count_octets = 4;
constexpr std::size_t sw_size = 2;

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

Bytes value_of(ByteView v) { return Bytes(v.begin(), v.end()); }

// Reads items into `script` until the end or the first fault (which throws with the items read so far kept).
void read_command_items(ByteView data, ExpandedCommandScript& script) {
    detail::TemplateReader reader(data, script_context, tag::command_script_definite, tag::command_script_indefinite);
    script.indefinite = reader.indefinite();
    while (const auto item = reader.next()) {
        switch (item->tag) {
        case tag::c_apdu:
            script.items.emplace_back(CommandApduTlv{value_of(item->value)});
            break;
        case tag::immediate_action:
            script.items.emplace_back(ImmediateAction{value_of(item->value)});
            break;
        case tag::error_action:
            script.items.emplace_back(ErrorAction{value_of(item->value)});
            break;
        case tag::script_chaining:
            reader.expect_size(*item, 1);
            script.items.emplace_back(ScriptChaining{item->value[0]});
            break;
        default:
            // 23, 80 and 90 belong to the response template only.
            throw BadFormatError(script_context, item->offset, BadFormat::UnknownTag,
                                 "tag " + to_hex(ByteView(&item->tag, 1)) + " is not allowed in a command script");
        }
    }
}

Bytes encode_count(std::uint32_t count) {
    Bytes digits;
    do {
        digits.insert(digits.begin(), static_cast<std::uint8_t>(count & 0xFF));
        count >>= 8;
    } while (count != 0);
    return digits;
}

} // namespace

ExpandedCommandScript ExpandedCommandScript::from_commands(std::span<const apdu::CommandApdu> commands,
                                                           bool indefinite) {
    ExpandedCommandScript script;
    script.indefinite = indefinite;
    for (const apdu::CommandApdu& c : commands) {
        script.items.emplace_back(CommandApduTlv::from(c));
    }
    return script;
}

std::vector<apdu::CommandApdu> ExpandedCommandScript::commands() const {
    std::vector<apdu::CommandApdu> out;
    for (const CommandItem& item : items) {
        if (const auto* c = std::get_if<CommandApduTlv>(&item)) {
            out.push_back(c->command());
        }
    }
    return out;
}

Bytes ExpandedCommandScript::encode() const {
    Bytes content;
    for (const CommandItem& item : items) {
        append(content, std::visit(Overloaded{
                                       [](const CommandApduTlv& c) { return ber::encode(tag::c_apdu, c.apdu); },
                                       [](const ImmediateAction& a) { return ber::encode(tag::immediate_action, a.value); },
                                       [](const ErrorAction& a) { return ber::encode(tag::error_action, a.value); },
                                       [](const ScriptChaining& s) {
                                           return ber::encode(tag::script_chaining, Bytes{s.value});
                                       },
                                   },
                                   item));
    }
    return detail::wrap_template(indefinite ? tag::command_script_indefinite : tag::command_script_definite,
                                 indefinite, content);
}

ExpandedCommandScript ExpandedCommandScript::decode(ByteView data) {
    ExpandedCommandScript script;
    read_command_items(data, script);
    return script;
}

ExpandedCommandPrefix decode_expanded_command_prefix(ByteView data) {
    ExpandedCommandPrefix prefix;
    try {
        read_command_items(data, prefix.script);
    } catch (const BadFormatError& e) {
        prefix.bad_format = e.kind();
        prefix.bad_offset = e.offset();
        prefix.reason = e.what();
    }
    return prefix;
}

std::size_t ExpandedResponse::executed_count() const noexcept {
    if (executed) {
        return *executed;
    }
    std::size_t count = 0;
    for (const ResponseItem& item : items) {
        count += std::holds_alternative<ResponseApduTlv>(item) ? 1 : 0;
    }
    return count;
}

const ResponseApduTlv* ExpandedResponse::last_response() const noexcept {
    const ResponseApduTlv* last = nullptr;
    for (const ResponseItem& item : items) {
        if (const auto* r = std::get_if<ResponseApduTlv>(&item)) {
            last = r;
        }
    }
    return last;
}

bool ExpandedResponse::truncated() const noexcept {
    for (const ResponseItem& item : items) {
        if (const auto* r = std::get_if<ResponseApduTlv>(&item); r != nullptr && r->sw == sw_response_truncated) {
            return true;
        }
    }
    return false;
}

Bytes ExpandedResponse::encode() const {
    if (indefinite == executed.has_value()) {
        throw std::invalid_argument(indefinite ? "expanded response: the indefinite form (AF) has no executed count"
                                               : "expanded response: the definite form (AB) needs the executed count");
    }
    Bytes content;
    if (executed) {
        append(content, ber::encode(tag::executed_count, encode_count(*executed)));
    }
    for (const ResponseItem& item : items) {
        append(content, std::visit(Overloaded{
                                       [](const ResponseApduTlv& r) {
                                           Bytes value = r.data;
                                           value.insert(value.end(), {r.sw.sw1(), r.sw.sw2()});
                                           return ber::encode(tag::r_apdu, value);
                                       },
                                       [](const BadFormatTlv& b) {
                                           return ber::encode(tag::bad_format, Bytes{static_cast<std::uint8_t>(b.kind)});
                                       },
                                       [](const ImmediateActionResponse& a) {
                                           return ber::encode(tag::immediate_action, Bytes{a.value});
                                       },
                                       [](const ScriptChainingResponse& s) {
                                           return ber::encode(tag::script_chaining, Bytes{s.value});
                                       },
                                   },
                                   item));
    }
    return detail::wrap_template(indefinite ? tag::response_script_indefinite : tag::response_script_definite,
                                 indefinite, content);
}

ExpandedResponse ExpandedResponse::decode(ByteView data) {
    detail::TemplateReader reader(data, response_context, tag::response_script_definite,
                                  tag::response_script_indefinite);
    ExpandedResponse response;
    response.indefinite = reader.indefinite();
    bool first = true;
    while (const auto item = reader.next()) {
        const bool count_expected = first && !response.indefinite;
        first = false;
        if (count_expected != (item->tag == tag::executed_count)) {
            // Table 5.10: AB starts with the number of executed commands; table 5.10a: AF has none.
            throw BadFormatError(response_context, item->offset, BadFormat::UnknownTag,
                                 count_expected ? "AB must start with the executed count 80"
                                                : "executed count 80 out of place");
        }
        switch (item->tag) {
        case tag::executed_count: {
            if (item->value.empty() || item->value.size() > max_count_octets) {
                throw BadFormatError(response_context, item->length_offset, BadFormat::WrongLength,
                                     "executed count of " + std::to_string(item->value.size()) + " octets");
            }
            std::uint32_t count = 0;
            for (std::uint8_t b : item->value) {
                count = (count << 8) | b;
            }
            response.executed = count;
            break;
        }
        case tag::r_apdu: {
            if (item->value.size() < sw_size) {
                throw BadFormatError(response_context, item->length_offset, BadFormat::WrongLength,
                                     "R-APDU shorter than its status word");
            }
            const std::size_t data_size = item->value.size() - sw_size;
            response.items.emplace_back(ResponseApduTlv{
                value_of(item->value.first(data_size)),
                apdu::StatusWord(item->value[data_size], item->value[data_size + 1])});
            break;
        }
        case tag::bad_format:
            reader.expect_size(*item, 1);
            response.items.emplace_back(BadFormatTlv{static_cast<BadFormat>(item->value[0])});
            break;
        case tag::immediate_action:
            reader.expect_size(*item, 1);
            response.items.emplace_back(ImmediateActionResponse{item->value[0]});
            break;
        case tag::script_chaining:
            reader.expect_size(*item, 1);
            response.items.emplace_back(ScriptChainingResponse{item->value[0]});
            break;
        default:
            throw BadFormatError(response_context, item->offset, BadFormat::UnknownTag,
                                 "tag " + to_hex(ByteView(&item->tag, 1)) + " is not allowed in a response script");
        }
    }
    if (first && !response.indefinite) {
        throw BadFormatError(response_context, 1, BadFormat::WrongLength, "AB without the executed count 80");
    }
    return response;
}

} // namespace euicc::remote
