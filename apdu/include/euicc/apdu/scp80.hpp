// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 225 §5 / 3GPP TS 31.115 §4 secured packets (SCP80, SMS dialect): commands and PoRs, both roles.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::scp80 {

// -----------------------------------------------------------------------------------------------------------
// Header coding: SPI, KIc, KID, TAR (TS 102 225 §5.1.1-§5.1.3)

/// SPI byte 1 b5..b4.
enum class CounterMode : std::uint8_t {
    NoCounter = 0, ///< no counter available
    NoCheck = 1,   ///< counter available, no replay or sequence checking
    Higher = 2,    ///< process only if CNTR is higher than the value stored in the receiving entity
    OneHigher = 3, ///< process only if CNTR is exactly one higher than the stored value
};

/// SPI byte 1 b2..b1 (command) and byte 2 b4..b3 (PoR): redundancy check, cryptographic checksum, digital
/// signature.
enum class Integrity : std::uint8_t { None = 0, Rc = 1, Cc = 2, Ds = 3 };

/// SPI byte 2 b2..b1: whether the receiving entity answers with a Proof of Receipt (value 3 is reserved).
enum class PorRequest : std::uint8_t { None = 0, Required = 1, OnError = 2 };

/// Security Parameter Indicator (TS 102 225 §5.1.1). Byte 1: command security; byte 2: PoR.
struct Spi {
    CounterMode counter = CounterMode::NoCounter;
    bool ciphering = false;
    Integrity integrity = Integrity::None;
    PorRequest por = PorRequest::None;
    Integrity por_integrity = Integrity::None;
    bool por_ciphered = false;
    /// b6 of byte 2: PoR sent as SMS-SUBMIT (SEND SHORT MESSAGE) instead of in the SMS-DELIVER-REPORT.
    bool por_via_sms_submit = false;

    /// Throws CodecError("SPI", 0|1) when a reserved bit is set or the PoR field is the reserved value 3.
    static Spi decode(std::uint8_t first, std::uint8_t second);
    std::array<std::uint8_t, 2> encode() const noexcept;

    friend bool operator==(const Spi&, const Spi&) = default;
};

/// Algorithm coded in the low nibble of KIc or KID (TS 102 225 §5.1.2, §5.1.3). The same DES-family values
/// mean the cipher for KIc and the CBC-MAC for KID; Aes means AES-CBC for KIc and AES-CMAC for KID.
enum class KeyAlgorithm : std::uint8_t {
    Implicit,      ///< b2..b1 = 00: known implicitly by both entities (not supported for processing)
    DesCbc,        ///< DES in CBC mode / DES CBC-MAC
    TripleDes2Key, ///< 3DES outer-CBC with 2 keys / its CBC-MAC
    TripleDes3Key, ///< 3DES outer-CBC with 3 keys / its CBC-MAC
    DesEcb,        ///< DES in ECB mode (KIc only)
    Aes,           ///< AES-CBC (KIc) / AES-CMAC (KID); the key length picks AES-128/192/256
    Crc16,         ///< KID with RC: CRC-16 (ISO/IEC 13239)
    Crc32,         ///< KID with RC: CRC-32
    Proprietary,   ///< b2..b1 = 11, or RC b4..b3 = 11 (not supported for processing)
};

/// KIc: b8..b5 key version number, low nibble the ciphering algorithm. Implicit and proprietary codings
/// decode to Implicit/Proprietary (their remaining bits are not kept) and encode as x0 / x3.
struct Kic {
    std::uint8_t key_version = 0;
    KeyAlgorithm algorithm = KeyAlgorithm::Implicit;

    /// Throws CodecError("KIc", 0) for RFU codings (AES with b4..b3 != 00).
    static Kic decode(std::uint8_t kic);
    /// Throws std::invalid_argument for a key version above 15 or an algorithm that is no cipher (CRCs).
    std::uint8_t encode() const;

    friend bool operator==(const Kic&, const Kic&) = default;
};

