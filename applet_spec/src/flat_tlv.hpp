// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.2 BER-TLV read one level deep: for command data whose constructed-looking tags carry plain
// values (SGP.02 `F2` keyset ranges, GP `E3`-style lists).
#pragma once

#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>

namespace euicc::card {

/// The consecutive TLVs covering `data`, values kept as bytes (nothing below the first level is parsed: SGP.02's
/// `F2 03 <kvn> <first> <last>` would not parse as BER children). Definite lengths only, up to 4 length bytes.
/// Throws CodecError("TLV", offset).
std::vector<ber::Tlv> flat_tlvs(ByteView data);

} // namespace euicc::card
