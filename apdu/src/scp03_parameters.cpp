// SPDX-License-Identifier: Apache-2.0
// SCP03 keyset rules (GP Amd D v1.1.1 §6.1), the "i" parameter (Table 5-1) and security levels (Table 7-3).
#include <euicc/apdu/scp03.hpp>

#include <stdexcept>
#include <string>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

namespace {

constexpr std::uint8_t i_reserved = 0x80;      // b8: reserved for the OID encoding
constexpr std::uint8_t i_response_mask = 0x60; // b7..b6
constexpr std::uint8_t i_pseudo_random = 0x10; // b5
constexpr std::uint8_t i_s16 = 0x08;           // b4 (Amd D v1.2)
constexpr std::uint8_t i_rfu = 0x07;           // b3..b1
constexpr unsigned i_response_shift = 5;

constexpr std::size_t short_lc_max = 255;

} // namespace

void StaticKeys::validate() const {
    detail::check_aes_key(enc.view(), "Key-ENC");
    detail::check_aes_key(mac.view(), "Key-MAC");
    if (mac.size() != enc.size() || (!dek.empty() && dek.size() != enc.size())) {
        // Amd D §6.1: "a complete key set containing a Key-ENC, a Key-MAC, and a Key-DEK key having the same
        // length".
        throw std::invalid_argument("SCP03: the keys of a keyset must have the same length");
    }
}

IParameter IParameter::decode(std::uint8_t i) {
    const char* context = "SCP03 i parameter";
    if ((i & (i_reserved | i_rfu)) != 0) {
        throw CodecError(context, 0, "reserved/RFU bits set in i = " + to_hex(ByteView(&i, 1)));
    }
    const unsigned response = (i & i_response_mask) >> i_response_shift;
    if (response == 2) {
        throw CodecError(context, 0, "i = " + to_hex(ByteView(&i, 1)) + ": R-ENCRYPTION without R-MAC");
    }
    IParameter out;
    out.pseudo_random_challenge = (i & i_pseudo_random) != 0;
    out.response = static_cast<ResponseSupport>(response);
    out.s16 = (i & i_s16) != 0;
    return out;
}

std::uint8_t IParameter::encode() const noexcept {
    auto i = static_cast<unsigned>(static_cast<unsigned>(response) << i_response_shift);
    if (pseudo_random_challenge) {
        i |= i_pseudo_random;
    }
    if (s16) {
        i |= i_s16;
    }
    return static_cast<std::uint8_t>(i);
}

namespace detail {

IParameter configured_i(std::uint8_t i) {
    IParameter out;
    try {
        out = IParameter::decode(i);
    } catch (const CodecError&) {
        throw std::invalid_argument("SCP03: i = " + to_hex(ByteView(&i, 1)) + " is not in Amd D Table 5-1");
    }
    if (out.s16) {
        throw std::invalid_argument("SCP03: S16 mode (i b4) is not supported");
    }
    return out;
}

} // namespace detail

SecurityLevel security_level_from_p1(std::uint8_t p1) {
    switch (p1) {
    case 0x00:
    case 0x01:
    case 0x03:
    case 0x11:
    case 0x13:
    case 0x33:
        return static_cast<SecurityLevel>(p1);
    default:
        throw CodecError("SCP03 security level", 0, "P1 " + to_hex(ByteView(&p1, 1)) + " is not in Amd D Table 7-3");
    }
}

bool supports(const IParameter& i, SecurityLevel level) noexcept {
    if (has_r_encryption(level)) {
        return i.response == ResponseSupport::RMacREnc;
    }
    if (has_r_mac(level)) {
        return i.response != ResponseSupport::None;
    }
    return true;
}

std::size_t max_short_data(SecurityLevel level) noexcept {
    if (!has_c_mac(level)) {
        return short_lc_max;
    }
    const std::size_t room = short_lc_max - detail::mac_size;
    if (!has_c_decryption(level)) {
        return room;
    }
    // Padding always adds at least one byte: the largest whole-block length that fits, minus the 80 byte.
    return room / detail::block_size * detail::block_size - 1;
}

} // namespace euicc::scp03
