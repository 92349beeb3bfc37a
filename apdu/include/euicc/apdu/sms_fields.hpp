// SPDX-License-Identifier: Apache-2.0
// SMS TPDU fields per 3GPP TS 23.040 §9.2.3 (TP-PID, TP-SCTS, TP-VP, TP-FCS) and TS 23.038 §4 (TP-DCS).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <variant>

#include <euicc/apdu/bytes.hpp>

namespace euicc::sms {

/// TP-PID values (TS 23.040 §9.2.3.9).
namespace pid {
inline constexpr std::uint8_t default_sme = 0x00;
inline constexpr std::uint8_t me_data_download = 0x7D;
inline constexpr std::uint8_t me_depersonalization = 0x7E;
/// (U)SIM data download: the ME hands the message to the UICC with ENVELOPE SMS-PP download (TS 31.111 §7.1.1).
inline constexpr std::uint8_t usim_data_download = 0x7F;
} // namespace pid

/// TP-DCS values used for OTA (TS 23.038 §4); both mean "class 2 ((U)SIM specific), 8-bit data".
namespace dcs {
inline constexpr std::uint8_t gsm7_default = 0x00;
inline constexpr std::uint8_t class2_8bit = 0xF6;         ///< group 1111: data coding / message class
inline constexpr std::uint8_t class2_8bit_general = 0x16; ///< general data coding group 00
} // namespace dcs

/// TP-FCS values for SIM data download failures (TS 23.040 §9.2.3.22).
namespace fcs {
inline constexpr std::uint8_t usim_storage_full = 0xD0;
inline constexpr std::uint8_t usat_busy = 0xD4;
inline constexpr std::uint8_t usim_data_download_error = 0xD5;
inline constexpr std::uint8_t unspecified = 0xFF;
} // namespace fcs

/// Character set of the user data (TS 23.038 §4).
enum class Alphabet : std::uint8_t { Gsm7, Data8, Ucs2 };

/// What a TP-DCS octet says about the user data.
struct DataCoding {
    Alphabet alphabet = Alphabet::Gsm7;
    bool compressed = false;                  ///< TS 23.042 compression (general data coding groups only)
    std::optional<std::uint8_t> message_class; ///< 0..3 when the DCS carries a class

    /// TS 23.038 §4. Reserved groups and the reserved alphabet 11 are read as the GSM 7-bit default alphabet,
    /// as §4 requires of receivers.
    static DataCoding decode(std::uint8_t dcs) noexcept;
    /// TS 23.040 §9.2.3.16: TP-UDL counts septets for uncompressed GSM 7-bit text, octets otherwise.
    bool udl_in_septets() const noexcept { return alphabet == Alphabet::Gsm7 && !compressed; }

    friend bool operator==(const DataCoding&, const DataCoding&) = default;
};

/// TP-SCTS / absolute TP-VP (TS 23.040 §9.2.3.11): seven swapped-BCD octets. Fields hold the transmitted values
/// (two-digit year); only BCD validity is checked, not the calendar.
struct Timestamp {
    std::uint8_t year = 0;   ///< 0..99
    std::uint8_t month = 0;  ///< as transmitted (1..12 for a real date)
    std::uint8_t day = 0;
    std::uint8_t hour = 0;
    std::uint8_t minute = 0;
    std::uint8_t second = 0;
    /// Difference to GMT in quarters of an hour, -79..+79. The sign is bit 3 of the seventh octet, i.e. the high bit
    /// of its first (low) semi-octet (§9.2.3.11; the digest marks the bit position UNCONFIRMED).
    std::int8_t utc_offset_quarters = 0;

    /// Throws std::invalid_argument for a field above 99 or an offset outside -79..79.
    Bytes encode() const;
    /// Reads seven octets; a semi-octet above 9 is a CodecError at its octet.
    static Timestamp read(ByteReader& reader);
    static Timestamp decode(ByteView data); ///< exactly 7 octets (context "SCTS")

    friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

/// TP-VP relative format (TS 23.040 §9.2.3.12.1): one octet.
struct RelativeValidity {
    std::uint8_t value = 0xA7; ///< A7 = 24 hours
    /// Duration in minutes: 0-143 (v+1)*5, 144-167 12h+(v-143)*30min, 168-196 (v-166) days, 197-255 (v-192) weeks.
    std::uint32_t minutes() const noexcept;

    friend bool operator==(const RelativeValidity&, const RelativeValidity&) = default;
};

/// TP-VP enhanced format (TS 23.040 §9.2.3.12.3): seven octets kept as transmitted.
struct EnhancedValidity {
    std::array<std::uint8_t, 7> octets{};

    friend bool operator==(const EnhancedValidity&, const EnhancedValidity&) = default;
};

/// TP-VP: none (VPF 00), relative (10), enhanced (01) or absolute (11, a Timestamp).
using ValidityPeriod = std::variant<std::monostate, RelativeValidity, EnhancedValidity, Timestamp>;

} // namespace euicc::sms
