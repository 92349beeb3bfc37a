// SPDX-License-Identifier: Apache-2.0
// BER-TLV codec per ITU-T X.690 §8.1 / ISO/IEC 7816-4 §5.2 (multi-byte tags, long-form lengths, nesting).
#include <euicc/apdu/ber_tlv.hpp>

#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/error.hpp>

#include "tlv_length.hpp"
#include "tlv_locate.hpp"

namespace euicc::ber {

namespace {

constexpr const char* context = "BER-TLV";
constexpr std::size_t max_tag_bytes = sizeof(Tag);
constexpr std::size_t max_length_bytes = 4; // 84 xx xx xx xx: up to 2^32-1
// Bounds recursion so hostile input (fuzzing, a card's answer) cannot exhaust the stack.
constexpr unsigned max_depth = 32;
constexpr std::uint8_t constructed_bit = 0x20;     // X.690 §8.1.2.5: b6 of the first tag byte
constexpr std::uint8_t tag_number_mask = 0x1F;     // b5..b1 = 11111: tag number continues
constexpr std::uint8_t more_bit = 0x80;            // X.690 §8.1.2.4.2: b8 = another tag byte follows
constexpr std::uint8_t indefinite_length = 0x80;

// The encoded tag bytes, most significant first (no leading zero bytes).
Bytes tag_bytes(Tag tag) {
    Bytes out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        const auto b = static_cast<std::uint8_t>((tag >> shift) & 0xFF);
        if (b != 0 || !out.empty()) {
            out.push_back(b);
        }
    }
    return out;
}

std::string tag_hex(Tag tag) {
    const Bytes b = tag_bytes(tag);
    return b.empty() ? std::string("00") : to_hex(b);
}

class Parser {
public:
    Parser(ByteView data, const ParseOptions& options) : m_data(data), m_options(options) {}

    /// Parses one TLV at the reader's position; the reader spans a prefix of m_data so offsets are absolute.
    /// With Build = false it only checks the encoding (same rules, same errors) and returns an empty Tlv: a
    /// caller that needs the framing checked but not the tree avoids copying every nested value.
    template <bool Build = true>
    Tlv parse_tlv(ByteReader& r, unsigned depth) const {
        const std::size_t start = r.offset();
        if (depth >= max_depth) {
            r.fail_at(start, "nested deeper than " + std::to_string(max_depth) + " levels");
        }
        const Header header = read_header(r);
        Tlv tlv;
        tlv.tag = header.tag;
        tlv.indefinite = header.indefinite;
        if (header.indefinite) {
            // X.690 §8.1.3.6: content is a TLV sequence closed by the end-of-contents octets 00 00.
            const std::size_t content_at = r.offset();
            while (!at_end_of_contents(r)) {
                if (r.remaining() < 2) {
                    r.fail("missing end-of-contents 00 00");
                }
                keep<Build>(tlv, parse_tlv<Build>(r, depth + 1));
            }
            if constexpr (Build) {
                tlv.value.assign(m_data.begin() + static_cast<std::ptrdiff_t>(content_at),
                                 m_data.begin() + static_cast<std::ptrdiff_t>(r.offset()));
            }
            r.take(2);
            return tlv;
        }
        const std::size_t value_at = r.offset();
        const ByteView value = r.take(header.value_length);
        if constexpr (Build) {
            tlv.value.assign(value.begin(), value.end());
        }
        if (tlv.constructed()) {
            ByteReader inner(m_data.first(value_at + value.size()), r.context());
            inner.take(value_at);
            while (!inner.empty()) {
                keep<Build>(tlv, parse_tlv<Build>(inner, depth + 1));
            }
        }
        return tlv;
    }

    /// The header of the TLV at the reader's position, the reader left on its value.
    Header header_at(ByteReader& r) const { return read_header(r); }

private:
    Header read_header(ByteReader& r) const {
        const std::size_t start = r.offset();
        const Tag tag = read_tag(r);
        const std::size_t length_at = r.offset();
        const detail::Length length = detail::read_length(r, m_options.der, m_options.allow_indefinite);
        if (length.indefinite && !is_constructed(tag)) {
            // X.690 §8.1.3.2: the indefinite form is for constructed encodings only.
            r.fail_at(length_at, "indefinite length on primitive tag " + tag_hex(tag));
        }
        return Header{tag, r.offset() - start, length.value, length.indefinite};
    }

    Tag read_tag(ByteReader& r) const {
        const std::size_t start = r.offset();
        const std::uint8_t first = r.u8();
        if (first == 0x00) {
            // ISO/IEC 7816-4 §5.2: 00 (like FF) is padding between objects, never the start of one.
            r.fail_at(start, "tag byte 00 (padding, not a tag)");
        }
        Tag tag = first;
        if ((first & tag_number_mask) != tag_number_mask) {
            return tag;
        }
        std::size_t count = 1;
        std::uint8_t next = 0;
        do {
            if (count == max_tag_bytes) {
                r.fail_at(start, "tag longer than " + std::to_string(max_tag_bytes) + " bytes");
            }
            const std::size_t at = r.offset();
            next = r.u8();
            if (m_options.der && count == 1 && next == more_bit) {
                r.fail_at(at, "leading zero in tag number (DER)");
            }
            tag = (tag << 8) | next;
            ++count;
        } while ((next & more_bit) != 0);
        return tag;
    }

    template <bool Build>
    static void keep(Tlv& parent, Tlv child) {
        if constexpr (Build) {
            parent.children.push_back(std::move(child));
        }
    }

    bool at_end_of_contents(const ByteReader& r) const {
        return r.remaining() >= 2 && m_data[r.offset()] == 0x00 && m_data[r.offset() + 1] == 0x00;
    }

