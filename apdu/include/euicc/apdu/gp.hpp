// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform Card Specification v2.3.1 §11 card-management commands (and Amd D §7.2 AES PUT KEY):
// builders returning plain C-APDUs and parsers for their responses (digest: spec/globalplatform.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/apdu/status_word.hpp>

/// Conventions for every builder below:
/// - The result is the plain command on logical channel 0 (CLA 80, SELECT 00). Secure messaging (SCP03/SCP80/81)
///   and other channels are applied afterwards by the caller (apdu::cla_with_channel, the SCP wrappers).
/// - Le = 00 is present where GPCS §11 shows it in the command header (SELECT, INSTALL, DELETE, GET STATUS,
///   GET DATA, PUT KEY; STORE DATA when P1.b1 asks for response data); SET STATUS has none.
/// - Bad arguments (an AID longer than 16 bytes, a value that does not fit a length field) throw
///   std::invalid_argument. Parsers throw CodecError naming what they parse and the byte offset of the fault;
///   TLV framing faults come from the BER parser as CodecError("BER-TLV", offset).
namespace euicc::gp {

using apdu::CommandApdu;
using apdu::ResponseApdu;
using apdu::StatusWord;

/// GPCS §11.1.4: GP proprietary class on logical channel 0, no secure messaging.
inline constexpr std::uint8_t cla_gp = 0x80;
/// ISO class used by SELECT.
inline constexpr std::uint8_t cla_iso = 0x00;

namespace ins {
inline constexpr std::uint8_t select = 0xA4;
inline constexpr std::uint8_t install = 0xE6;
inline constexpr std::uint8_t load = 0xE8;
inline constexpr std::uint8_t store_data = 0xE2;
inline constexpr std::uint8_t get_status = 0xF2;
inline constexpr std::uint8_t get_data = 0xCA;
inline constexpr std::uint8_t delete_object = 0xE4;
inline constexpr std::uint8_t put_key = 0xD8;
inline constexpr std::uint8_t set_status = 0xF0;
} // namespace ins

/// GP status words beyond ISO 7816-4 (GPCS §11.1.3, Table 11-10 and the per-command tables).
namespace sw {
inline constexpr StatusWord more_data{0x6310};      ///< GET STATUS: more entries, ask with P2.b1 = 1
inline constexpr StatusWord card_locked{0x6283};    ///< SELECT warning
inline constexpr StatusWord memory_failure{0x6581};
} // namespace sw

// ---------------------------------------------------------------------------------------------------------------
// Life cycle (GPCS §11.1.1, Tables 11-3..11-6)

/// The kind of registry entry a life-cycle byte belongs to: the same byte means different states per kind.
enum class EntryKind : std::uint8_t { LoadFile, Application, SecurityDomain, Card };

enum class LifeCycleState : std::uint8_t {
    Loaded,              ///< load file 01
    Installed,           ///< application / SD 03
    Selectable,          ///< application / SD 07
    Personalized,        ///< SD 0F
    ApplicationSpecific, ///< application 0xxxx111 other than 07; SD 0xxx1111 other than 0F (SGP.02 ISD-P 1F/3F)
    Locked,              ///< application 1xxxxx11, SD 1000xx11
    OpReady,             ///< card 01
    Initialized,         ///< card 07
    Secured,             ///< card 0F
    CardLocked,          ///< card 7F
    Terminated,          ///< card FF
    Invalid,             ///< no state of this kind has this coding
};

/// Canonical life-cycle bytes.
namespace life_cycle {
inline constexpr std::uint8_t loaded = 0x01;
inline constexpr std::uint8_t installed = 0x03;
inline constexpr std::uint8_t selectable = 0x07;
inline constexpr std::uint8_t personalized = 0x0F;
inline constexpr std::uint8_t locked_bit = 0x80; ///< set on top of the state an application/SD was locked in
inline constexpr std::uint8_t card_op_ready = 0x01;
inline constexpr std::uint8_t card_initialized = 0x07;
inline constexpr std::uint8_t card_secured = 0x0F;
inline constexpr std::uint8_t card_locked = 0x7F;
inline constexpr std::uint8_t card_terminated = 0xFF;
} // namespace life_cycle

LifeCycleState decode_life_cycle(EntryKind kind, std::uint8_t value) noexcept;
/// "SELECTABLE", "PERSONALIZED", ... as GPCS writes them.
std::string_view to_string(LifeCycleState state) noexcept;

// ---------------------------------------------------------------------------------------------------------------
// Privileges (GPCS §11.1.2, Tables 11-7..11-9): 3 bytes, byte 1 in bits 23..16.

enum class Privilege : std::uint32_t {
    SecurityDomain = 0x800000,
    DapVerification = 0xC00000,          ///< includes SecurityDomain
    DelegatedManagement = 0xA00000,      ///< includes SecurityDomain
    CardLock = 0x100000,
    CardTerminate = 0x080000,
    CardReset = 0x040000,
    CvmManagement = 0x020000,
    MandatedDapVerification = 0xC10000,  ///< includes SecurityDomain and DapVerification
    TrustedPath = 0x008000,
    AuthorizedManagement = 0x004000,
    TokenManagement = 0x002000,
    GlobalDelete = 0x001000,
    GlobalLock = 0x000800,
    GlobalRegistry = 0x000400,
    FinalApplication = 0x000200,
    GlobalService = 0x000100,
    ReceiptGeneration = 0x000080,
    CipheredLoadFileDataBlock = 0x000040,
    ContactlessActivation = 0x000020,
    ContactlessSelfActivation = 0x000010,
};

std::string_view to_string(Privilege privilege) noexcept;

/// A privilege set; `has()` of a multi-bit privilege (DAP Verification = C0) needs all of its bits.
class Privileges {
public:
    constexpr Privileges() noexcept = default;
    /// Bits 23..0 = bytes 1..3; higher bits are dropped.
    constexpr explicit Privileges(std::uint32_t bits) noexcept : m_bits(bits & 0xFFFFFF) {}
    Privileges(std::initializer_list<Privilege> privileges) noexcept;

