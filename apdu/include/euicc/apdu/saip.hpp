// SPDX-License-Identifier: Apache-2.0
// TCA/SIMalliance eUICC Profile Package (SAIP, ASN.1 module PEDefinitions v3.3.1): walking a DER package, the
// ProfileHeader, the EF.ICCID cross-check, SCP03t download segments, EUICCResponse and a small generator
// (digest: spec/saip.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/secret_bytes.hpp>

/// A package is the plain concatenation of DER-encoded ProfileElement CHOICE values, no outer wrapper (saip.md §1).
/// Parsers throw CodecError with the byte offset in the package: context "SAIP" for the package structure and the
/// EF.ICCID check, "ProfileHeader" for header fields, "EUICCResponse" for responses; DER framing faults come from
/// the BER parser as CodecError("BER-TLV", offset).
namespace euicc::saip {

// ---------------------------------------------------------------------------------------------------------------
// Walking a package

/// One ProfileElement of a package.
struct ProfileElement {
    ber::Tag tag = 0;
    std::string_view type;     ///< ASN.1 CHOICE name: "header", "mf", "pinCodes", ...; "unknown" for later tags
    std::size_t offset = 0;    ///< of the tag byte in the package
    std::size_t value_length = 0;
    Bytes raw;                 ///< the whole TLV, as it appears in the package
    std::optional<std::uint16_t> identification; ///< PEHeader identification (absent for the header and rfu PEs)
    bool mandated = false;                        ///< PEHeader mandated flag

    friend bool operator==(const ProfileElement&, const ProfileElement&) = default;
};

/// The CHOICE name of a PE tag (saip.md §2: A0 header ... AA end, B0 mf ... BF21 opt-iot), "unknown" otherwise.
/// The returned view refers to static storage.
std::string_view type_name(ber::Tag tag) noexcept;

/// Splits `package` into its PEs. Checks DER framing, that every top-level tag is a context-specific constructed
/// CHOICE tag, and that every known PE (except the header and rfu1..5) starts with a well-formed PEHeader.
/// PE order is not checked here (read_header wants the header first). Throws CodecError("SAIP", offset).
std::vector<ProfileElement> walk(ByteView package);

// ---------------------------------------------------------------------------------------------------------------
// ProfileHeader (saip.md §3)

/// ServicesList flags; the value is the flag's context tag in A5.
enum class Service : std::uint8_t {
    Contactless = 0x80, Usim = 0x81, Isim = 0x82, Csim = 0x83, Milenage = 0x84, Tuak128 = 0x85, Cave = 0x86,
    GbaUsim = 0x87, GbaIsim = 0x88, Mbms = 0x89, Eap = 0x8A, Javacard = 0x8B, Multos = 0x8C, MultipleUsim = 0x8D,
    MultipleIsim = 0x8E, MultipleCsim = 0x8F, Tuak256 = 0x90, UsimTestAlgorithm = 0x91, BerTlv = 0x92,
    DfLink = 0x93, CatTp = 0x94, GetIdentity = 0x95, ProfileAX25519 = 0x96, ProfileBP256 = 0x97,
    SuciCalculatorApi = 0x98, DnsResolution = 0x99, Scp11ac = 0x9A, Scp11cAuthorizationMechanism = 0x9B,
    S16Mode = 0x9C, Eaka = 0x9D,
};
/// The ASN.1 name ("usim", "usim-test-algorithm", ...), "unknown" for other values.
std::string_view to_string(Service service) noexcept;

/// File-system template OIDs (prefix 2.23.143.1.2, saip.md §3).
inline constexpr std::string_view template_mf = "2.23.143.1.2.1";
inline constexpr std::string_view template_adf_usim = "2.23.143.1.2.4";

struct ProfileHeader {
    std::uint8_t major_version = 2;                 ///< 80
    std::uint8_t minor_version = 3;                 ///< 81
    std::optional<std::string> profile_type;        ///< 82 (UTF-8)
    std::string iccid;                              ///< 83: 10 bytes plain BCD, F-padded; here as digits
    std::optional<Bytes> pol;                       ///< 84 POL1 rules
    std::vector<Service> mandatory_services;        ///< A5
    std::vector<std::string> mandatory_gfste;       ///< A6: dotted OIDs ("2.23.143.1.2.1")
    std::optional<Bytes> connectivity_parameters;   ///< 87
    std::vector<ber::Tlv> other;                    ///< A8, A9 and later fields, kept in order

