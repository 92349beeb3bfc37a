// SPDX-License-Identifier: Apache-2.0
// Private: first-octet bits shared by the SMS TPDUs (3GPP TS 23.040 §9.2.3.1 TP-MTI, §9.2.3.17 TP-RP, §9.2.3.23 TP-UDHI).
#pragma once

#include <cstdint>
#include <string>

#include <euicc/apdu/bytes.hpp>

namespace euicc::sms::detail {

constexpr std::uint8_t mti_mask = 0x03;
constexpr std::uint8_t mti_deliver = 0x00; ///< SMS-DELIVER (SC->MS) and SMS-DELIVER-REPORT (MS->SC)
constexpr std::uint8_t mti_submit = 0x01;  ///< SMS-SUBMIT (MS->SC)
constexpr std::uint8_t rp_bit = 0x80;
constexpr std::uint8_t udhi_bit = 0x40;

/// Fails at offset 0 unless the TP-MTI of `first` is `expected`.
inline void check_mti(const ByteReader& r, std::uint8_t first, std::uint8_t expected, const char* name) {
    const unsigned mti = first & mti_mask;
    if (mti != expected) {
        r.fail_at(0, "TP-MTI " + std::to_string(mti >> 1) + std::to_string(mti & 1) + " is not " + name);
    }
}

} // namespace euicc::sms::detail
