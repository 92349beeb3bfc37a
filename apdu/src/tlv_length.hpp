// SPDX-License-Identifier: Apache-2.0
// Private: the BER length field (ITU-T X.690 §8.1.3), shared by BER-TLV and COMPREHENSION-TLV (TS 101 220 §7.1.2).
#pragma once

#include <cstddef>

#include <euicc/apdu/bytes.hpp>

namespace euicc::ber::detail {

struct Length {
    std::size_t value = 0; ///< 0 for the indefinite form
    bool indefinite = false;
};

/// Reads a length field at the reader's position: `00`..`7F`, `81`..`84` long form, `80` indefinite only when
/// `allow_indefinite`. With `der`, non-minimal long forms are rejected. A definite length must fit in the
/// reader's remaining bytes. Errors name the offset of the length field.
Length read_length(ByteReader& reader, bool der, bool allow_indefinite);

} // namespace euicc::ber::detail
