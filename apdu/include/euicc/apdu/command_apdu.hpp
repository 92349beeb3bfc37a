// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.1 / 7816-3 §12.1: command APDU, cases 1-4, short and extended length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <euicc/apdu/bytes.hpp>

namespace euicc::apdu {

/// A command APDU. `ne` is the expected response length Ne (1..65536); absent for cases 1 and 3.
/// Invariants (checked by the constructor, std::invalid_argument otherwise): data size <= 65535, Ne in 1..65536.
class CommandApdu {
public:
    CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, Bytes data = {},
                std::optional<std::uint32_t> ne = std::nullopt);

    /// Parses a complete C-APDU (ISO 7816-4 §5.1 decision rules: 4 -> case 1; 5 -> 2S; byte 5 = 00 with
    /// more bytes -> extended; else Lc). Throws CodecError("C-APDU", offset) on anything malformed,
    /// including Lc = 0 and short/extended mixing.
    static CommandApdu parse(ByteView raw);

    /// Short form when Lc <= 255 and Ne <= 256 (and extended() is false), extended form otherwise.
    Bytes encode() const;

    std::uint8_t cla() const noexcept { return m_cla; }
    std::uint8_t ins() const noexcept { return m_ins; }
    std::uint8_t p1() const noexcept { return m_p1; }
    std::uint8_t p2() const noexcept { return m_p2; }
    const Bytes& data() const noexcept { return m_data; }
    std::optional<std::uint32_t> ne() const noexcept { return m_ne; }

    /// ISO 7816-3 case 1..4.
    int apdu_case() const noexcept;
    /// True when encode() produces the extended form (sizes demand it, or it was parsed/forced extended).
    bool extended() const noexcept;
    /// Forces the extended encoding even for small sizes (round-trips a parsed extended APDU byte-exactly).
    void set_extended(bool forced) noexcept { m_force_extended = forced; }

    /// Copies with one field replaced.
    CommandApdu with_cla(std::uint8_t cla) const;
    CommandApdu with_ne(std::optional<std::uint32_t> ne) const;

    friend bool operator==(const CommandApdu&, const CommandApdu&) = default;

private:
    std::uint8_t m_cla, m_ins, m_p1, m_p2;
    Bytes m_data;
    std::optional<std::uint32_t> m_ne;
    bool m_force_extended = false;
};

} // namespace euicc::apdu
