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

/// Where a TLV sits, without its value copied.
struct Skimmed {
    Tag tag = 0;
    std::size_t offset = 0;       ///< of the first tag byte
    std::size_t value_offset = 0; ///< of the first value byte
    std::size_t value_length = 0; ///< for the indefinite form: up to, not including, the end-of-contents octets

    std::size_t end() const noexcept { return value_offset + value_length; }
};

/// The top-level TLVs covering all of `data`, every nested level checked exactly as parse_all checks it (same
/// errors, "BER-TLV" offsets relative to `data`), but no value copied and no tree built: for large structures
/// (a SAIP package) whose inner objects the caller reads only in part. Offsets in the result are base + offset.
std::vector<Skimmed> skim_all(ByteView data, const ParseOptions& options = {}, std::size_t base = 0);

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
