// SPDX-License-Identifier: Apache-2.0
// Remote command scripts per ETSI TS 102 226 §5.1 (compact) and §5.2 (expanded, tags from TS 101 220 tables 7.18-7.20).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

namespace euicc::remote {

// ---------------------------------------------------------------------------------------------------------------
// Compact format (TS 102 226 §5.1)
// ---------------------------------------------------------------------------------------------------------------

/// How the fifth byte of a compact-script command is read. The commands travel back to back as T=0 command
/// TPDUs (`CLA INS P1 P2 P3 [data]`, TS 102 221 §7.3.1.1), so only the instruction tells whether P3 counts data
/// bytes that follow (case 1/3/4: Lc, 00 = no data) or is the expected length (case 2: Le, 00 = 256).
enum class P3Meaning : std::uint8_t { CommandLength, ExpectedLength };

/// Decides P3Meaning from the command header; the card side may pass its own dispatcher's knowledge.
using P3Rule = P3Meaning (*)(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2);

/// Case-2 instructions of TS 102 221 / TS 51.011 / ISO 7816-4 read P3 as Le: READ BINARY B0, READ RECORD B2,
/// GET RESPONSE C0, FETCH 12, GET CHALLENGE 84, GET DATA CA, MANAGE CHANNEL 70, and STATUS F2 when P1 is 00..02
/// (GlobalPlatform GET STATUS F2 uses P1 80/40/20/10 and carries data). Everything else reads P3 as Lc.
P3Meaning default_p3_rule(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2) noexcept;

/// Parses a compact command script: a sequence of T=0 command TPDUs covering all of `script`. A P3 read as Lc
/// gives a case 1 (P3 = 00) or case 3 APDU, one read as Le a case 2 APDU. Throws CodecError("compact script",
/// offset) for an empty script, a command shorter than 5 bytes or data running past the end.
std::vector<apdu::CommandApdu> parse_compact_script(ByteView script, P3Rule rule = default_p3_rule);

/// Builds a compact command script. Case 1 -> P3 = 00; case 2 -> P3 = Le (00 for 256); case 3 -> Lc and data;
/// case 4 -> Lc and data without Le (T=0: the response comes with 61xx/9Fxx and the script may carry a GET
/// RESPONSE, as in the pySim example). Throws std::invalid_argument for extended lengths, an empty list, or a
/// case 2 command with Le below 256 whose INS `rule` reads as Lc (the card would take Le for a data length) and a
/// case 3/4 command whose INS `rule` reads as Le. parse_compact_script(encode(x)) returns x except that Le of
/// case 4 commands is dropped and P3 = 00 reads back per `rule`.
Bytes encode_compact_script(std::span<const apdu::CommandApdu> commands, P3Rule rule = default_p3_rule);

/// Compact response, the additional response data of the PoR (TS 102 226 §5.1.2, scp80.md §8): number of executed
/// commands, SW of the last executed command, then that command's response data (SW before data).
struct CompactResponse {
    std::uint8_t executed = 0;
    apdu::StatusWord last_sw;
    Bytes last_data;

    Bytes encode() const;
    /// Throws CodecError("compact response", offset) when shorter than 3 bytes.
    static CompactResponse decode(ByteView data);

