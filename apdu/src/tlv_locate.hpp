// SPDX-License-Identifier: Apache-2.0
// Private: BER-TLV objects (ITU-T X.690 §8.1) together with their byte offsets, so that parsers built on ber::Tlv
// can name the offset of a semantically wrong object (a wrong tag, a bad length of a known field), and offsets of
// errors raised while parsing a nested part re-anchored to the outer buffer.
#pragma once

#include <cstddef>
#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/error.hpp>

namespace euicc::ber::detail {

/// A parsed TLV and where it sits in the buffer it was parsed from.
struct Located {
    std::size_t offset = 0;       ///< of the first tag byte
    std::size_t value_offset = 0; ///< of the first value byte
    Tlv tlv;

    std::size_t end() const noexcept { return value_offset + tlv.value.size(); }
};

/// Parses the TLVs covering all of `data` (definite lengths only) as if `data` started at `base` in an outer
/// buffer: result offsets and CodecError offsets ("BER-TLV", base + offset) are outer-buffer offsets.
std::vector<Located> parse_located(ByteView data, const ParseOptions& options = {}, std::size_t base = 0);

/// The direct children of a constructed `parent` with offsets in the same buffer as `parent`.
std::vector<Located> children_located(const Located& parent);

/// Rethrows `error` with its offset moved by `shift` (same context and reason).
[[noreturn]] void rethrow_shifted(const CodecError& error, std::size_t shift);

/// Runs `parse` (a parser of a sub-buffer that starts at `shift` in the outer buffer) so that its CodecErrors name
/// outer-buffer offsets.
template <class Parse>
auto parse_shifted(std::size_t shift, Parse&& parse) -> decltype(parse()) {
    try {
        return parse();
    } catch (const CodecError& error) {
        rethrow_shifted(error, shift);
    }
}

} // namespace euicc::ber::detail