/// KID: b8..b5 key version number, low nibble the RC/CC/DS algorithm. The nibble's meaning depends on the
/// integrity mechanism the SPI selects: RC (CRC16/CRC32), CC (DES/3DES CBC-MAC, AES-CMAC); with DS it is
/// proprietary, with no integrity it is not interpreted (Implicit).
struct Kid {
    std::uint8_t key_version = 0;
    KeyAlgorithm algorithm = KeyAlgorithm::Implicit;

    /// Throws CodecError("KID", 0) for RFU codings under `integrity` (DES-ECB or AES b4..b3 != 00 as a CC,
    /// RC b4..b3 = 10, RC b2..b1 = 10).
    static Kid decode(std::uint8_t kid, Integrity integrity);
    /// Throws std::invalid_argument for a key version above 15 or an algorithm that is no checksum (DES-ECB).
    std::uint8_t encode() const;

    friend bool operator==(const Kid&, const Kid&) = default;
};

/// Toolkit Application Reference (TS 101 220 §6.2): 3 bytes naming the receiving application.
struct Tar {
    std::array<std::uint8_t, 3> bytes{};

    constexpr std::uint32_t value() const noexcept {
        return static_cast<std::uint32_t>(bytes[0]) << 16 | static_cast<std::uint32_t>(bytes[1]) << 8 |
               bytes[2];
    }
    friend constexpr bool operator==(const Tar&, const Tar&) = default;
};

/// Largest CNTR value (5 bytes).
inline constexpr std::uint64_t max_counter = 0xFF'FFFF'FFFFULL;

/// The parts of a command header the sender chooses (CPL, CHL and PCNTR follow from them).
struct CommandHeader {
    Spi spi;
    std::uint8_t kic = 0;
    std::uint8_t kid = 0;
    Tar tar;
    /// CNTR, 5 bytes big endian on the wire (0 .. max_counter).
    std::uint64_t counter = 0;

    friend bool operator==(const CommandHeader&, const CommandHeader&) = default;
};

/// Keys of one key set. The KIc key ciphers (command and PoR), the KID key computes the CC. Which variant of
/// the KIc/KID algorithm is used where the coding leaves it open follows from the key length: AES 16/24/32
/// bytes = AES-128/192/256. The coded ones must match: DES 8 bytes, 3DES 2-key 16, 3DES 3-key 24.
struct Keyset {
    std::uint8_t kvn = 0; ///< key version number the KIc/KID bytes refer to
    SecretBytes kic_key;
    SecretBytes kid_key;
};

// -----------------------------------------------------------------------------------------------------------
// Response status (TS 102 225 §5.2 table "Response Status Codes", TS 31.115 §7)

/// Response status code of a PoR. The enumeration has the underlying type std::uint8_t, so reserved and
/// proprietary values received from a card are kept as they are (static_cast<ResponseStatus>(0xC3)).
enum class ResponseStatus : std::uint8_t {
    PorOk = 0x00,
    RcCcDsFailed = 0x01,
    CounterLow = 0x02,
    CounterHigh = 0x03,
    CounterBlocked = 0x04,
    CipheringError = 0x05,
    UnidentifiedSecurityError = 0x06,
    InsufficientMemory = 0x07,
    MoreTimeNeeded = 0x08,
    TarUnknown = 0x09,
    InsufficientSecurityLevel = 0x0A,
    ResponseViaSmsSubmit = 0x0B, ///< TS 31.115: the actual response data follow by SMS-SUBMIT
    ResponseViaUssd = 0x0C,      ///< TS 31.115: the actual response data follow in a USSD string
};

/// Meaning in words ("CNTR low", "reserved", "proprietary").
std::string_view describe(ResponseStatus status) noexcept;

/// True for the codes that report a failed security check of the command (01-06, 09, 0A). wrap_response()
/// answers those in the unsecured error form.
bool is_security_failure(ResponseStatus status) noexcept;

/// Whether a PoR is to be sent for a command with `spi` that ended with `status` (SPI byte 2 b2..b1).
bool por_wanted(const Spi& spi, ResponseStatus status) noexcept;

/// TS 102 226 §8.2.1.3.2.4.1 minimum security level check. `msl` uses the coding of SPI byte 1; the command's
/// SPI meets it when every field is at least as strong: ciphering when the MSL asks for it, integrity None <
/// RC < CC < DS, counter NoCounter < NoCheck < Higher < OneHigher. Throws std::invalid_argument when `msl`
/// has reserved bits set (it is configuration, not received data).
bool meets_minimum_security_level(const Spi& spi, std::uint8_t msl);

