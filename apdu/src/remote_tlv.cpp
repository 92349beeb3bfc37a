// SPDX-License-Identifier: Apache-2.0
// TLV walking for TS 102 226 §5.2 scripting templates; faults classified per table 5.12 (tag, length, missing length).
#include "remote_tlv.hpp"

#include <euicc/apdu/ber_tlv.hpp>

namespace euicc::remote::detail {

namespace {

constexpr std::uint8_t indefinite_length = 0x80;
constexpr std::size_t max_length_octets = 4;

std::string hex_byte(std::uint8_t b) { return to_hex(ByteView(&b, 1)); }

void expect_template_end(const ByteReader& r) {
    if (!r.empty()) {
        bad_format(r, r.offset(), BadFormat::WrongLength,
                   std::to_string(r.remaining()) + " byte(s) after the end of the template");
    }
}

// Reads a definite BER length (X.690 §8.1.3, long forms up to 4 octets; non-minimal forms accepted).
std::size_t read_definite_length(ByteReader& r, const std::string& what) {
    const std::size_t at = r.offset();
    if (r.empty()) {
        bad_format(r, at, BadFormat::LengthNotFound, what + " has no length");
    }
    const std::uint8_t first = r.u8();
    std::size_t length = first;
    if (first == indefinite_length) {
        bad_format(r, at, BadFormat::WrongLength, what + " has the indefinite length form");
    }
    if (first > indefinite_length) {
        const std::size_t count = first & 0x7F;
        if (count > max_length_octets) {
            bad_format(r, at, BadFormat::WrongLength, what + " has a " + std::to_string(count) + "-octet length");
        }
        if (r.remaining() < count) {
            bad_format(r, at, BadFormat::LengthNotFound, what + " length field is cut off");
        }
        length = 0;
        for (std::uint8_t b : r.take(count)) {
            length = (length << 8) | b;
        }
    }
    if (length > r.remaining()) {
        bad_format(r, at, BadFormat::WrongLength,
                   what + " length " + std::to_string(length) + " exceeds the " + std::to_string(r.remaining()) +
                       " octet(s) left");
    }
    return length;
}

} // namespace

void bad_format(const ByteReader& r, std::size_t offset, BadFormat kind, const std::string& reason) {
    throw BadFormatError(r.context(), offset, kind, reason);
}

TemplateReader::TemplateReader(ByteView data, const char* context, std::uint8_t definite_tag,
                               std::uint8_t indefinite_tag)
    : m_data(data), m_reader(data, context) {
    if (m_reader.empty()) {
        bad_format(m_reader, 0, BadFormat::UnknownTag, "empty input, no template tag");
    }
    const std::uint8_t tag = m_reader.u8();
    if (tag == indefinite_tag) {
        // Tables 5.2a/5.10a: this tag is the indefinite-length coding, always `80 ... 00 00`.
        if (m_reader.empty() || m_reader.peek() != indefinite_length) {
            bad_format(m_reader, 1, BadFormat::WrongLength,
                       "template " + hex_byte(tag) + " needs the indefinite length 80");
        }
        m_reader.u8();
        m_indefinite = true;
        return;
    }
    if (tag != definite_tag) {
        bad_format(m_reader, 0, BadFormat::UnknownTag,
                   "tag " + hex_byte(tag) + " is not a template (" + hex_byte(definite_tag) + " or " +
                       hex_byte(indefinite_tag) + ")");
    }
    const std::size_t length = read_definite_length(m_reader, "template " + hex_byte(tag));
    m_end = m_reader.offset() + length;
}

std::optional<Item> TemplateReader::next() {
    ByteReader& r = m_reader;
    if (m_indefinite) {
        if (r.remaining() >= 2 && m_data[r.offset()] == 0x00 && m_data[r.offset() + 1] == 0x00) {
            r.take(2); // X.690 §8.1.5 end-of-contents
            expect_template_end(r);
            return std::nullopt;
        }
        if (r.empty() || (r.remaining() == 1 && r.peek() == 0x00)) {
            bad_format(r, r.offset(), BadFormat::LengthNotFound, "end-of-contents 00 00 missing");
        }
    } else if (r.offset() == m_end) {
        expect_template_end(r);
        return std::nullopt;
    }
    Item item;
    item.offset = r.offset();
    item.tag = r.u8();
    switch (item.tag) {
    case tag::c_apdu:
    case tag::r_apdu:
    case tag::executed_count:
    case tag::immediate_action:
    case tag::error_action:
    case tag::script_chaining:
    case tag::bad_format:
        break;
    default:
        bad_format(r, item.offset, BadFormat::UnknownTag, "unknown tag " + hex_byte(item.tag));
    }
    item.length_offset = r.offset();
    // Inside a definite template the item must also end within the template's value.
    ByteReader bounded(m_data.first(m_indefinite ? m_data.size() : m_end), r.context());
    bounded.take(r.offset());
    const std::size_t length = read_definite_length(bounded, "tag " + hex_byte(item.tag));
    item.value = bounded.take(length);
    r.take(bounded.offset() - r.offset());
    return item;
}

void TemplateReader::expect_size(const Item& item, std::size_t size) const {
    if (item.value.size() != size) {
        bad_format(m_reader, item.length_offset, BadFormat::WrongLength,
                   "tag " + hex_byte(item.tag) + " has " + std::to_string(item.value.size()) + " value octet(s), not " +
                       std::to_string(size));
    }
}

Bytes wrap_template(std::uint8_t tag, bool indefinite, const Bytes& content) {
    if (!indefinite) {
        return ber::encode(tag, content);
    }
    Bytes out{tag, indefinite_length};
    append(out, content);
    out.insert(out.end(), {0x00, 0x00});
    return out;
}

} // namespace euicc::remote::detail
