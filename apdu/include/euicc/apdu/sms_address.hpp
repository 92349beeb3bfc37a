// SPDX-License-Identifier: Apache-2.0
// SMS addresses per 3GPP TS 23.040 §9.1.2.5 (TP-OA/TP-DA) and TS 24.011 §8.2.5 (RP layer, CAT address TLV value).
#pragma once

#include <cstdint>
#include <string>

#include <euicc/apdu/bytes.hpp>

namespace euicc::sms {

/// Type of number, bits 7..5 of the type-of-address octet (TS 23.040 §9.1.2.5).
enum class Ton : std::uint8_t {
    Unknown = 0,
    International = 1,
    National = 2,
    NetworkSpecific = 3,
    Subscriber = 4,
    Alphanumeric = 5, ///< the value is GSM 7-bit packed text (TS 23.038)
    Abbreviated = 6,
    Reserved = 7,
};

/// Numbering plan identification, bits 4..1 of the type-of-address octet. Values without a name are kept as is.
enum class Npi : std::uint8_t {
    Unknown = 0,
    IsdnTelephone = 1, ///< E.164/E.163
    Data = 3,          ///< X.121
    Telex = 4,
    ServiceCentreSpecific5 = 5,
    ServiceCentreSpecific6 = 6,
    National = 8,
    Private = 9,
    Ermes = 10,
    Reserved = 15,
};

/// An SMS address. For Ton::Alphanumeric, `digits` holds the text (UTF-8 of GSM 7-bit characters, at most 11
/// septets); otherwise the semi-octet digits "0"-"9", "*", "#", "a", "b", "c" (TS 23.040 §9.1.2.3; decoding gives
/// lower case, encoding takes either case), at most 20 of them.
struct Address {
    Ton ton = Ton::Unknown;
    Npi npi = Npi::IsdnTelephone;
    std::string digits;

    /// International E.164 number ("+" not included): TOA 91.
    static Address international(std::string digits);
    /// Alphanumeric sender name: TOA D0.
    static Address alphanumeric(std::string text);

    /// The type-of-address octet: 1 TON NPI (bit 8 is always 1).
    std::uint8_t type_of_address() const noexcept;

    /// TP-OA / TP-DA form: address-length (useful semi-octets), type-of-address, value. Alphanumeric lengths count
    /// the semi-octets of the whole octets used ("ekit" -> 08, as a real SMSC sent it) unless that would announce one
    /// septet more than there is (7 characters -> 0D). Throws std::invalid_argument for digits outside the set,
    /// more than 20 digits, or text that is not GSM 7-bit or longer than 11 septets.
    Bytes encode_tp() const;
    /// Reads a TP-OA / TP-DA at the reader's position; errors carry the reader's context and absolute offset.
    /// Rejects a length above 20, type-of-address bit 8 = 0, a filler other than F, and F inside the digits.
    static Address read_tp(ByteReader& reader);
    /// Decodes exactly one TP address covering `data` (context "SMS address").
    static Address decode_tp(ByteView data);

    /// RP-layer / CAT form (TS 24.011 §8.2.5.1, TS 102 223 §8.1): type-of-address and BCD value, no length prefix;
    /// an odd digit count ends in an F filler. Throws std::invalid_argument for alphanumeric addresses.
    Bytes encode_rp() const;
    /// Decodes the RP form covering all of `data` (context "SMS RP address").
    static Address decode_rp(ByteView data);

    friend bool operator==(const Address&, const Address&) = default;
};

} // namespace euicc::sms
