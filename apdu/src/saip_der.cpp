// SPDX-License-Identifier: Apache-2.0
// Private: DER INTEGER (X.690 §8.3, §10), OBJECT IDENTIFIER (§8.19) and the SAIP PEHeader (PEDefinitions v3.3.1).
#include "saip_detail.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <euicc/error.hpp>

namespace euicc::saip::detail {

namespace {

constexpr ber::Tag tag_mandated = 0x80;
constexpr ber::Tag tag_identification = 0x81;
constexpr std::uint32_t max_uint15 = 32767;

} // namespace

std::uint32_t read_uint(const ber::detail::Located& integer, std::uint32_t max, const char* context_name) {
    const Bytes& v = integer.tlv.value;
    if (v.empty() || v.size() > 5) {
        throw CodecError(context_name, integer.offset, "INTEGER of " + std::to_string(v.size()) + " bytes");
    }
    if ((v[0] & 0x80) != 0) {
        throw CodecError(context_name, integer.offset, "negative INTEGER");
    }
    // X.690 §8.3.2: the first 9 bits are never all 0 (or all 1).
    if (v.size() > 1 && v[0] == 0 && (v[1] & 0x80) == 0) {
        throw CodecError(context_name, integer.offset, "non-minimal INTEGER (DER)");
    }
    std::uint64_t value = 0;
    for (const std::uint8_t b : v) {
        value = (value << 8) | b;
    }
    if (value > max) {
        throw CodecError(context_name, integer.offset,
                         "INTEGER " + std::to_string(value) + " exceeds " + std::to_string(max));
    }
    return static_cast<std::uint32_t>(value);
}

Bytes der_uint(std::uint32_t value) {
    Bytes out;
    for (int shift = 24; shift > 0; shift -= 8) {
        const auto b = static_cast<std::uint8_t>(value >> shift);
        if (b != 0 || !out.empty()) {
            out.push_back(b);
        }
    }
    out.push_back(static_cast<std::uint8_t>(value));
    if ((out[0] & 0x80) != 0) {
        out.insert(out.begin(), std::uint8_t{0}); // keep it positive
    }
    return out;
}

Bytes encode_pe_header(std::uint16_t identification, bool mandated) {
    if (identification > max_uint15) {
        throw std::invalid_argument("PEHeader: identification " + std::to_string(identification) + " over 32767");
    }
    Bytes value;
    if (mandated) {
        append(value, ber::encode(tag_mandated, {}));
    }
    append(value, ber::encode(tag_identification, der_uint(identification)));
    return ber::encode(tag_pe_header, value);
}

PeHeader parse_pe_header(const ber::detail::Located& header) {
    PeHeader out;
    bool have_identification = false;
    for (const auto& field : ber::detail::children_located(header)) {
        if (field.tlv.tag == tag_mandated && !have_identification && !out.mandated) {
            if (!field.tlv.value.empty()) {
                throw CodecError(context, field.offset, "PEHeader mandated is a NULL");
            }
            out.mandated = true;
        } else if (field.tlv.tag == tag_identification && !have_identification) {
            out.identification = static_cast<std::uint16_t>(read_uint(field, max_uint15, context));
            have_identification = true;
        } else {
            throw CodecError(context, field.offset, "unexpected field in PEHeader");
        }
    }
    if (!have_identification) {
        throw CodecError(context, header.offset, "PEHeader without identification");
    }
    return out;
}

Bytes encode_oid(std::string_view dotted) {
    std::vector<std::uint64_t> arcs;
    std::size_t at = 0;
    while (at <= dotted.size()) {
        const std::size_t dot = std::min(dotted.find('.', at), dotted.size());
        std::uint64_t arc = 0;
        const auto [end, error] = std::from_chars(dotted.data() + at, dotted.data() + dot, arc);
        if (error != std::errc() || end != dotted.data() + dot || dot == at) {
            throw std::invalid_argument("OID \"" + std::string(dotted) + "\" is malformed");
        }
        arcs.push_back(arc);
        at = dot + 1;
    }
    // X.690 §8.19.4: the first two arcs share one subidentifier, 40 * first + second.
    if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) || arcs[1] > (1ULL << 32)) {
        throw std::invalid_argument("OID \"" + std::string(dotted) + "\" has invalid first arcs");
    }
    arcs[1] += arcs[0] * 40;
    Bytes out;
    for (std::size_t i = 1; i < arcs.size(); ++i) {
        // §8.19.2: base 128, most significant group first, b8 set on all but the last byte.
        Bytes groups{static_cast<std::uint8_t>(arcs[i] & 0x7F)};
        for (std::uint64_t rest = arcs[i] >> 7; rest != 0; rest >>= 7) {
            groups.insert(groups.begin(), static_cast<std::uint8_t>(0x80 | (rest & 0x7F)));
        }
        append(out, groups);
    }
    return out;
}

std::string decode_oid(ByteView content, const char* context_name, std::size_t base_offset) {
    if (content.empty()) {
        throw CodecError(context_name, base_offset, "empty OBJECT IDENTIFIER");
    }
    std::string out;
    std::uint64_t arc = 0;
    bool first = true;
    for (std::size_t i = 0; i < content.size(); ++i) {
        const std::uint8_t b = content[i];
        if (arc == 0 && b == 0x80) {
            throw CodecError(context_name, base_offset + i, "leading 80 in an OID subidentifier");
        }
        if (arc > (UINT64_MAX >> 7)) {
            throw CodecError(context_name, base_offset + i, "OID subidentifier too large");
        }
        arc = (arc << 7) | (b & 0x7F);
        if ((b & 0x80) != 0) {
            if (i + 1 == content.size()) {
                throw CodecError(context_name, base_offset + i, "OID ends inside a subidentifier");
            }
            continue;
        }
        if (first) {
            const std::uint64_t top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
            out = std::to_string(top) + "." + std::to_string(arc - top * 40);
            first = false;
        } else {
            out += "." + std::to_string(arc);
        }
        arc = 0;
    }
    return out;
}

} // namespace euicc::saip::detail
