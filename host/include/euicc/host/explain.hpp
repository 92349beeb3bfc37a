// SPDX-License-Identifier: Apache-2.0
// `euicc decode`: toolkit APDUs (TS 102 223), SMS TPDUs (TS 23.040), SCP80 packets (TS 102 225 / 31.115), remote
// scripts (TS 102 226) and triggers (GP Amd B + extension) explained in words, as a tree for text or JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp80.hpp>

namespace euicc::host {

/// One explained part: what it is (`label`), what it means in words (`value`), its bytes (`hex`, upper case, may be
/// empty for derived facts) and its parts. Malformed parts are nodes labelled "malformed" whose value names the
/// structure, the reason and the offset in the explained input.
struct Explanation {
    std::string label;
    std::string value;
    std::string hex;
    std::vector<Explanation> children;

    /// Appends `child` and returns it (the reference is valid until the next add).
    Explanation& add(Explanation child);
    /// First node with `label` in depth-first order (this node included), or nullptr.
    const Explanation* find(std::string_view wanted) const noexcept;
    /// True when this node or any node below it is labelled "malformed".
    bool malformed() const noexcept;

    friend bool operator==(const Explanation&, const Explanation&) = default;
};

/// Indented text: one line per node, `label: value`, then `[hex]` for leaves and for nodes of up to 16 bytes.
std::string to_text(const Explanation& explanation);
/// JSON: every node is {"label", "value", "hex", "children"} (children always present, possibly empty).
/// `indent` < 0 gives one line.
std::string to_json(const Explanation& explanation, int indent = 2);

/// What the input is. Auto detects it by shape (see explain()).
enum class Kind : std::uint8_t {
    Auto,
    CommandApdu,       ///< "apdu": C-APDU (toolkit ones explain their data)
    ResponseApdu,      ///< "rapdu": data + SW1 SW2
    TerminalProfile,   ///< "profile": TERMINAL PROFILE bytes (TS 102 223 §5.2)
    Envelope,          ///< "envelope": D1..DF BER-TLV
    ProactiveCommand,  ///< "proactive": D0 BER-TLV (FETCH response)
    TerminalResponse,  ///< "terminal-response": the TERMINAL RESPONSE data field
    SmsDeliver,        ///< "deliver": SMS-DELIVER TPDU
    SmsSubmit,         ///< "submit": SMS-SUBMIT TPDU
    SmsDeliverReport,  ///< "deliver-report": SMS-DELIVER-REPORT TPDU (RP-ACK form, else RP-ERROR form)
    SmsUserData,       ///< "user-data": TP-UD starting with a user data header (02 70 00 ..., 02 71 00 ...)
    CommandPacket,     ///< "command-packet": SCP80 Command Packet from CPL on
    ResponsePacket,    ///< "por": SCP80 Response Packet from RPL on (or 02 71 00 + it)
    CommandScript,     ///< "script": remote command script, expanded (AA/AE) or compact
    ResponseScript,    ///< "script-response": remote response, expanded (AB/AF) or compact
    Trigger,           ///< "trigger": administration session triggering parameters (81)
};

/// The --as name of `kind` ("auto", "apdu", ...).
std::string_view kind_name(Kind kind) noexcept;
/// The kind named `name` (as kind_name gives it), or nullopt.
std::optional<Kind> parse_kind(std::string_view name) noexcept;
/// Every kind, Auto first (for help texts).
std::span<const Kind> all_kinds() noexcept;

/// The command a PoR answers: its SPI byte 2 says how the PoR is protected, its TAR and CNTR must come back.
struct SentCommand {
    scp80::CommandHeader header;
    /// False when header.counter is not known (a ciphered command explained without keys, or header fields taken
    /// from a keys file): the PoR's CNTR is then shown but not compared.
    bool counter_known = true;
};

struct ExplainOptions {
    /// Skips detection. Auto (the default) detects by shape.
    Kind kind = Kind::Auto;
    /// Keys to decipher and verify SCP80 packets. Never printed; only "verified" or the failure is shown.
    std::optional<scp80::Keyset> keys;
    /// For PoRs: the command they answer (without it, the PoR is read as unciphered where that is plausible).
    std::optional<SentCommand> command;
};

/// Explains `data`. Never throws for malformed input: what cannot be read becomes a "malformed" node (with the
/// codec's context, reason and the offset in `data`) and the rest is still explained. Detection by shape, in order:
/// toolkit C-APDU (CLA 80/A0, INS 10 TERMINAL PROFILE, 12 FETCH, 14 TERMINAL RESPONSE, C2 ENVELOPE); an R-APDU whose
/// data is one D0 TLV or a PoR user data; D0 proactive command; D1..DF envelope; 81 03 .. 82 terminal response
/// (other 81: trigger); AA/AE command script; AB/AF response script; user data with a 70/71/concatenation header;
/// SCP80 command or response packet (CPL/RPL = the length that follows, CHL >= 0D / RHL 0A, 0C, 0E, 12); SMS-DELIVER
/// or SMS-SUBMIT by TP-MTI and address shape; any other C-APDU; an R-APDU ending in a known SW1.
/// The root's label names what was detected, e.g. "ENVELOPE", "proactive command", "SMS-DELIVER".
Explanation explain(ByteView data, const ExplainOptions& options = {});

/// The SCP80 command in `data` (an ENVELOPE C-APDU or TLV, SMS-DELIVER, user data or command packet), for
/// explaining its PoR later; nullopt when `data` carries no command packet header. With keys a ciphered command's
/// CNTR is read; without them counter_known is false.
std::optional<SentCommand> find_command(ByteView data, const ExplainOptions& options = {});

} // namespace euicc::host
