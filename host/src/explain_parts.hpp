// SPDX-License-Identifier: Apache-2.0
// Private pieces of `euicc decode`: input slices with their offsets, node builders and one explainer per structure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/error.hpp>
#include <euicc/host/explain.hpp>

namespace euicc::host::detail {

/// A slice of the explained input and the offset of its first byte in that input, so that every malformed node can
/// say where the fault is. Deciphered bytes keep the offset of their ciphertext (CBC keeps positions).
struct Input {
    ByteView bytes;
    std::size_t offset = 0;

    std::size_t size() const noexcept { return bytes.size(); }
    bool empty() const noexcept { return bytes.empty(); }
    std::uint8_t operator[](std::size_t i) const noexcept { return bytes[i]; }
    /// Bytes [at, at + n), clamped to the slice.
    Input sub(std::size_t at, std::size_t n = std::dynamic_extent) const noexcept;
};

/// The options, and what the walk learns on its way (the command header find_command returns).
struct Context {
    const ExplainOptions& options;
    std::optional<SentCommand> found_command;
};

// ---- node builders (explain_node.cpp) ----------------------------------------------------------------------------

Explanation node(std::string label, std::string value, ByteView bytes = {});
/// A "malformed" node for a codec error on a buffer that starts at input offset `base`.
Explanation malformed(const CodecError& error, std::size_t base);
/// A "malformed" node for a fault this explainer found itself at input offset `offset`.
Explanation malformed_at(std::size_t offset, std::string_view context, const std::string& reason);
/// "0A", "A0B1".
std::string hex(ByteView bytes);
std::string hex_byte(std::uint8_t byte);
/// "1 byte", "3 bytes".
std::string count(std::size_t n, std::string_view unit);
/// The text in quotes when every byte is printable ASCII, otherwise nullopt.
std::optional<std::string> printable(ByteView bytes);
/// Where the value of a TLV starts and how long it is.
struct TlvFrame {
    std::size_t header = 0; ///< tag and length bytes
    std::size_t length = 0; ///< value bytes
    std::size_t size() const noexcept { return header + length; }
};
/// Frames the first TLV of `data`, or nullopt when it is incomplete (truncated, a length form over 4 bytes, the
/// indefinite form): the codecs then say why. `comprehension`: 7F starts a 3-byte tag (TS 101 220 §7.1.1);
/// otherwise BER tags (ISO 7816-4 §5.2).
std::optional<TlvFrame> frame_tlv(ByteView data, bool comprehension) noexcept;

// ---- dispatch (explain.cpp, explain_detect.cpp) ----------------------------------------------------------------

Kind detect(ByteView data);
Explanation explain_as(Kind kind, Input input, Context& context);

// ---- APDUs (explain_apdu.cpp) ----------------------------------------------------------------------------------

Explanation explain_command_apdu(Input input, Context& context);
Explanation explain_response_apdu(Input input, Context& context);
/// CLA, INS, P1, P2, data and Le of one parsed command whose bytes are `input` (a C-APDU, a compact-script TPDU,
/// an expanded-script C-APDU TLV value); `data_at` is where the data field starts in `input`.
Explanation explain_command_fields(const apdu::CommandApdu& command, Input input, std::size_t data_at,
                                   Context& context, std::string label);

// ---- CAT (explain_cat*.cpp) ------------------------------------------------------------------------------------

Explanation explain_terminal_profile(Input input, Context& context);
Explanation explain_envelope(Input input, Context& context);
Explanation explain_proactive_command(Input input, Context& context);
Explanation explain_terminal_response(Input input, Context& context);

/// Where a list of CAT objects sits, which gives some objects their role (TS 102 223 §6.6.27: 3E before 3C is the
/// local address, after it the data destination; the first 0D is the login, the second the password).
enum class ObjectScope : std::uint8_t { Command, Envelope, TerminalResponse, ConnectionParameters };

/// Explains the COMPREHENSION-TLV objects in `value` one by one into `parent`. `command_type` (§9.4) qualifies the
/// command details and some objects (0 when unknown). Returns false when the list could not be framed to its end
/// (a malformed node was added).
bool explain_objects(Explanation& parent, Input value, ObjectScope scope, std::uint8_t command_type,
                     Context& context);

/// Device identity code in words (TS 102 223 §8.7).
std::string device_name(std::uint8_t code);

// ---- SMS (explain_sms*.cpp) ------------------------------------------------------------------------------------

Explanation explain_deliver(Input input, Context& context);
Explanation explain_submit(Input input, Context& context);
Explanation explain_deliver_report(Input input, Context& context);
/// An SMS TPDU carried in a CAT object: SMS-DELIVER or SMS-SUBMIT by TP-MTI.
Explanation explain_tpdu(Input input, Context& context);
/// A TP-UD that starts with a user data header (TP-UDHI = 1) and octet data.
Explanation explain_user_data(Input input, Context& context);

/// Words for TPDU fields (TS 23.040 §9.1.2.5, §9.2.3.9, §9.2.3.11; TS 23.038 §4).
std::string sms_address_words(const sms::Address& address);
std::string sms_pid_words(std::uint8_t pid);
std::string sms_dcs_words(std::uint8_t dcs);
std::string sms_timestamp_words(const sms::Timestamp& timestamp);
/// Reads TP-UDL at `reader`'s position and takes the rest of `tpdu` as TP-UD (a TP-UDL that does not match what
/// is present becomes a malformed node and the present octets are still explained). Text comes from `decoded`,
/// the strict decoder's result, when there is one.
void explain_user_data_field(Explanation& parent, ByteReader& reader, Input tpdu, std::uint8_t dcs, bool udhi,
                             const sms::UserData* decoded, Context& context);

// ---- SCP80 (explain_scp80*.cpp) --------------------------------------------------------------------------------

/// A Command Packet from CPL on. `first_part`: the first of several concatenated parts, explained up to the TAR.
Explanation explain_command_packet(Input input, Context& context, bool first_part = false);
/// A Response Packet from RPL on.
Explanation explain_response_packet(Input input, Context& context);

/// SPI bits without rejecting reserved values (reserved PoR request 11 reads as no PoR); Spi::decode reports them.
scp80::Spi lenient_spi(std::uint8_t first, std::uint8_t second) noexcept;
Explanation explain_spi(Input two_bytes);
Explanation explain_kic(std::uint8_t kic, const scp80::Spi& spi, std::size_t offset);
Explanation explain_kid(std::uint8_t kid, const scp80::Spi& spi, std::size_t offset);
Explanation explain_tar(Input three_bytes);
/// RC/CC/DS length of an integrity mechanism as the KID/RHL codes it: label for the node ("RC", "CC", "DS").
std::string_view integrity_label(scp80::Integrity integrity) noexcept;
/// Cipher block size (8 or 16) of KIc byte `kic`, or nullopt when it names no block cipher.
std::optional<std::size_t> cipher_block(std::uint8_t kic) noexcept;
/// Deciphers CNTR .. end with the KIc algorithm and key (CBC with IV 0, or ECB for DES-ECB, TS 102 225 §5.1.2).
/// nullopt with `why` set when the coding, the key or the length does not allow it.
std::optional<Bytes> decipher(std::uint8_t kic, const scp80::Keyset& keys, ByteView ciphertext, std::string& why);
/// The keys with `kvn`, for the codec's KVN check (the user named these keys for this packet).
scp80::Keyset keys_for(const scp80::Keyset& keys, std::uint8_t kvn);

// ---- remote scripts and triggers (explain_script.cpp, explain_trigger.cpp) ---------------------------------------

/// The secured data of a command packet for `tar`: a trigger (ISD-R TAR and tag 81), an expanded or a compact script.
Explanation explain_secured_data(Input input, const scp80::Tar& tar, Context& context);
Explanation explain_command_script(Input input, Context& context);
Explanation explain_response_script(Input input, Context& context);
Explanation explain_trigger(Input input, Context& context);

} // namespace euicc::host::detail