// -----------------------------------------------------------------------------------------------------------
// Sending entity (host, SM-SR): command packets out, PoRs in

/// Builds the Command Packet of TS 31.115 §4 (SMS dialect) from CPL onwards: CPL(2) CHL SPI KIc KID TAR
/// CNTR(5) PCNTR RC/CC/DS secured-data padding. The RC/CC covers CPL..PCNTR, the secured data and the padding
/// (not the UDH); CNTR..end is then ciphered with the KIc key, CBC, IV 0. The SMS user data is the UDH
/// `02 70 00` followed by this packet: callers prefix it (or split the packet into concatenated parts).
///
/// Throws std::invalid_argument for: a counter above max_counter, DS (proprietary) integrity, implicit,
/// proprietary or RFU algorithms for a mechanism the SPI selects (command or PoR), a KVN in KIc/KID that
/// differs from keyset.kvn where that key is used, a key length the algorithm does not take, CPL above 65535.
Bytes wrap_command(const CommandHeader& header, const Keyset& keys, ByteView secured_data);

/// A Response Packet (PoR) after its checks.
struct ResponsePacket {
    Tar tar;
    std::uint64_t counter = 0;
    ResponseStatus status = ResponseStatus::PorOk;
    /// Response data without padding (TS 102 226 response: compact `nb SW data` or expanded `AB ..`).
    Bytes data;
    /// True when the PoR was protected as SPI byte 2 asked (RC/CC and/or ciphering) and passed those checks;
    /// false for an unsecured PoR, which is only accepted for status != PorOk (an error PoR) or when SPI byte
    /// 2 asked for no protection.
    bool secured = false;
};

/// Verifies and decodes a PoR for the command sent with `sent` and `keys` (TS 102 225 §5.2, TS 31.115 §4).
/// `user_data` is either the SMS user data (`02 71 00` + Response Packet) or the Response Packet alone (from
/// RPL on); both are accepted because a Response Packet cannot start with 02 71 00 (RHL would be 00). Either
/// way the checksum is computed over `02 71 00` + RPL .. end, as TS 31.115 defines it for the PoR. Checks:
/// RC/CC (SecurityError on mismatch), deciphering with KIc when SPI byte 2 b5 asks for it, TAR equal to
/// sent.tar and CNTR equal to sent.counter (SecurityError otherwise). An unsecured error PoR (RHL 0A, not
/// ciphered, status != 00, e.g. `027100000b0ab0001000000000000006`) is accepted as such although SPI byte 2
/// asked for security: cards send errors that way, often with a zero CNTR, so its counter is not compared; an
/// unsecured PoR with status 00 where security was asked for throws SecurityError. With SPI byte 2 asking for
/// ciphering only, a PoR whose part after TAR is not a whole number of cipher blocks is taken to be such an
/// unsecured PoR. Malformed packets (length fields, RHL not matching SPI byte 2, PCNTR beyond the data) throw
/// CodecError("PoR").
ResponsePacket unwrap_response(ByteView user_data, const CommandHeader& sent, const Keyset& keys);

// -----------------------------------------------------------------------------------------------------------
// Receiving entity (card): command packets in, PoRs out

/// What the receiving entity holds for the TAR of an incoming packet.
struct ReceivingEntity {
    /// Keys for the KIc/KID of the packet, chosen by the lookup (e.g. by key version); nullptr when there are
    /// none. Must stay valid until unwrap_command returns; the lookup keeps ownership.
    const Keyset* keys = nullptr;
    /// CNTR stored for these keys (the last accepted one). max_counter means the counter is blocked.
    std::uint64_t counter = 0;
    /// Minimum security level of the application (TS 102 226 §8.2.1.3.2.4.1), coded as SPI byte 1.
    std::uint8_t minimum_security_level = 0;
};

/// Finds the receiving entity for (TAR, KIc byte, KID byte); std::nullopt when the TAR is unknown.
using KeyLookup =
    std::function<std::optional<ReceivingEntity>(const Tar&, std::uint8_t kic, std::uint8_t kid)>;

