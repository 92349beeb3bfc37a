// SPDX-License-Identifier: Apache-2.0
// Private: offsets of parsed BER-TLV objects (ITU-T X.690 §8.1.2 tag, §8.1.3 length field sizes) and
// re-anchoring of CodecError offsets from a sub-buffer to its outer buffer.
#include "tlv_locate.hpp"

namespace euicc::ber::detail {

namespace {

// Size of the tag + length fields of the TLV starting at `at`. The tag is stored as its encoded bytes, so its
// size is exact; the length field size is read back from the buffer (X.690 §8.1.3.5: 8x = 1 + x bytes), which
// keeps the offsets right even for non-minimal BER lengths.
std::size_t header_size(ByteView data, std::size_t at, Tag tag) {
    const std::size_t tag_size = encode_tag(tag).size();
    const std::uint8_t first = data[at + tag_size];
    return tag_size + (first < 0x80 ? 1 : 1 + (first & 0x7F));
}

std::vector<Located> locate(ByteView data, std::size_t base, std::vector<Tlv> tlvs) {
    std::vector<Located> out;
    out.reserve(tlvs.size());
    std::size_t at = 0;
    for (Tlv& tlv : tlvs) {
        Located located;
        located.offset = base + at;
        located.value_offset = located.offset + header_size(data, at, tlv.tag);
        located.tlv = std::move(tlv);
        at = located.end() - base;
        out.push_back(std::move(located));
    }
    return out;
}

} // namespace

std::vector<Located> parse_located(ByteView data, const ParseOptions& options, std::size_t base) {
    return locate(data, base, parse_shifted(base, [&] { return parse_all(data, options); }));
}

std::vector<Located> children_located(const Located& parent) {
    return locate(parent.tlv.value, parent.value_offset, parent.tlv.children);
}

void rethrow_shifted(const CodecError& error, std::size_t shift) {
    throw CodecError(error.context(), error.offset() + shift, error.reason());
}

} // namespace euicc::ber::detail