    ByteView m_data;
    const ParseOptions& m_options;
};

} // namespace

namespace detail {

Length read_length(ByteReader& r, bool der, bool allow_indefinite) {
    const std::size_t start = r.offset();
    const std::uint8_t first = r.u8();
    Length length;
    if (first < 0x80) {
        length.value = first;
    } else if (first == indefinite_length) {
        if (!allow_indefinite) {
            r.fail_at(start, "indefinite length not allowed here");
        }
        length.indefinite = true;
        return length;
    } else {
        const std::size_t count = first & 0x7F;
        if (count > max_length_bytes) {
            r.fail_at(start, "length field of " + std::to_string(count) + " bytes unsupported");
        }
        const ByteView digits = r.take(count);
        for (std::uint8_t b : digits) {
            length.value = (length.value << 8) | b;
        }
        // X.690 §10.1 (DER): the shortest form, so 81 only for 128..255, 82 only from 256, ...
        const std::size_t minimum = count == 1 ? 0x80 : std::size_t{1} << (8 * (count - 1));
        if (der && length.value < minimum) {
            r.fail_at(start, "non-minimal length encoding (DER)");
        }
    }
    if (length.value > r.remaining()) {
        r.fail_at(start, "declared length " + std::to_string(length.value) + " exceeds the " +
                             std::to_string(r.remaining()) + " byte(s) left");
    }
    return length;
}

} // namespace detail

bool is_constructed(Tag tag) noexcept {
    while (tag > 0xFF) {
        tag >>= 8;
    }
    return (tag & constructed_bit) != 0;
}

const Tlv* Tlv::find(Tag child) const noexcept {
    for (const Tlv& c : children) {
        if (c.tag == child) {
            return &c;
        }
    }
    return nullptr;
}

const Tlv& Tlv::at(Tag child) const {
    if (const Tlv* c = find(child)) {
        return *c;
    }
    throw CodecError(context, 0, "tag " + tag_hex(child) + " missing in " + tag_hex(tag));
}

Tlv parse_one(ByteView data, const ParseOptions& options) {
    const Parser parser(data, options);
    ByteReader r(data, context);
    Tlv tlv = parser.parse_tlv(r, 0);
    r.expect_end();
    return tlv;
}

std::vector<Tlv> parse_all(ByteView data, const ParseOptions& options) {
    const Parser parser(data, options);
    ByteReader r(data, context);
    std::vector<Tlv> out;
    while (!r.empty()) {
        out.push_back(parser.parse_tlv(r, 0));
    }
    return out;
}

namespace detail {

std::vector<Skimmed> skim_all(ByteView data, const ParseOptions& options, std::size_t base) {
    return parse_shifted(base, [&] {
        const Parser parser(data, options);
        ByteReader r(data, context);
        std::vector<Skimmed> out;
        while (!r.empty()) {
            const std::size_t start = r.offset();
            ByteReader header_reader = r;
            const Header header = parser.header_at(header_reader);
            parser.parse_tlv<false>(r, 0);
            const std::size_t value_at = header_reader.offset();
            // An indefinite TLV's value ends before its end-of-contents octets.
            const std::size_t value_end = header.indefinite ? r.offset() - 2 : r.offset();
            out.push_back(Skimmed{header.tag, base + start, base + value_at, value_end - value_at});
        }
        return out;
    });
}

} // namespace detail

Bytes encode_tag(Tag tag) {
    const Bytes out = tag_bytes(tag);
    if (out.empty()) {
        throw std::invalid_argument("BER tag 00 is not a tag");
    }
    // The tag must read back as itself: a 1F-style first byte needs continuation bytes with b8 set on all
    // but the last one, any other first byte stands alone (X.690 §8.1.2).
    const bool multi = (out[0] & tag_number_mask) == tag_number_mask;
    bool well_formed = multi == (out.size() > 1);
    for (std::size_t i = 1; i < out.size(); ++i) {
        const bool last = i + 1 == out.size();
        well_formed = well_formed && ((out[i] & more_bit) != 0) != last;
    }
    if (!well_formed) {
        throw std::invalid_argument("malformed BER tag " + to_hex(out));
    }
    return out;
}

Bytes encode_length(std::size_t length) {
    if (length < 0x80) {
        return Bytes{static_cast<std::uint8_t>(length)};
    }
    Bytes digits;
    for (std::size_t v = length; v != 0; v >>= 8) {
        digits.insert(digits.begin(), static_cast<std::uint8_t>(v & 0xFF));
    }
    if (digits.size() > max_length_bytes) {
        throw std::invalid_argument("BER length " + std::to_string(length) + " exceeds 2^32-1");
    }
    Bytes out{static_cast<std::uint8_t>(0x80 | digits.size())};
    append(out, digits);
    return out;
}

Bytes encode(Tag tag, ByteView value) {
    Bytes out = encode_tag(tag);
    append(out, encode_length(value.size()));
    append(out, value);
    return out;
}

Bytes encode(const Tlv& tlv) {
    Bytes value;
    if (tlv.constructed() && !tlv.children.empty()) {
        for (const Tlv& child : tlv.children) {
            append(value, encode(child));
        }
    } else {
        value = tlv.value;
    }
    if (!tlv.indefinite) {
        return encode(tlv.tag, value);
    }
    if (!tlv.constructed()) {
        throw std::invalid_argument("indefinite length on primitive BER tag " + tag_hex(tlv.tag));
    }
    Bytes out = encode_tag(tlv.tag);
    out.push_back(indefinite_length);
    append(out, value);
    out.insert(out.end(), {0x00, 0x00}); // X.690 §8.1.5: end-of-contents
    return out;
}

} // namespace euicc::ber