    /// 3 bytes, or the 1-byte form of older cards (byte 1 only). Throws CodecError("privileges", 0) otherwise.
    static Privileges parse(ByteView bytes);
    /// Always 3 bytes.
    Bytes encode() const;

    constexpr std::uint32_t bits() const noexcept { return m_bits; }
    bool has(Privilege privilege) const noexcept;
    /// Names of every privilege held, comma-separated ("Security Domain, Trusted Path, Authorized Management");
    /// "none" for the empty set.
    std::string to_string() const;

    friend constexpr bool operator==(Privileges, Privileges) noexcept = default;

private:
    std::uint32_t m_bits = 0;
};

// ---------------------------------------------------------------------------------------------------------------
// SELECT (GPCS §11.9)

/// `00 A4 04 00 Lc AID 00` (P2 02 for the next occurrence of a partial AID). An empty AID selects the ISD:
/// `00 A4 04 00 00` (case 2). Throws std::invalid_argument for an AID over 16 bytes.
CommandApdu select(ByteView aid, bool next_occurrence = false);

/// The FCI a security domain returns (GPCS §11.9.3.1): `6F { 84 AID, A5 { 73 ..., 9F6E ..., 9F65 ... } }`.
struct SelectResponse {
    Bytes aid;                                          ///< 84
    std::optional<ber::Tlv> security_domain_management; ///< A5/73
    std::optional<Bytes> production_life_cycle;         ///< A5/9F6E
    std::optional<std::uint32_t> max_command_length;    ///< A5/9F65
    std::vector<ber::Tlv> proprietary;                  ///< every A5 child, including the ones above