    friend bool operator==(const ProfileHeader&, const ProfileHeader&) = default;
};

/// Parses one header PE (exactly one `A0` TLV). Fields 80, 81, 83, A5 and A6 are mandatory.
/// Throws CodecError("ProfileHeader", offset in `header_element`).
ProfileHeader parse_header(ByteView header_element);
/// The header of a walked package; it must be the first PE. Offsets are package offsets.
ProfileHeader read_header(const std::vector<ProfileElement>& elements);
/// DER encoding (fields in ASN.1 order, `other` after 87). Throws std::invalid_argument for an ICCID that is not
/// 1..20 digits, a profile type outside 1..100 bytes or a malformed OID.
Bytes encode_header(const ProfileHeader& header);

// ---------------------------------------------------------------------------------------------------------------
// EF.ICCID (saip.md §5: the MF PE's ef-iccid A4, fillFileContent 83, nibble-swapped BCD)

/// The ICCID written into EF.ICCID by the first `mf` PE (fillFileOffset/fillFileContent applied in order).
/// Throws CodecError("SAIP", offset) when there is no mf PE, no ef-iccid content, or fewer than 10 bytes of it.
std::string read_ef_iccid(const std::vector<ProfileElement>& elements);
/// Checks that EF.ICCID equals the header ICCID and returns it. Throws CodecError("SAIP", offset of the EF.ICCID
/// content) naming both values when they differ.
std::string check_iccid(const std::vector<ProfileElement>& elements);

// ---------------------------------------------------------------------------------------------------------------
// Download segments (saip.md §9.1)

/// SGP.02 v4.2 §4.1.3.3: the eUICC accepts segments of at least 1024 bytes including tag and length. An SCP03t
/// `86` TLV with a 3-byte length and an 8-byte MAC leaves 1012 bytes for ciphertext, i.e. 1008 after rounding
/// down to whole AES blocks, and the padding always adds at least the 80 byte: 1007 plaintext bytes per segment.
inline constexpr std::size_t max_segment_size = 1007;

struct SegmentOptions {
    std::size_t max_size = max_segment_size;
    /// false: cut every max_size bytes (fewest segments; the ISD-P reassembles across segments anyway).
    /// true: pack whole PEs into segments and cut only PEs larger than max_size.
    bool align_to_elements = false;
};

/// The plaintext segments of `package` (each becomes one SCP03t `86` TLV once encrypted and MACed by SCP03).
/// Concatenated they give back `package`. The package is walked first, so a malformed one throws CodecError.
/// Throws std::invalid_argument for max_size 0.
std::vector<Bytes> segment(ByteView package, const SegmentOptions& options = {});
/// The same from a package already walked (`elements` = walk(package)), so a caller that checked the package
/// does not walk it a second time.
std::vector<Bytes> segment(const std::vector<ProfileElement>& elements, ByteView package,
                           const SegmentOptions& options = {});

// ---------------------------------------------------------------------------------------------------------------
// EUICCResponse (saip.md §7)

struct PeStatus {
    std::uint32_t status = 0;                          ///< 0 ok, 1 pe-not-supported, ... (status_name)
    std::optional<std::uint16_t> identification;       ///< of the failing PE
    std::optional<std::uint8_t> additional_information;
    std::optional<std::uint32_t> offset;               ///< inside the failing PE

    friend bool operator==(const PeStatus&, const PeStatus&) = default;
};

struct EuiccResponse {
    std::vector<PeStatus> pe_status;
    bool installation_aborted = false;
    std::optional<std::string> status_message;

    /// No PE reported a non-zero status and the installation was not aborted.
    bool ok() const noexcept;
    friend bool operator==(const EuiccResponse&, const EuiccResponse&) = default;
};

/// "ok", "bad-values", ... for the codes of saip.md §7; "iso-sw" / "proprietary" for the SW and private ranges.
std::string_view status_name(std::uint32_t status) noexcept;
/// Parses exactly one EUICCResponse. Throws CodecError("EUICCResponse", offset).
EuiccResponse parse_euicc_response(ByteView data);
/// Parses zero or more concatenated EUICCResponses (njiwa decodes 0..n per SCP03t response segment).
std::vector<EuiccResponse> parse_euicc_responses(ByteView data);
Bytes encode_euicc_response(const EuiccResponse& response);

// ---------------------------------------------------------------------------------------------------------------
// Generator

/// A small package: header, mf with EF.ICCID, optionally a usim PE (EF.IMSI, EF.ACC, the USIM ADF) and a Milenage
/// akaParameter, and end. All PEs mandated, numbered from 1. It is structurally valid and parses back with
/// walk/read_header/check_iccid; it is not a complete operational profile (no PIN/PUK, no MNO-SD, template
/// defaults for every other file).
struct GeneratorParams {
    std::string iccid;                        ///< 18..20 digits (ITU-T E.118), written to the header and EF.ICCID
    std::string profile_type = "euicc-host generated profile";
    std::optional<std::string> imsi;          ///< 6..15 digits: adds the usim PE
    SecretBytes ki;                           ///< 16 bytes: adds akaParameter (Milenage); needs imsi and opc
    SecretBytes opc;                          ///< 16 bytes
    std::uint8_t major_version = 2;
    std::uint8_t minor_version = 3;
};

/// Throws std::invalid_argument for parameters outside the ranges above.
Bytes generate_profile(const GeneratorParams& params);

} // namespace euicc::saip