    friend bool operator==(const CompactResponse&, const CompactResponse&) = default;
};

/// TS 102 226 §5.1 (rule as recorded in spec/etsi102226.md §1; the exact clause wording is UNCONFIRMED): the card
/// stops a compact script after a command whose status word is an error. Normal processing (9000, 61xx, 91xx, 92xx,
/// 9Fxx) and warnings (62xx, 63xx) let it go on; everything else (64xx-6Fxx, 98xx, other values) stops it.
bool compact_script_stops_at(apdu::StatusWord sw) noexcept;

// ---------------------------------------------------------------------------------------------------------------
// Expanded format (TS 102 226 §5.2)
// ---------------------------------------------------------------------------------------------------------------

/// BER tags of the expanded format (TS 101 220 tables 7.18-7.20). C-APDU and R-APDU use CR = 0: 22 and 23.
namespace tag {
inline constexpr std::uint8_t command_script_definite = 0xAA;
inline constexpr std::uint8_t command_script_indefinite = 0xAE;
inline constexpr std::uint8_t response_script_definite = 0xAB;
inline constexpr std::uint8_t response_script_indefinite = 0xAF;
inline constexpr std::uint8_t c_apdu = 0x22;
inline constexpr std::uint8_t r_apdu = 0x23;
inline constexpr std::uint8_t executed_count = 0x80;
inline constexpr std::uint8_t immediate_action = 0x81; ///< command: immediate action; response: its error
inline constexpr std::uint8_t error_action = 0x82;
inline constexpr std::uint8_t script_chaining = 0x83;  ///< command: chaining; response: its error
inline constexpr std::uint8_t bad_format = 0x90;
} // namespace tag

/// Script chaining values (TS 102 226 §5.2.1.4; values per njiwa, names UNCONFIRMED).
namespace chaining {
inline constexpr std::uint8_t first_script = 0x01;             ///< chaining information deleted on reset
inline constexpr std::uint8_t first_script_kept = 0x11;        ///< chaining information kept across reset
inline constexpr std::uint8_t subsequent_more_follow = 0x02;
inline constexpr std::uint8_t last_script = 0x03;
} // namespace chaining

/// Bad format TLV values (TS 102 226 table 5.12).
enum class BadFormat : std::uint8_t { UnknownTag = 0x01, WrongLength = 0x02, LengthNotFound = 0x03 };

/// Immediate action response (table 5.14) and script chaining response (table 5.16) values.
namespace response_code {
inline constexpr std::uint8_t suspension_error = 0x01;
inline constexpr std::uint8_t no_previous_script = 0x01;
inline constexpr std::uint8_t chaining_not_supported = 0x02;
inline constexpr std::uint8_t unable_to_process = 0x03;
} // namespace response_code

/// A malformed expanded script: a CodecError that also names the bad format code the card reports (table 5.12).
class BadFormatError : public CodecError {
public:
    BadFormatError(std::string context, std::size_t offset, BadFormat kind, const std::string& reason)
        : CodecError(std::move(context), offset, reason), m_kind(kind) {}
    BadFormat kind() const noexcept { return m_kind; }

private:
    BadFormat m_kind;
};

/// `22 L <C-APDU>`: the command bytes as carried (ISO 7816-4 form, Le included as sent). Kept raw so a command
/// the card cannot parse still gets its own status word when executed.
struct CommandApduTlv {
    Bytes apdu;

    static CommandApduTlv from(const apdu::CommandApdu& command) { return {command.encode()}; }
    /// Parses the bytes; throws CodecError("C-APDU", offset).
    apdu::CommandApdu command() const { return apdu::CommandApdu::parse(apdu); }

    friend bool operator==(const CommandApduTlv&, const CommandApduTlv&) = default;
};

/// `81 L ..` immediate action (§5.2.1.2; value coding UNCONFIRMED, kept raw).
struct ImmediateAction {
    Bytes value;
    friend bool operator==(const ImmediateAction&, const ImmediateAction&) = default;
};

/// `82 L ..` error action (§5.2.1.3; value coding UNCONFIRMED, kept raw).
struct ErrorAction {
    Bytes value;
    friend bool operator==(const ErrorAction&, const ErrorAction&) = default;
};

/// `83 01 xx` script chaining (§5.2.1.4), see chaining::.
struct ScriptChaining {
    std::uint8_t value = chaining::first_script;
    friend bool operator==(const ScriptChaining&, const ScriptChaining&) = default;
};

using CommandItem = std::variant<CommandApduTlv, ImmediateAction, ErrorAction, ScriptChaining>;

/// Command scripting template: `AA L {items}` or, with `indefinite`, `AE 80 {items} 00 00` (§5.2.1, tables
/// 5.2/5.2a). The items inside always use definite lengths.
struct ExpandedCommandScript {
    std::vector<CommandItem> items;
    bool indefinite = false;