    friend bool operator==(const SelectResponse&, const SelectResponse&) = default;
};

/// Throws CodecError("SELECT FCI", offset) for a non-6F template, a missing 84 or a malformed 9F65.
SelectResponse parse_select_response(ByteView fci);

// ---------------------------------------------------------------------------------------------------------------
// INSTALL (GPCS §11.5)

/// Install parameters field (GPCS Table 11-49), encoded as `C9 L <app-specific> [EF L { C8 .., C7 .., CA .. }]`.
struct InstallParameters {
    Bytes application_specific;                      ///< C9 content (the tag is mandatory, the content may be empty)
    std::optional<std::uint32_t> non_volatile_quota; ///< EF/C8: 2 bytes up to 32767, else 4
    std::optional<std::uint32_t> volatile_quota;     ///< EF/C7: same coding
    std::optional<Bytes> ts102226_parameters;        ///< EF/CA: ETSI TS 102 226 UICC parameters
};

/// The EF elements follow pySim's order (C8, C7, CA), which reproduces its published vector.
Bytes encode_install_parameters(const InstallParameters& parameters);

/// INSTALL [for install (and make selectable)] data (GPCS Table 11-43).
struct InstallForInstall {
    Bytes load_file_aid;      ///< Executable Load File AID, 5..16 bytes
    Bytes module_aid;         ///< Executable Module AID, 5..16 bytes
    Bytes instance_aid;       ///< Application instance AID, 5..16 bytes
    Privileges privileges;
    Bytes install_parameters; ///< encoded, at least `C9 00` (see encode_install_parameters)
    Bytes token;              ///< install token, empty when none
    bool make_selectable = true; ///< P1 0C instead of 04
};

/// `80 E6 0C|04 00 Lc <LV fields> 00`.
CommandApdu install_for_install(const InstallForInstall& install);

/// INSTALL [for personalization] (GPCS Table 11-47): `80 E6 20 00 Lc 00 00 L <AID> 00 00 00 00`; the following
/// STORE DATA commands go to that application (SGP.02 key establishment for an ISD-P).
CommandApdu install_for_personalization(ByteView application_aid);

/// Response data of INSTALL and DELETE (GPCS §11.5.3, §11.2.3): a single `00`, or L + confirmation
/// (Delegated Management receipts). Returns the confirmation, empty for `00` or no data.
/// Throws CodecError("confirmation", offset) when the length byte does not match the data.
Bytes parse_confirmation(ByteView data);

// ---------------------------------------------------------------------------------------------------------------
// STORE DATA (GPCS §11.11) and DGIs (§11.1.12)

/// P1 b5..b4.
enum class DataStructure : std::uint8_t { Unstructured = 0x00, Dgi = 0x08, BerTlv = 0x10 };
/// P1 b7..b6.
enum class DataEncryption : std::uint8_t { None = 0x00, ApplicationDependent = 0x20, AllEncrypted = 0x60 };

struct StoreDataOptions {
    DataStructure structure = DataStructure::Dgi;
    DataEncryption encryption = DataEncryption::None;
    /// P1.b1 = 1 (case 4, Le = 00): the application may return data. With b1 = 0 a card that has data answers 6A86.
    bool response_expected = false;
};

/// P1 of one block: b8 last block, b7..b6 encryption, b5..b4 structure, b1 response expected.
std::uint8_t store_data_p1(bool last_block, const StoreDataOptions& options) noexcept;

/// One STORE DATA block: `80 E2 P1 <block> Lc data [00]`. Throws std::invalid_argument for empty data or
/// more than 255 bytes.
CommandApdu store_data(ByteView data, std::uint8_t block_number, bool last_block, const StoreDataOptions& options = {});

/// Splits `data` into blocks of at most `max_block` bytes (1..255), numbered from `first_block`; the value of a
/// data object may run on from one block into the next (GPCS §11.11.2.1). The final block carries the
/// last-block flag unless `ends_sequence` is false (a sequence continued by later commands, as SGP.02
/// key establishment does). Throws std::invalid_argument for empty data, a bad `max_block`, or block numbers
/// that would pass FF.
std::vector<CommandApdu> store_data_blocks(ByteView data, std::size_t max_block, const StoreDataOptions& options = {},
                                           std::uint8_t first_block = 0, bool ends_sequence = true);

/// One data group: 2-byte identifier and its value.
struct Dgi {
    std::uint16_t tag = 0;
    Bytes value;
    friend bool operator==(const Dgi&, const Dgi&) = default;
};

/// `tag(2) L value`, L one byte for 0..254, else `FF xx xx` (GPCS §11.1.12). Throws std::invalid_argument over 65535.
Bytes encode_dgi(std::uint16_t tag, ByteView value);
/// Parses consecutive DGIs covering all of `data`. Throws CodecError("DGI", offset).
std::vector<Dgi> parse_dgis(ByteView data);

// ---------------------------------------------------------------------------------------------------------------
// GET STATUS (GPCS §11.4)

/// P1: which registry entries.
enum class StatusScope : std::uint8_t {
    IssuerSecurityDomain = 0x80,
    Applications = 0x40,        ///< applications and supplementary security domains (ISD-R, ISD-P, ECASD, ...)
    LoadFiles = 0x20,
    LoadFilesAndModules = 0x10,
};

/// `5C L <tags>`: a tag list for GET STATUS / GET DATA.
Bytes encode_tag_list(std::span<const ber::Tag> tags);

/// `80 F2 <scope> 02|03 Lc 4F <aid> [5C <tags>] 00`. P2 b2 = 1 asks for the TLV format; b1 = 1 (`next`) asks for
/// the next occurrences after a 6310. An empty `aid` is the wildcard `4F 00`; a partial AID searches by prefix.
CommandApdu get_status(StatusScope scope, ByteView aid = {}, bool next = false, std::span<const ber::Tag> tag_list = {});

/// One `E3` registry entry of the TLV response format (GPCS Table 11-36).
struct RegistryEntry {
    Bytes aid;                             ///< 4F
    std::uint8_t life_cycle = 0;           ///< 9F70
    std::optional<Privileges> privileges;  ///< C5 (applications/SDs)
    std::optional<Bytes> load_file_aid;    ///< C4: the ELF an application came from
    std::optional<Bytes> associated_sd_aid;///< CC
    std::optional<Bytes> version;          ///< CE: load file version
    std::vector<Bytes> module_aids;        ///< 84, repeated (ELFs with modules)
    std::vector<ber::Tlv> other;           ///< any further tag (e.g. SGP.02's 53/8F/91), in order

