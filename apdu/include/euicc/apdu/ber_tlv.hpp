// SPDX-License-Identifier: Apache-2.0
// BER-TLV per ITU-T X.690 §8.1 / ISO/IEC 7816-4 §5.2 (multi-byte tags, long-form lengths, nesting).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::ber {

/// A tag is stored as its encoded bytes read big-endian: 0x5A, 0x7F21, 0xBF22, 0x9F70 (up to 4 bytes).
using Tag = std::uint32_t;

/// b6 of the first tag byte.
bool is_constructed(Tag tag) noexcept;

/// Parsing rules. Default is strict BER: definite lengths only, declared lengths must fit.
struct ParseOptions {
    /// DER: reject non-minimal length encodings (e.g. `81 05`) and leading-zero tag continuation bytes.
    bool der = false;
    /// Allow the indefinite form `80 ... 00 00` (only where a spec says so, e.g. TS 102 226 AE/AF).
    bool allow_indefinite = false;
};

/// One BER-TLV. Owns its value; `children` is filled for constructed tags by parse functions.
struct Tlv {
    Tag tag = 0;
    Bytes value;               ///< the raw value bytes (for constructed tags: the encoded children)
    std::vector<Tlv> children; ///< parsed children of a constructed TLV (empty for primitive ones)
    bool indefinite = false;   ///< it was encoded with the indefinite length form

    bool constructed() const noexcept { return is_constructed(tag); }
    /// First direct child with `tag`, or nullptr.
    const Tlv* find(Tag child) const noexcept;
    /// First direct child with `tag`; throws CodecError("BER-TLV", 0) naming the missing tag.
    const Tlv& at(Tag child) const;

    friend bool operator==(const Tlv&, const Tlv&) = default;
};

/// Parses exactly one TLV covering all of `data` (trailing bytes are an error). Constructed TLVs are
/// parsed recursively. Throws CodecError("BER-TLV", offset).
Tlv parse_one(ByteView data, const ParseOptions& options = {});
/// Parses a concatenation of TLVs covering all of `data`.
std::vector<Tlv> parse_all(ByteView data, const ParseOptions& options = {});

/// Encodes the tag bytes.
Bytes encode_tag(Tag tag);
/// Encodes a length in the shortest (DER) form.
Bytes encode_length(std::size_t length);
/// Encodes tag + length + value (value taken as is, children ignored).
Bytes encode(Tag tag, ByteView value);
/// Encodes a TLV; for constructed TLVs with children, the children are encoded as the value.
Bytes encode(const Tlv& tlv);

/// Low level: a TLV header read from `data` at `offset`.
struct Header {
    Tag tag;
    std::size_t header_length;  ///< bytes of tag + length
    std::size_t value_length;   ///< for indefinite form: content length excluding the 00 00 end mark
    bool indefinite;
};

} // namespace euicc::ber