/// A command packet that passed every check.
struct VerifiedCommand {
    CommandHeader header;
    /// The secured data (TS 102 226 command script) without padding.
    Bytes secured_data;
};

/// A command packet that failed a check: the status for the PoR, and what could be read of the header.
struct CommandRejection {
    ResponseStatus status = ResponseStatus::UnidentifiedSecurityError;
    /// Present when the SPI could be read and decoded: tells whether and how a PoR is wanted.
    std::optional<Spi> spi;
    /// Present when the packet was long enough to carry the TAR.
    std::optional<Tar> tar;
};

/// Outcome of unwrap_command: either a VerifiedCommand or a CommandRejection. The secured data can only be
/// reached through command(), which throws when a check failed, so a rejected packet cannot be executed by
/// mistake.
class CommandUnwrapResult {
public:
    explicit CommandUnwrapResult(VerifiedCommand command) : m_outcome(std::move(command)) {}
    explicit CommandUnwrapResult(CommandRejection rejection) : m_outcome(std::move(rejection)) {}

    bool accepted() const noexcept { return std::holds_alternative<VerifiedCommand>(m_outcome); }
    /// PorOk when accepted, otherwise the rejection's code.
    ResponseStatus status() const noexcept;
    /// The verified command. Throws SecurityError (naming the status) when the packet was rejected.
    const VerifiedCommand& command() const;
    /// Why the packet was rejected. Throws std::logic_error when it was accepted.
    const CommandRejection& rejection() const;

private:
    std::variant<VerifiedCommand, CommandRejection> m_outcome;
};

/// Receiving-entity processing of a Command Packet (SMS dialect, from CPL on, UDH already removed), in the
/// order of TS 102 225 §5.1 and its status codes:
///   header readable (else 06 UnidentifiedSecurityError: truncated, CPL not the remaining length, CHL below
///   13 or beyond the packet, reserved SPI bits) -> TAR known to `lookup` (09) -> KIc/KID codings defined and
///   CHL equal to 13 + the RC/CC length they imply (06) -> KIc key/algorithm available for the command's and
///   the PoR's ciphering, ciphertext a whole number of blocks (05) -> KID key/algorithm available for the
///   command's and the PoR's RC/CC, then deciphering and the RC/CC check (01; DS is not supported and also
///   gives 01) -> PCNTR within the secured data (05 when ciphered: the sign of a wrong KIc key without CC; 06
///   otherwise) -> counter (Higher: CNTR > stored, else 02; OneHigher: CNTR = stored + 1, else 02 when lower
///   or equal, 03 when higher; stored = max_counter gives 04) -> SPI byte 1 against the MSL (0A).
/// Never throws for anything in `packet`; a lookup that throws, or an MSL with reserved bits, propagates.
/// The counter is not stored here: the caller stores header.counter as the new value only after the packet
/// was accepted (and, for crash safety, before executing or answering it).
CommandUnwrapResult unwrap_command(ByteView packet, const KeyLookup& lookup);

/// Builds the PoR user data (`02 71 00` + Response Packet) for an accepted command `received`, protected as
/// its SPI byte 2 asks: RC/CC over `02 71 00`, RPL .. STATUS, data and padding; then CNTR .. end ciphered
/// with KIc, CBC, IV 0, padded to the block; TAR and CNTR echoed. For a status where is_security_failure()
/// holds it builds the unsecured error form instead (RHL 0A, CNTR 0, no RC/CC, not ciphered), as cards do
/// when they cannot trust the header (observed `027100000b0ab0001000000000000006`). Throws
/// std::invalid_argument when the keys do not fit (see wrap_command).
Bytes wrap_response(const CommandHeader& received, const Keyset& keys, ResponseStatus status,
                    ByteView response_data);

/// The unsecured error PoR for a rejected command: `02 71 00`, RHL 0A, the TAR if it was read (else 000000),
/// CNTR 0, PCNTR 0, the rejection's status, no data.
Bytes wrap_error_response(const CommandRejection& rejection);

} // namespace euicc::scp80
