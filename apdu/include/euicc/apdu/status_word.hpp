// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.6 / ETSI TS 102 221 §10.2 status words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace euicc::apdu {

/// A strong SW1SW2 value. Any status word is a valid card answer; only callers decide which are errors.
class StatusWord {
public:
    constexpr StatusWord() noexcept = default;
    constexpr explicit StatusWord(std::uint16_t value) noexcept : m_value(value) {}
    constexpr StatusWord(std::uint8_t sw1, std::uint8_t sw2) noexcept
        : m_value(static_cast<std::uint16_t>((sw1 << 8) | sw2)) {}

    constexpr std::uint16_t value() const noexcept { return m_value; }
    constexpr std::uint8_t sw1() const noexcept { return static_cast<std::uint8_t>(m_value >> 8); }
    constexpr std::uint8_t sw2() const noexcept { return static_cast<std::uint8_t>(m_value & 0xFF); }
    /// True when (sw & mask) == (value & mask), e.g. matches(0x6100, 0xFF00) for any 61xx.
    constexpr bool matches(std::uint16_t value, std::uint16_t mask) const noexcept {
        return (m_value & mask) == (value & mask);
    }
    /// Normal processing: 9000, 61xx, 91xx (proactive command pending), 92xx (TS 102 221 §10.2.1.1).
    constexpr bool is_success() const noexcept {
        return m_value == 0x9000 || sw1() == 0x61 || sw1() == 0x91 || sw1() == 0x92;
    }
    /// Warnings 62xx/63xx (ISO 7816-4 §5.6).
    constexpr bool is_warning() const noexcept { return sw1() == 0x62 || sw1() == 0x63; }

    /// "6A82"
    std::string to_string() const;
    /// Human-readable meaning, e.g. "file or application not found".
    std::string_view describe() const noexcept;

    friend constexpr bool operator==(StatusWord, StatusWord) noexcept = default;

private:
    std::uint16_t m_value = 0;
};

namespace sw {
inline constexpr StatusWord ok{0x9000};
inline constexpr StatusWord wrong_length{0x6700};
inline constexpr StatusWord logical_channel_not_supported{0x6881};
inline constexpr StatusWord security_status_not_satisfied{0x6982};
inline constexpr StatusWord conditions_not_satisfied{0x6985};
inline constexpr StatusWord wrong_data{0x6A80};
inline constexpr StatusWord function_not_supported{0x6A81};
inline constexpr StatusWord not_found{0x6A82};
inline constexpr StatusWord not_enough_memory{0x6A84};
inline constexpr StatusWord incorrect_p1p2{0x6A86};
inline constexpr StatusWord referenced_data_not_found{0x6A88};
inline constexpr StatusWord wrong_p1p2{0x6B00};
inline constexpr StatusWord ins_not_supported{0x6D00};
inline constexpr StatusWord cla_not_supported{0x6E00};
inline constexpr StatusWord technical_problem{0x6F00};
} // namespace sw

} // namespace euicc::apdu