    friend bool operator==(const RegistryEntry&, const RegistryEntry&) = default;
};

/// Parses the data of one response page: repeated `E3` templates. Throws CodecError("GET STATUS", offset) for
/// another top-level tag, a missing 4F or 9F70, or a 9F70 that is not 1 byte.
std::vector<RegistryEntry> parse_get_status(ByteView data);

/// Runs the GET STATUS continuation: send next_command(), give the answer to add(), repeat until done().
///
///     GetStatusPager pager(gp::StatusScope::Applications, isdp_aid);
///     while (!pager.done()) pager.add(channel.transmit(pager.next_command()));
///
/// 9000 ends, 6310 asks for the next page (P2 03). 6A88 on the first page means "no entry matches" and ends with
/// no entries. Any other SW throws StatusWordError("GET STATUS", sw).
class GetStatusPager {
public:
    explicit GetStatusPager(StatusScope scope, Bytes aid = {}, std::vector<ber::Tag> tag_list = {});

    /// The command for the next page; throws std::logic_error once done().
    CommandApdu next_command() const;
    /// Parses one page. Returns true when another page is due. Throws CodecError for malformed data and for a
    /// 6310 page without any entry (the card made no progress).
    bool add(const ResponseApdu& response);
    bool done() const noexcept { return m_done; }
    std::size_t pages() const noexcept { return m_pages; }
    const std::vector<RegistryEntry>& entries() const noexcept { return m_entries; }

private:
    StatusScope m_scope;
    Bytes m_aid;
    std::vector<ber::Tag> m_tag_list;
    std::vector<RegistryEntry> m_entries;
    std::size_t m_pages = 0;
    bool m_done = false;
};

// ---------------------------------------------------------------------------------------------------------------
// GET DATA (GPCS §11.3)

/// `<cla> CA <tag hi> <tag lo> [Lc data] 00`, P1P2 = the tag (`00 xx` for 1-byte tags). `data` is usually empty
/// or a tag list (encode_tag_list). Throws std::invalid_argument for tags over 2 bytes.
CommandApdu get_data(ber::Tag tag, ByteView data = {}, std::uint8_t cla = cla_gp);

/// The response of a CLA-80 GET DATA is the whole TLV; checks its tag and returns it parsed.
/// Throws CodecError("GET DATA", 0) when the tag differs.
ber::Tlv parse_get_data(ByteView data, ber::Tag expected);

/// One key of the key information template (GPCS §11.3.3.1, basic format `C0 L KID KVN (type length)+`).
struct KeyInformation {
    struct Component {
        std::uint8_t type = 0;   ///< GPCS Table 11-16: 80 DES, 85 TLS PSK, 88 AES, ...
        std::uint16_t length = 0;
        friend bool operator==(const Component&, const Component&) = default;
    };
    std::uint8_t id = 0;
    std::uint8_t version = 0;
    std::vector<Component> components;