    /// One C-APDU TLV per command.
    static ExpandedCommandScript from_commands(std::span<const apdu::CommandApdu> commands, bool indefinite = false);
    /// The parsed commands of the C-APDU items, in order (other items skipped). Throws CodecError("C-APDU").
    std::vector<apdu::CommandApdu> commands() const;

    /// Lengths in the shortest form, so decode(encode(x)) == x and encode(decode(b)) == b for minimal-length b.
    Bytes encode() const;
    /// Strict: exactly one template covering `data`, known tags only, 83 of length 1, definite inner lengths
    /// (long forms up to 4 length octets accepted). Throws BadFormatError("expanded script", offset).
    static ExpandedCommandScript decode(ByteView data);

    friend bool operator==(const ExpandedCommandScript&, const ExpandedCommandScript&) = default;
};

/// What a card can execute of a possibly malformed script: the items before the first fault, and the fault as the
/// card reports it in a bad format TLV (TS 102 226 §5.2.2: the card processes TLVs in order and stops at one it
/// cannot read). `bad_format` is empty when the whole script is well formed.
struct ExpandedCommandPrefix {
    ExpandedCommandScript script;
    std::optional<BadFormat> bad_format;
    std::size_t bad_offset = 0;
    std::string reason;
};

/// Never throws for malformed input (every fault lands in `bad_format`).
ExpandedCommandPrefix decode_expanded_command_prefix(ByteView data);

/// `23 L <data> SW1 SW2`.
struct ResponseApduTlv {
    Bytes data;
    apdu::StatusWord sw;
    friend bool operator==(const ResponseApduTlv&, const ResponseApduTlv&) = default;
};

/// `90 01 xx`.
struct BadFormatTlv {
    BadFormat kind = BadFormat::UnknownTag;
    friend bool operator==(const BadFormatTlv&, const BadFormatTlv&) = default;
};

/// `81 01 xx` (table 5.14), see response_code::suspension_error.
struct ImmediateActionResponse {
    std::uint8_t value = response_code::suspension_error;
    friend bool operator==(const ImmediateActionResponse&, const ImmediateActionResponse&) = default;
};

/// `83 01 xx` (table 5.16), see response_code::.
struct ScriptChainingResponse {
    std::uint8_t value = response_code::no_previous_script;
    friend bool operator==(const ScriptChainingResponse&, const ScriptChainingResponse&) = default;
};

using ResponseItem = std::variant<ResponseApduTlv, BadFormatTlv, ImmediateActionResponse, ScriptChainingResponse>;

/// SW 62F1 in an R-APDU: the card truncated that response and stopped the script (§5.2.1.1 as cited by pySim).
inline constexpr apdu::StatusWord sw_response_truncated{0x62F1};

/// Response scripting template (§5.2.2): `AB L { 80 L n, items }` or `AF 80 { items } 00 00`; the indefinite form
/// has no executed count (table 5.10a).
struct ExpandedResponse {
    std::optional<std::uint32_t> executed; ///< the `80` object; present exactly in the definite form
    std::vector<ResponseItem> items;
    bool indefinite = false;

    /// `executed`, or for the indefinite form the number of R-APDU TLVs.
    std::size_t executed_count() const noexcept;
    /// The last R-APDU TLV, or nullptr.
    const ResponseApduTlv* last_response() const noexcept;
    /// An R-APDU with SW 62F1 is present.
    bool truncated() const noexcept;

    /// Throws std::invalid_argument when `executed` is missing in the definite form or present in the indefinite.
    Bytes encode() const;
    /// Strict: AB must start with 80 (1 to 4 value octets), AF must not contain it; 90/81/83 have length 1, 23 at
    /// least 2. Throws CodecError("expanded response", offset).
    static ExpandedResponse decode(ByteView data);

    friend bool operator==(const ExpandedResponse&, const ExpandedResponse&) = default;
};

/// Expanded scripts stop where compact ones do, and also after an R-APDU with 62F1 (§5.2.1.1 per pySim; the error
/// action TLV may ask for more; UNCONFIRMED).
bool expanded_script_stops_at(apdu::StatusWord sw) noexcept;

} // namespace euicc::remote
