// SPDX-License-Identifier: Apache-2.0
// SMS TPDU fields per 3GPP TS 23.038 §4 (TP-DCS) and TS 23.040 §9.2.3.11/§9.2.3.12 (TP-SCTS, TP-VP).
#include <euicc/apdu/sms_fields.hpp>

#include <stdexcept>
#include <string>

#include <euicc/error.hpp>

#include "bcd_digits.hpp"

namespace euicc::sms {

namespace {

constexpr std::uint8_t tz_sign_bit = 0x08; // §9.2.3.11: bit 3 of the seventh octet

// §9.2.3.11: `tens_mask` drops the bits of the low (tens) nibble that are not digit bits (the TZ sign).
std::uint8_t read_swapped_bcd(ByteReader& r, std::uint8_t tens_mask) {
    const std::size_t at = r.offset();
    const std::uint8_t b = r.u8();
    const auto value = bcd::swapped_byte_value(static_cast<std::uint8_t>(b & (0xF0 | tens_mask)));
    if (!value) {
        r.fail_at(at, "timestamp octet " + to_hex(ByteView(&b, 1)) + " is not BCD");
    }
    return static_cast<std::uint8_t>(*value);
}

} // namespace

DataCoding DataCoding::decode(std::uint8_t dcs) noexcept {
    DataCoding c;
    const unsigned group = dcs >> 4;
    if (group <= 0x7) {
        // 00xx / 01xx: general data coding (01xx additionally marks automatic deletion).
        c.compressed = (dcs & 0x20) != 0;
        if ((dcs & 0x10) != 0) {
            c.message_class = static_cast<std::uint8_t>(dcs & 0x03);
        }
        switch ((dcs >> 2) & 0x03) {
        case 1:
            c.alphabet = Alphabet::Data8;
            break;
        case 2:
            c.alphabet = Alphabet::Ucs2;
            break;
        default: // 00 GSM 7-bit; 11 reserved, read as GSM 7-bit
            c.alphabet = Alphabet::Gsm7;
            break;
        }
    } else if (group == 0xE) {
        c.alphabet = Alphabet::Ucs2; // message waiting indication group, store message, UCS2
    } else if (group == 0xF) {
        c.alphabet = (dcs & 0x04) != 0 ? Alphabet::Data8 : Alphabet::Gsm7;
        c.message_class = static_cast<std::uint8_t>(dcs & 0x03);
    }
    // 1000..1011 reserved and 1100/1101 message waiting groups: GSM 7-bit default alphabet.
    return c;
}

Bytes Timestamp::encode() const {
    for (std::uint8_t v : {year, month, day, hour, minute, second}) {
        if (v > 99) {
            throw std::invalid_argument("SMS timestamp: field value " + std::to_string(v) + " above 99");
        }
    }
    if (utc_offset_quarters < -79 || utc_offset_quarters > 79) {
        throw std::invalid_argument("SMS timestamp: UTC offset of " + std::to_string(utc_offset_quarters) +
                                    " quarter hours outside -79..79");
    }
    const auto magnitude = static_cast<std::uint8_t>(utc_offset_quarters < 0 ? -utc_offset_quarters
                                                                             : utc_offset_quarters);
    std::uint8_t tz = bcd::swapped_byte(magnitude);
    if (utc_offset_quarters < 0) {
        tz = static_cast<std::uint8_t>(tz | tz_sign_bit);
    }
    return Bytes{bcd::swapped_byte(year),   bcd::swapped_byte(month),  bcd::swapped_byte(day),
                 bcd::swapped_byte(hour),   bcd::swapped_byte(minute), bcd::swapped_byte(second), tz};
}

Timestamp Timestamp::read(ByteReader& r) {
    Timestamp t;
    t.year = read_swapped_bcd(r, 0x0F);
    t.month = read_swapped_bcd(r, 0x0F);
    t.day = read_swapped_bcd(r, 0x0F);
    t.hour = read_swapped_bcd(r, 0x0F);
    t.minute = read_swapped_bcd(r, 0x0F);
    t.second = read_swapped_bcd(r, 0x0F);
    const std::uint8_t sign_octet = r.peek();
    const std::uint8_t quarters = read_swapped_bcd(r, 0x07); // the sign bit is not a digit bit
    t.utc_offset_quarters = static_cast<std::int8_t>((sign_octet & tz_sign_bit) != 0 ? -quarters : quarters);
    return t;
}

Timestamp Timestamp::decode(ByteView data) {
    ByteReader r(data, "SCTS");
    Timestamp t = read(r);
    r.expect_end();
    return t;
}

std::uint32_t RelativeValidity::minutes() const noexcept {
    if (value <= 143) {
        return (value + 1u) * 5u;
    }
    if (value <= 167) {
        return 12u * 60u + (value - 143u) * 30u;
    }
    if (value <= 196) {
        return (value - 166u) * 24u * 60u;
    }
    return (value - 192u) * 7u * 24u * 60u;
}

} // namespace euicc::sms
