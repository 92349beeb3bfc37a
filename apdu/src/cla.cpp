// SPDX-License-Identifier: Apache-2.0
// CLA byte and logical channels 0..19 per ISO/IEC 7816-4 §5.4.1 / ETSI TS 102 221 §10.1.1 (spec/iso7816.md §4).
#include <euicc/apdu/cla.hpp>

#include <optional>
#include <stdexcept>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/error.hpp>

namespace euicc::apdu {

namespace {

enum class Layout { First, Further };

// First interindustry layout (channels 0-3).
constexpr std::uint8_t first_channel_mask = 0x03; // b2..b1
constexpr std::uint8_t first_sm_mask = 0x0C;      // b4..b3
constexpr std::uint8_t first_sm_header_not_authenticated = 0x08; // b4..b3 = 10
// Further interindustry layout (channels 4-19).
constexpr std::uint8_t further_channel_mask = 0x0F; // b4..b1 = channel - 4
constexpr std::uint8_t further_sm = 0x20;           // b6
constexpr std::uint8_t further_iso_base = 0x40;     // b8..b7 = 01
constexpr std::uint8_t further_etsi_base = 0xC0;    // b8..b7 = 11
// b5 means command chaining in both layouts (first layout: ISO class 0X only).
constexpr std::uint8_t chaining = 0x10;

std::string cla_hex(std::uint8_t cla) { return to_hex(ByteView(&cla, 1)); }

// Which layout a CLA uses, by the digest's bit tables: first = 0X (ISO), 1X (ISO with chaining), 8X (ETSI),
// AX (GSM); further = b8..b7 in {01, 11}, i.e. 4X-7X (ISO) and CX-FX (ETSI), except FF which ISO/IEC 7816-3
// reserves for PPS. 2X/3X are RFU and 9X/BX carry no chaining bit in any layout we know.
std::optional<Layout> layout_of(std::uint8_t cla) noexcept {
    switch (cla >> 4) {
    case 0x0:
    case 0x1:
    case 0x8:
    case 0xA:
        return Layout::First;
    default:
        break;
    }
    if ((cla & 0x40) != 0 && cla != 0xFF) {
        return Layout::Further;
    }
    return std::nullopt;
}

bool is_etsi(std::uint8_t cla) noexcept { return (cla & 0x80) != 0; }

std::uint8_t to_first_layout(std::uint8_t cla, unsigned channel) {
    if (layout_of(cla) == Layout::First) {
        return static_cast<std::uint8_t>((cla & ~first_channel_mask) | channel);
    }
    // Further -> first: the class follows b8; SM b6 becomes "10" (header not authenticated), the only
    // indication the further layout carries; chaining survives on the ISO class only.
    std::uint8_t out = is_etsi(cla) ? 0x80 : 0x00;
    if (!is_etsi(cla)) {
        out |= cla & chaining;
    }
    if ((cla & further_sm) != 0) {
        out |= first_sm_header_not_authenticated;
    }
    return static_cast<std::uint8_t>(out | channel);
}

std::uint8_t to_further_layout(std::uint8_t cla, unsigned channel) {
    const auto number = static_cast<std::uint8_t>(channel - 4);
    std::uint8_t out = 0;
    if (layout_of(cla) == Layout::Further) {
        out = static_cast<std::uint8_t>((cla & ~further_channel_mask) | number);
    } else {
        if ((cla >> 4) == 0xA) {
            throw std::invalid_argument("CLA " + cla_hex(cla) + " (GSM class) cannot address channel " +
                                        std::to_string(channel));
        }
        // First -> further: SM "10"/"11" map to b6; "01" (proprietary) has no further-layout coding.
        out = is_etsi(cla) ? further_etsi_base : further_iso_base;
        out |= cla & chaining;
        if ((cla & first_sm_mask) >= first_sm_header_not_authenticated) {
            out |= further_sm;
        }
        out |= number;
    }
    if (out == 0xFF) {
        throw std::invalid_argument("CLA " + cla_hex(cla) + " on channel " + std::to_string(channel) +
                                    " would be FF (invalid CLA)");
    }
    return out;
}

} // namespace

std::uint8_t cla_with_channel(std::uint8_t cla, unsigned channel) {
    if (channel > max_logical_channel) {
        throw std::invalid_argument("logical channel " + std::to_string(channel) + " outside 0..19");
    }
    if (!layout_of(cla)) {
        throw std::invalid_argument("CLA " + cla_hex(cla) + " has no logical channel coding");
    }
    return channel < 4 ? to_first_layout(cla, channel) : to_further_layout(cla, channel);
}

unsigned channel_of_cla(std::uint8_t cla) {
    const auto layout = layout_of(cla);
    if (!layout) {
        throw CodecError("CLA", 0, "CLA " + cla_hex(cla) + " has no logical channel coding");
    }
    return *layout == Layout::First ? cla & first_channel_mask : 4u + (cla & further_channel_mask);
}

} // namespace euicc::apdu