    friend bool operator==(const KeyInformation&, const KeyInformation&) = default;
};

/// Parses the `E0` key information template (GET DATA E0), or a bare sequence of `C0` entries.
/// Throws CodecError("key information", offset); the extended format (type FF xx) is not supported.
std::vector<KeyInformation> parse_key_information(ByteView data);

/// ETSI TS 102 226 §8.2.1.7.2 extended card resources (GET DATA FF21).
struct CardResources {
    std::uint32_t installed_applications = 0; ///< 81
    std::uint32_t free_non_volatile = 0;      ///< 82
    std::uint32_t free_volatile = 0;          ///< 83
    friend bool operator==(const CardResources&, const CardResources&) = default;
};

/// Throws CodecError("card resources", offset) for a missing element or a value over 4 bytes.
CardResources parse_card_resources(ByteView data);

// ---------------------------------------------------------------------------------------------------------------
// DELETE (GPCS §11.2)

/// `80 E4 00 00|80 Lc 4F L <AID> 00`; `related_objects` (P2 80) also deletes what depends on the object.
CommandApdu delete_object(ByteView aid, bool related_objects = false);
/// `80 E4 00 00 Lc [D0 01 KID] [D2 01 KVN] 00`: both identify one key, one alone every matching key.
/// Throws std::invalid_argument when neither is given.
CommandApdu delete_key(std::optional<std::uint8_t> key_id, std::optional<std::uint8_t> key_version);

// ---------------------------------------------------------------------------------------------------------------
// PUT KEY (GPCS §11.8, Amd D §7.2) for AES keys

inline constexpr std::uint8_t key_type_aes = 0x88;
inline constexpr std::uint8_t key_type_des = 0x80;
inline constexpr std::uint8_t key_type_tls_psk = 0x85;

using KeyCheckValue = std::array<std::uint8_t, 3>;

/// GPCS §B.6 / Amd D §7.2: the first 3 bytes of AES-ECB(key, 16 x 01). Key of 16, 24 or 32 bytes.
KeyCheckValue aes_key_check_value(ByteView key);

/// How the encrypted key is framed inside `88 L ...` (both are legal per GPCS §11.8.2.3.2).
enum class KeyBlockFormat : std::uint8_t {
    WithClearLength, ///< `88 11 10 <16-byte ciphertext>`: Amd D Table 7-10 (WHTY)
    CiphertextOnly,  ///< `88 10 <16-byte ciphertext>`: pySim
};

struct PutKeyOptions {
    std::uint8_t replaced_version = 0; ///< P1 b7..b1: the KVN being replaced; 0 creates a new keyset
    std::uint8_t first_key_id = 1;     ///< P2 b7..b1; the following keys get the next identifiers
    KeyBlockFormat format = KeyBlockFormat::WithClearLength;
};

/// PUT KEY of AES keys (16 or 32 bytes each) as keyset `new_version`: each key is encrypted with AES-CBC, zero ICV,
/// under the static key-encryption key `dek` (Amd D §7.2: no session DEK in SCP03) and followed by `03 <KCV>`.
/// The clear keys are only read, never copied into the result or into messages. P2.b8 is set for several keys.
/// `80 D8 <replaced> <b8|first kid> Lc <new kvn> (88 L [len] <ct> 03 <kcv>)+ 00`.
/// Throws std::invalid_argument for no keys, more than 127, a key of another size, a DEK that is not an AES key,
/// or version/key id values over 7F.
CommandApdu put_key_aes(std::uint8_t new_version, const std::vector<ByteView>& keys, ByteView dek,
                        const PutKeyOptions& options = {});

/// The answer to PUT KEY: the new KVN and one KCV per key (GPCS §11.8.3).
struct PutKeyResponse {
    std::uint8_t version = 0;
    std::vector<KeyCheckValue> check_values;
    friend bool operator==(const PutKeyResponse&, const PutKeyResponse&) = default;
};
/// Throws CodecError("PUT KEY response", offset) unless the data is 1 + 3n bytes.
PutKeyResponse parse_put_key_response(ByteView data);

/// The card's view of a PUT KEY command (for the virtual card and round-trip tests).
struct PutKeyCommand {
    struct Key {
        std::uint8_t type = 0;
        Bytes encrypted;                  ///< the ciphertext alone
        std::optional<std::uint8_t> clear_length; ///< present in the WithClearLength form
        Bytes check_value;                ///< empty when the key carries none
        friend bool operator==(const Key&, const Key&) = default;
    };
    std::uint8_t replaced_version = 0;
    std::uint8_t first_key_id = 0;
    bool several_keys = false;
    std::uint8_t new_version = 0;
    std::vector<Key> keys;
    friend bool operator==(const PutKeyCommand&, const PutKeyCommand&) = default;
};
/// Parses the command (INS D8) in the basic format. Throws CodecError("PUT KEY", offset).
PutKeyCommand parse_put_key(const CommandApdu& command);
/// Decrypts one AES key of a parsed command under the DEK (AES-CBC, zero ICV) and checks its KCV.
/// Throws SecurityError when the KCV does not match (GPCS §11.8.3: the card answers 6982), CodecError("PUT KEY", 0)
/// for a ciphertext that is not whole blocks or a clear length beyond it.
SecretBytes decrypt_key(const PutKeyCommand::Key& key, ByteView dek);

// ---------------------------------------------------------------------------------------------------------------
// SET STATUS (GPCS §11.10)

/// P1.
enum class SetStatusScope : std::uint8_t {
    IssuerSecurityDomain = 0x80,
    Application = 0x40,                   ///< application or supplementary SD
    SecurityDomainAndApplications = 0x60, ///< lock/unlock an SD with its associated applications
};

/// `80 F0 <scope> <state> Lc <AID>` (no Le; an empty AID gives a case-1 command for the ISD).
CommandApdu set_status(SetStatusScope scope, std::uint8_t state, ByteView aid);

} // namespace euicc::gp
