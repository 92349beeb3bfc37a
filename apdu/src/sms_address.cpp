// SPDX-License-Identifier: Apache-2.0
// SMS address codec per 3GPP TS 23.040 §9.1.2.3 / §9.1.2.5 and TS 24.011 §8.2.5.1 (swapped BCD, F filler, 7-bit text).
#include <euicc/apdu/sms_address.hpp>

#include <stdexcept>
#include <string_view>

#include <euicc/apdu/sms_gsm7.hpp>
#include <euicc/error.hpp>

#include "bcd_digits.hpp"

namespace euicc::sms {

namespace {

constexpr std::size_t max_digits = 20;          // §9.1.2.5: the address value is at most 10 octets
constexpr std::size_t max_alphanumeric_septets = 11; // 10 octets = 80 bits
constexpr std::uint8_t extension_bit = 0x80;    // §9.1.2.5: bit 8 of the type-of-address is always 1

// §9.1.2.3: semi-octet values 0-9 are digits, A-E the characters below, F the filler.
constexpr std::string_view semi_octet_chars = "0123456789*#abc";

void check_digits(const std::string& digits) {
    if (digits.size() > max_digits) {
        throw std::invalid_argument("SMS address: " + std::to_string(digits.size()) + " digits (at most 20)");
    }
}

Bytes encode_semi_octets(const std::string& digits) {
    return bcd::encode_swapped(digits, semi_octet_chars, "SMS address");
}

// Alphanumeric length: the semi-octets of the whole octets, unless that announces one septet too many
// (floor(4 * length / 7) septets are read back).
std::size_t alphanumeric_length(std::size_t septets) {
    const std::size_t whole = 2 * gsm7::packed_size(septets);
    return (4 * whole) / 7 > septets ? whole - 1 : whole;
}

std::uint8_t type_octet(Ton ton, Npi npi) {
    return static_cast<std::uint8_t>(extension_bit | (static_cast<unsigned>(ton) << 4) | static_cast<unsigned>(npi));
}

Address from_type_octet(const ByteReader& r, std::size_t at, std::uint8_t toa) {
    if ((toa & extension_bit) == 0) {
        r.fail_at(at, "type-of-address bit 8 is 0");
    }
    Address a;
    a.ton = static_cast<Ton>((toa >> 4) & 0x07);
    a.npi = static_cast<Npi>(toa & 0x0F);
    return a;
}

} // namespace

Address Address::international(std::string digits) {
    return Address{Ton::International, Npi::IsdnTelephone, std::move(digits)};
}

Address Address::alphanumeric(std::string text) { return Address{Ton::Alphanumeric, Npi::Unknown, std::move(text)}; }

std::uint8_t Address::type_of_address() const noexcept { return type_octet(ton, npi); }

Bytes Address::encode_tp() const {
    if (static_cast<unsigned>(ton) > 7 || static_cast<unsigned>(npi) > 15) {
        throw std::invalid_argument("SMS address: TON/NPI out of range");
    }
    Bytes value;
    std::size_t length = 0;
    if (ton == Ton::Alphanumeric) {
        const Bytes septets = gsm7::from_utf8(digits);
        if (septets.size() > max_alphanumeric_septets) {
            throw std::invalid_argument("SMS address: alphanumeric text of " + std::to_string(septets.size()) +
                                        " septets (at most 11)");
        }
        value = gsm7::pack(septets);
        length = alphanumeric_length(septets.size());
    } else {
        check_digits(digits);
        value = encode_semi_octets(digits);
        length = digits.size();
    }
    Bytes out{static_cast<std::uint8_t>(length), type_of_address()};
    append(out, value);
    return out;
}

Address Address::read_tp(ByteReader& r) {
    const std::size_t start = r.offset();
    const std::size_t length = r.u8();
    if (length > max_digits) {
        r.fail_at(start, "address length " + std::to_string(length) + " exceeds 20 semi-octets");
    }
    const std::size_t toa_at = r.offset();
    Address a = from_type_octet(r, toa_at, r.u8());
    const std::size_t value_at = r.offset();
    const ByteView value = r.take((length + 1) / 2);
    if (a.ton == Ton::Alphanumeric) {
        // §9.1.2.5: the length counts semi-octets of packed septets, so floor(4 * length / 7) characters.
        a.digits = gsm7::to_utf8(gsm7::unpack(value, (4 * length) / 7));
    } else {
        a.digits = bcd::decode_swapped(value, length, semi_octet_chars, r.context(), value_at);
    }
    return a;
}

Address Address::decode_tp(ByteView data) {
    ByteReader r(data, "SMS address");
    Address a = read_tp(r);
    r.expect_end();
    return a;
}

Bytes Address::encode_rp() const {
    if (ton == Ton::Alphanumeric) {
        throw std::invalid_argument("SMS address: an alphanumeric address has no RP-layer form");
    }
    check_digits(digits);
    Bytes out{type_of_address()};
    append(out, encode_semi_octets(digits));
    return out;
}

Address Address::decode_rp(ByteView data) {
    ByteReader r(data, "SMS RP address");
    Address a = from_type_octet(r, 0, r.u8());
    if (a.ton == Ton::Alphanumeric) {
        r.fail_at(0, "alphanumeric type of number in an RP address");
    }
    const ByteView value = r.rest();
    if (value.size() * 2 > max_digits) {
        r.fail_at(1, "address value of " + std::to_string(value.size()) + " octets exceeds 10");
    }
    // Without a digit count the filler tells odd from even: F in the high nibble of the last octet.
    a.digits = bcd::decode_swapped(value, bcd::swapped_digit_count(value), semi_octet_chars, r.context(), 1);
    return a;
}

} // namespace euicc::sms
