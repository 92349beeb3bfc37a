// SPDX-License-Identifier: Apache-2.0
// SMS user data header per 3GPP TS 23.040 §9.2.3.24 with IEIs 00/08 (concatenation) and 70/71 (TS 31.115 §4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::sms {

/// Information element identifiers (TS 23.040 §9.2.3.24 table; 70/71 from TS 31.115 §4).
namespace iei {
inline constexpr std::uint8_t concatenated_8bit = 0x00;  ///< ref(1) total(1) seq(1)
inline constexpr std::uint8_t port_8bit = 0x04;          ///< destination(1) originator(1)
inline constexpr std::uint8_t port_16bit = 0x05;         ///< destination(2) originator(2)
inline constexpr std::uint8_t concatenated_16bit = 0x08; ///< ref(2) total(1) seq(1)
inline constexpr std::uint8_t command_packet = 0x70;     ///< (U)SIM toolkit Command Packet Identifier (CPI)
inline constexpr std::uint8_t response_packet = 0x71;    ///< (U)SIM toolkit Response Packet Identifier (RPI)
} // namespace iei

/// One information element: IEI, and IED of IEDL bytes.
struct InformationElement {
    std::uint8_t iei = 0;
    Bytes data;

    friend bool operator==(const InformationElement&, const InformationElement&) = default;
};

/// The concatenation IE content (IEI 00 or 08). Values as transmitted: total/sequence 0 or sequence > total
/// are not rejected here (TS 23.040 says receivers ignore such an IE; the Reassembler rejects it).
struct Concatenation {
    std::uint16_t reference = 0;
    bool sixteen_bit = false; ///< IEI 08 (16-bit reference) instead of 00
    std::uint8_t total = 0;
    std::uint8_t sequence = 0;

    InformationElement to_element() const;

    friend bool operator==(const Concatenation&, const Concatenation&) = default;
};

/// A user data header: the IEs in transmission order. Encoding adds the UDHL octet.
struct Udh {
    std::vector<InformationElement> elements;

    /// Last IE with `id`, or nullptr. §9.2.3.24: a repeated non-repeatable IE counts by its last occurrence.
    const InformationElement* find(std::uint8_t id) const noexcept;
    bool has(std::uint8_t id) const noexcept { return find(id) != nullptr; }
    bool command_packet() const noexcept { return has(iei::command_packet); }
    bool response_packet() const noexcept { return has(iei::response_packet); }
    /// The last concatenation IE (00 or 08), which per §9.2.3.24 wins over earlier mutually exclusive ones.
    std::optional<Concatenation> concatenation() const;
    /// Index of that concatenation IE in `elements`.
    std::optional<std::size_t> concatenation_index() const noexcept;

    /// Offset of the IED of element `index`, counted from the UDHL octet (offset 0 of the UD). Throws
    /// std::invalid_argument for an index past the end.
    std::size_t data_offset(std::size_t index) const;
    /// Encoded size including the UDHL octet.
    std::size_t encoded_size() const noexcept;

    /// UDHL followed by the IEs. Throws std::invalid_argument when an IE exceeds 255 bytes or the header 255.
    Bytes encode() const;
    /// Reads UDHL and the IEs at the reader's position, IE by IE in any order. Rejects IEs that run past the
    /// UDHL, and concatenation IEs whose IEDL is not 3 (00) or 4 (08).
    static Udh read(ByteReader& reader);
    /// Splits a TP-UD that starts with a header into the header and the rest (context "UDH").
    static Udh decode(ByteView user_data, ByteView* rest = nullptr);

    friend bool operator==(const Udh&, const Udh&) = default;
};

} // namespace euicc::sms
