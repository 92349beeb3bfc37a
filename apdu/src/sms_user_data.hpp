// SPDX-License-Identifier: Apache-2.0
// Private: TP-UDL / TP-UD coding shared by the TPDUs (3GPP TS 23.040 §9.2.3.16, §9.2.3.24; TS 23.038 §6.1.2.1).
#pragma once

#include <cstdint>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/sms_tpdu.hpp>

namespace euicc::sms::detail {

/// Appends TP-UDL and TP-UD for `dcs`. Throws std::invalid_argument when the user data exceeds 140 octets
/// (160 septets) or a GSM 7-bit body holds a value above 7F.
void write_user_data(Bytes& out, const UserData& user_data, std::uint8_t dcs);

/// Reads TP-UDL and TP-UD at the reader's position. `tpdu` is the buffer the reader walks, so errors inside the
/// header keep absolute offsets. The caller checks for trailing bytes.
UserData read_user_data(ByteReader& reader, ByteView tpdu, std::uint8_t dcs, bool udhi);

} // namespace euicc::sms::detail
