// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform Amendment D v1.1.1 SCP03 (host and card roles) and the SGP.02 SCP03t TLV form (84/85/86).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/error.hpp>

/// SCP03 as spec/scp03.md describes it. Pure: no I/O, no clock; randomness only through an injected Rng.
/// Errors: malformed bytes throw CodecError, failed cryptographic checks SecurityError (CryptogramMismatch for
/// the authentication cryptograms), bad arguments std::invalid_argument, calls out of order on the host side
/// std::logic_error. No message ever contains key bytes.
namespace euicc::scp03 {

using apdu::CommandApdu;
using apdu::ResponseApdu;

using Challenge = std::array<std::uint8_t, 8>;
using Cryptogram = std::array<std::uint8_t, 8>;
using DiversificationData = std::array<std::uint8_t, 10>;
using KeyCheckValue = std::array<std::uint8_t, 3>;

/// Secure Channel Protocol identifier in the key information (Amd D Table 7-2).
inline constexpr std::uint8_t scp_identifier = 0x03;
/// "i" of an SGP.02 ISD-R/ISD-P: pseudo-random card challenge, R-MAC and R-ENCRYPTION supported.
inline constexpr std::uint8_t i_sgp02 = 0x70;
/// Largest value of the 3-byte sequence counter (Amd D §6.2.2.1: the card then answers 6985).
inline constexpr std::uint32_t max_sequence_counter = 0xFFFFFF;

/// Derivation constants of Amd D Table 4-1.
namespace derivation {
inline constexpr std::uint8_t card_cryptogram = 0x00;
inline constexpr std::uint8_t host_cryptogram = 0x01;
inline constexpr std::uint8_t card_challenge = 0x02;
inline constexpr std::uint8_t s_enc = 0x04;
inline constexpr std::uint8_t s_mac = 0x06;
inline constexpr std::uint8_t s_rmac = 0x07;
} // namespace derivation

/// A cryptogram of INITIALIZE UPDATE / EXTERNAL AUTHENTICATE did not match: the host sees a card that does not
/// hold its keys, the card sees a host that does not (GPCS §D.4.2: the card answers 6300).
class CryptogramMismatch : public SecurityError {
public:
    using SecurityError::SecurityError;
};

// -----------------------------------------------------------------------------------------------------------
// Keys and the data derivation function (Amd D §4.1.5, §6.1, §6.2.1, §6.2.2)

/// A static SCP03 keyset (Amd D Table 6-1): Key-ENC, Key-MAC, Key-DEK, all AES-128/192/256 of one length.
struct StaticKeys {
    std::uint8_t kvn = 0; ///< key version number, 30..3F by convention (GPC_GUI_010)
    SecretBytes enc;
    SecretBytes mac;
    SecretBytes dek;

    /// Throws std::invalid_argument unless enc and mac are 16, 24 or 32 bytes of the same length and dek is
    /// empty (a host that never sends keys) or of that length too.
    void validate() const;
};

/// Session keys of one secure channel session (Amd D Table 6-2), each as long as the static keys.
struct SessionKeys {
    SecretBytes s_enc;
    SecretBytes s_mac;
    SecretBytes s_rmac;
};

/// NIST SP 800-108 counter-mode KDF with AES-CMAC as Amd D §4.1.5 lays it out: for i = 1, 2 the PRF input is
/// 11 x 00 | constant | 00 | L (bits, 2 bytes) | i | context, and the output is the first L/8 bytes of the
/// concatenated PRF blocks. `key` of 16/24/32 bytes; `length_bits` 64, 128, 192 or 256 (std::invalid_argument
/// otherwise).
SecretBytes kdf(ByteView key, std::uint8_t constant, ByteView context, std::size_t length_bits);

/// S-ENC, S-MAC and S-RMAC from the static keys, context = host challenge | card challenge (Amd D §6.2.1).
SessionKeys derive_session_keys(const StaticKeys& keys, const Challenge& host_challenge,
                                const Challenge& card_challenge);
/// KDF(S-MAC, 00, host challenge | card challenge), 64 bits (Amd D §6.2.2.2).
Cryptogram card_cryptogram(const SessionKeys& keys, const Challenge& host_challenge,
                           const Challenge& card_challenge);
/// KDF(S-MAC, 01, host challenge | card challenge), 64 bits (Amd D §6.2.2.3).
Cryptogram host_cryptogram(const SessionKeys& keys, const Challenge& host_challenge,
                           const Challenge& card_challenge);
/// KDF(Key-ENC, 02, sequence counter (3 bytes) | AID of the invoking security domain), 64 bits (Amd D
/// §6.2.2.1). `sd_aid` of 5..16 bytes and the counter at most max_sequence_counter (std::invalid_argument).
Challenge pseudo_random_card_challenge(ByteView key_enc, std::uint32_t sequence_counter, ByteView sd_aid);

// -----------------------------------------------------------------------------------------------------------
// "i" parameter (Amd D Table 5-1) and security level (Amd D Table 7-3)

/// Which response protection a card supports (i b7..b6).
enum class ResponseSupport : std::uint8_t {
    None = 0,     ///< 00: no R-MAC, no R-ENCRYPTION
    RMac = 1,     ///< 01: R-MAC only
    RMacREnc = 3, ///< 11: R-MAC and R-ENCRYPTION
};

/// The "i" parameter of the key information.
struct IParameter {
    bool pseudo_random_challenge = false; ///< b5: the card challenge is derived from the sequence counter
    ResponseSupport response = ResponseSupport::None;
    /// b4 (Amd D v1.2 S16 mode: 16-byte challenges, cryptograms and MACs). Decoded so it can be reported;
    /// sessions in S16 mode are not supported.
    bool s16 = false;

    /// Throws CodecError("SCP03 i parameter", 0) for b8 (reserved), b3..b1 (RFU) or b7..b6 = 10.
    static IParameter decode(std::uint8_t i);
    std::uint8_t encode() const noexcept;

    friend bool operator==(const IParameter&, const IParameter&) = default;
};

/// P1 of EXTERNAL AUTHENTICATE: the protection of every later command and response of the session.
enum class SecurityLevel : std::uint8_t {
    Authenticated = 0x00,    ///< no secure messaging expected
    CMac = 0x01,             ///< C-MAC
    CMacCDec = 0x03,         ///< C-DECRYPTION and C-MAC
    CMacRMac = 0x11,         ///< C-MAC and R-MAC
    CMacCDecRMac = 0x13,     ///< C-DECRYPTION, C-MAC and R-MAC
    CMacCDecRMacREnc = 0x33, ///< C-DECRYPTION, R-ENCRYPTION, C-MAC and R-MAC (SGP.02, SCP03t)
};

/// Throws CodecError("SCP03 security level", 0) for any P1 outside Table 7-3.
SecurityLevel security_level_from_p1(std::uint8_t p1);

constexpr bool has_c_mac(SecurityLevel level) noexcept { return (static_cast<unsigned>(level) & 0x01) != 0; }
constexpr bool has_c_decryption(SecurityLevel level) noexcept {
    return (static_cast<unsigned>(level) & 0x02) != 0;
}
constexpr bool has_r_mac(SecurityLevel level) noexcept { return (static_cast<unsigned>(level) & 0x10) != 0; }
constexpr bool has_r_encryption(SecurityLevel level) noexcept {
    return (static_cast<unsigned>(level) & 0x20) != 0;
}
/// Whether a card announcing `i` can run a session at `level` (R-MAC and R-ENCRYPTION need i support).
bool supports(const IParameter& i, SecurityLevel level) noexcept;

/// The largest plain data field that still gives a short C-APDU (Lc <= 255) after wrapping at `level`:
/// 255 without C-MAC, 247 with C-MAC, 239 with C-DECRYPTION (padding to whole blocks, at least one 80 byte).
std::size_t max_short_data(SecurityLevel level) noexcept;

// -----------------------------------------------------------------------------------------------------------
// INITIALIZE UPDATE (GPCS §D.4.1, Amd D §7.1.1)

/// What the host sends in INITIALIZE UPDATE (or the SCP03t 84 TLV).
struct InitializeUpdateCommand {
    std::uint8_t kvn = 0; ///< 00 = first available keyset
    std::uint8_t kid = 0; ///< always 00 in the APDU form (P2)
    Challenge host_challenge{};

    friend bool operator==(const InitializeUpdateCommand&, const InitializeUpdateCommand&) = default;
};

/// `80 50 <kvn> 00 08 <host challenge> 00`. Put the logical channel in with CommandApdu::with_cla.
CommandApdu initialize_update(std::uint8_t kvn, const Challenge& host_challenge);
/// The card's view of the command. Throws CodecError("INITIALIZE UPDATE", offset) for another INS, P2 other
/// than 00 or a data field other than an 8-byte challenge (S16 mode is not supported).
InitializeUpdateCommand parse_initialize_update(const CommandApdu& command);

/// Response data of INITIALIZE UPDATE (Amd D Table 7-2): 29 bytes, 32 with the sequence counter.
struct InitializeUpdateResponse {
    DiversificationData diversification_data{};
    std::uint8_t kvn = 0;
    std::uint8_t i = i_sgp02;
    Challenge card_challenge{};
    Cryptogram card_cryptogram{};
    /// Present exactly when i announces a pseudo-random card challenge.
    std::optional<std::uint32_t> sequence_counter;

    /// Throws CodecError("INITIALIZE UPDATE response", offset) for a length other than 29/32, an SCP
    /// identifier other than 03, an "i" that does not decode, or a sequence counter present/absent against i.
    static InitializeUpdateResponse parse(ByteView data);
    /// Throws std::invalid_argument when sequence_counter and i disagree or the counter exceeds 3 bytes.
    Bytes encode() const;

    friend bool operator==(const InitializeUpdateResponse&, const InitializeUpdateResponse&) = default;
};

/// What a card holds for its answer to INITIALIZE UPDATE, besides the keys.
struct CardParameters {
    DiversificationData diversification_data{};
    std::uint8_t i = i_sgp02;
    /// The keyset's sequence counter after the increment this INITIALIZE UPDATE triggers (Amd D §6.2.2.1:
    /// incremented before use, so the first session uses 1). Used only in pseudo-random mode. The card keeps
    /// and persists it; at max_sequence_counter it must refuse INITIALIZE UPDATE with 6985 itself.
    std::uint32_t sequence_counter = 0;
    /// AID of the security domain invoking the secure channel (5..16 bytes; pseudo-random mode only).
    Bytes sd_aid;
};

/// The card's answer as a card in pseudo-random mode computes it: card challenge from the sequence counter and
/// the AID, card cryptogram from the session keys. A host can compute it before the card answers; SGP.02
/// SCP03t relies on that to prepare a whole session offline. Throws std::invalid_argument when `card.i` does
/// not announce a pseudo-random challenge or the keys/AID/counter are unusable.
InitializeUpdateResponse predict_initialize_update_response(const StaticKeys& keys,
                                                            const Challenge& host_challenge,
                                                            const CardParameters& card);

// -----------------------------------------------------------------------------------------------------------
// Secure messaging (Amd D §6.2.3-§6.2.7)

/// Session settings that are not negotiated on the wire.
struct SessionOptions {
    /// Logical channel of the session (0..19): used for the EXTERNAL AUTHENTICATE CLA. Wrapped commands keep
    /// the channel their own CLA names.
    unsigned logical_channel = 0;
    /// Card quirk: some SCP03 products increment the encryption counter only for commands with a data field,
    /// although Amd D §6.2.6 says "the encryption counter shall still be incremented". GlobalPlatformPro offers
    /// the same switch (its "buggy counter workaround"). Off by default; both roles honour it.
    bool counter_only_with_data = false;
};

namespace detail {
/// State both roles keep for one session; internal to the wrappers.
struct ChannelState {
    SessionKeys keys;
    SecurityLevel level = SecurityLevel::Authenticated;
    SessionOptions options;
    std::array<std::uint8_t, 16> chaining{}; ///< MAC chaining value (Amd D §5.3)
    std::uint64_t counter = 0;               ///< encryption counter (Amd D §6.2.6), 0 until the first command
};
} // namespace detail

/// Host (off-card entity) side of an SCP03 session, created from the card's answer to INITIALIZE UPDATE.
/// Usage (APDU form): send initialize_update(), construct with the answer (this verifies the card
/// cryptogram), send external_authenticate(), unwrap() its answer, then wrap() every command and unwrap() every
/// answer. wrap() may follow external_authenticate() before its answer arrived (pre-computed scripts); an
/// answer other than 9000 to it aborts the session. Any failed check aborts the session: later calls throw
/// SecurityError. Not thread-safe; one object per session.
class HostWrapper {
public:
    /// Derives the session keys and verifies the card cryptogram (CryptogramMismatch otherwise). Throws
    /// SecurityError when the card answered with another KVN than keys.kvn (unless keys.kvn is 00 = "first
    /// available"), std::invalid_argument for unusable keys, a level the card's i does not support, S16 mode,
    /// or a logical channel above 19.
    HostWrapper(const StaticKeys& keys, const Challenge& host_challenge, const InitializeUpdateResponse& response,
                SecurityLevel level, const SessionOptions& options = {});

    SecurityLevel level() const noexcept { return m_channel.level; }
    /// True once the card accepted EXTERNAL AUTHENTICATE (its answer was unwrapped with 9000 / `85 00`).
    bool authenticated() const noexcept { return m_state == State::Open; }
    bool aborted() const noexcept { return m_state == State::Aborted; }

    /// `84 82 <level> 00 10 <host cryptogram> <C-MAC>`: C-MAC with the zero chaining value (Amd D §6.2.3).
    /// Once per session (std::logic_error otherwise).
    CommandApdu external_authenticate();

    /// Protects `command` at the session level: counter incremented (Amd D §6.2.6), data padded and encrypted
    /// under C-DECRYPTION, C-MAC over chaining value | CLA' INS P1 P2 Lc' | data' (Le excluded), CLA with the
    /// GP secure-messaging indication (b3, or b6 on channels 4-19). Ne is kept. Lc' above 255 (or an extended
    /// plain command) gives an extended APDU whose MAC input carries the 3-byte Lc `00 xx xx`. With level 00
    /// the command is returned as it is. Throws std::logic_error before external_authenticate(),
    /// SecurityError after an abort or when the counter is exhausted, std::invalid_argument when the data
    /// field would exceed 65535 bytes.
    CommandApdu wrap(const CommandApdu& command);

    /// Checks the card's answer to the last wrapped command (or EXTERNAL AUTHENTICATE). Error SWs (not 9000,
    /// 62xx, 63xx) carry no protection (Amd D §6.2.5) and are returned as they are; with R-MAC the last 8 data
    /// bytes must be CMAC(S-RMAC, chaining value | data | SW)[0..8), and with R-ENCRYPTION the rest is
    /// decrypted with the ICV of the command's counter block with its first byte set to 80 (Amd D §6.2.7).
    /// Throws SecurityError (and aborts) for a missing or wrong R-MAC, data under an error SW, a bad
    /// ciphertext length or padding; std::logic_error when no command awaits an answer.
    ResponseApdu unwrap(const ResponseApdu& response);

    // SCP03t (spec/scp03.md §9): same session, TLV framing; responses are matched to commands first in, first
    // out, because an SM-DP sends the whole 85/86... script before any answer comes back.

    /// `85 11 <level> <host cryptogram> <C-MAC>`, MAC input chaining value (zero) | 85 11 | level | cryptogram.
    /// Requires level 33 (std::logic_error otherwise) and may be called once.
    Bytes external_authenticate_tlv();
    /// `86 <L> <AES-CBC(segment | 80 00..)> <C-MAC>`; MAC input chaining value | 86 | L | ciphertext, where L
    /// counts the MAC too. `segment` must not be empty (std::invalid_argument). Same errors as wrap().
    Bytes wrap_tlv(ByteView segment);
    /// Checks the answer to the oldest unanswered 85/86 TLV and returns its plaintext: `85 00` / `86 00` give
    /// no data; `86 <ciphertext | R-MAC>` is verified and decrypted. The R-MAC input is taken to be chaining
    /// value | tag | length | ciphertext (UNCONFIRMED: spec/scp03.md §9 states the command's MAC input only). An error TLV (9F..) throws TlvErrorResponse and leaves the session as it is; a
    /// malformed TLV throws CodecError; a wrong R-MAC or padding SecurityError (and aborts).
    Bytes unwrap_tlv(ByteView response);

private:
    enum class State : std::uint8_t { Initialized, Authenticating, Open, Aborted };
    /// What the answer to one command is checked against: the chaining value after its C-MAC and its counter.
    struct Pending {
        std::array<std::uint8_t, 16> chaining{};
        std::uint64_t counter = 0;
        bool external_authenticate = false;
    };

    void require_wrappable() const;
    Pending take_pending();
    [[noreturn]] void abort(const std::string& reason);

    detail::ChannelState m_channel;
    Cryptogram m_host_cryptogram{};
    State m_state = State::Initialized;
    std::deque<Pending> m_pending;
};

/// Card side of an SCP03 session, created when the card processes INITIALIZE UPDATE. Usage: construct, answer
/// with initialize_update_response(), check EXTERNAL AUTHENTICATE with external_authenticate() (answer 9000
/// without R-MAC), then unwrap() every command and wrap() its answer. Per Amd D §5.6 every failed check aborts
/// the session: the call throws SecurityError (the card answers 6982; 6300 for CryptogramMismatch) and every
/// later call throws SecurityError too, until the card starts a new session. Not thread-safe.
class CardWrapper {
public:
    /// Chooses the card challenge (pseudo-random from card.sequence_counter and card.sd_aid when card.i says
    /// so, otherwise 8 bytes from `rng`) and computes the session keys and the card cryptogram. The response
    /// names keys.kvn. Throws std::invalid_argument for unusable keys, an i that does not decode or asks for
    /// S16 mode, a command KVN other than 00 and keys.kvn, or unusable AID/counter in pseudo-random mode.
    CardWrapper(const StaticKeys& keys, const InitializeUpdateCommand& command, const CardParameters& card,
                Rng& rng, const SessionOptions& options = {});

    const InitializeUpdateResponse& initialize_update_response() const noexcept { return m_response; }
    SecurityLevel level() const noexcept { return m_channel.level; }
    bool authenticated() const noexcept { return m_state == State::Open; }
    bool aborted() const noexcept { return m_state == State::Aborted; }

    /// Verifies EXTERNAL AUTHENTICATE: CLA with secure messaging, INS 82, P2 00, a level from Table 7-3 that
    /// the card's i supports (CodecError("EXTERNAL AUTHENTICATE", offset) otherwise, session untouched), the
    /// host cryptogram (CryptogramMismatch) and the C-MAC (SecurityError). Returns the session level.
    SecurityLevel external_authenticate(const CommandApdu& command);

    /// Verifies and strips the protection of a command: counter incremented, C-MAC checked against the
    /// chaining value, data decrypted under C-DECRYPTION. Returns the plain command with the secure-messaging
    /// indication cleared from CLA. At level 00 the command is returned unchanged. Throws SecurityError (and
    /// aborts) for a CLA without secure messaging, a missing or wrong C-MAC, a bad ciphertext length or
    /// padding, before EXTERNAL AUTHENTICATE, or after an abort.
    CommandApdu unwrap(const CommandApdu& command);

    /// Protects the answer to the last unwrapped command: error SWs are sent alone (data dropped, Amd D
    /// §6.2.5); otherwise R-ENCRYPTION of non-empty data, then the R-MAC, as the level says. Once per
    /// unwrapped command (std::logic_error otherwise), so no response ICV is used twice.
    ResponseApdu wrap(const ResponseApdu& response);

    // SCP03t (spec/scp03.md §9)

    /// Verifies `85 11 <level> <host cryptogram> <C-MAC>`; the level must be 33. Errors as
    /// external_authenticate(); the context of CodecErrors is "SCP03t ExternalAuthenticate". On success answer
    /// with external_authenticate_tlv_response().
    SecurityLevel external_authenticate_tlv(ByteView tlv);
    /// Verifies and decrypts `86 <L> <ciphertext> <C-MAC>` and returns the plaintext segment. A TLV that is not
    /// one well-formed 86 TLV throws CodecError (session untouched); security failures as unwrap().
    Bytes unwrap_tlv(ByteView tlv);
    /// The answer to the last unwrapped 86: `86 00` without data, else `86 <L> <R-ENC(data)> <R-MAC>`. Once
    /// per unwrapped TLV (std::logic_error otherwise).
    Bytes wrap_tlv(ByteView response_data);

private:
    enum class State : std::uint8_t { Initialized, Open, Aborted };

    void require_open();
    void begin_response();
    [[noreturn]] void abort(const std::string& reason);
    SecurityLevel authenticate(SecurityLevel level, ByteView cryptogram, ByteView mac_header, ByteView mac_body,
                               ByteView mac);

    detail::ChannelState m_channel;
    InitializeUpdateResponse m_response;
    IParameter m_i;
    Challenge m_host_challenge{};
    State m_state = State::Initialized;
    bool m_response_due = false;
};

// -----------------------------------------------------------------------------------------------------------
// SCP03t TLV framing (SGP.02 §4.1.3.3 as digested in spec/scp03.md §9)

namespace tlv_tag {
inline constexpr std::uint8_t initialize_update = 0x84;
inline constexpr std::uint8_t external_authenticate = 0x85;
inline constexpr std::uint8_t command_data = 0x86;
} // namespace tlv_tag

/// An SCP03t error TLV (`9F xx <code>...`) received instead of the expected response TLV. The error-tag rule
/// and the code meanings are UNCONFIRMED (spec/scp03.md §9).
class TlvErrorResponse : public Error {
public:
    TlvErrorResponse(std::uint32_t tag, Bytes data);
    std::uint32_t tag() const noexcept { return m_tag; }
    const Bytes& data() const noexcept { return m_data; }

private:
    std::uint32_t m_tag;
    Bytes m_data;
};

/// `84 0A <kvn> <kid> <host challenge>` (njiwa).
Bytes initialize_update_tlv(std::uint8_t kvn, std::uint8_t kid, const Challenge& host_challenge);
/// Card side. Throws CodecError("SCP03t InitializeUpdate", offset) unless `tlv` is exactly that TLV.
InitializeUpdateCommand parse_initialize_update_tlv(ByteView tlv);
/// `84 <L> <Table 7-2 response>`.
Bytes initialize_update_tlv_response(const InitializeUpdateResponse& response);
/// Host side: the body of an 84 TLV. Throws TlvErrorResponse for an error TLV, CodecError otherwise.
InitializeUpdateResponse parse_initialize_update_tlv_response(ByteView tlv);
/// `85 00`: the card's answer to an accepted 85 TLV (UNCONFIRMED, mirrors the observed `86 00`).
Bytes external_authenticate_tlv_response();
/// `9F <command tag - 40> 01 <code>`, e.g. `9F 46 01 02` for an 86 command (UNCONFIRMED: fits the one public
/// observation). `command_tag` must be 84, 85 or 86 (std::invalid_argument).
Bytes error_tlv(std::uint8_t command_tag, std::uint8_t code);

// -----------------------------------------------------------------------------------------------------------
// Sensitive data and keys (Amd D §6.2.8, §7.2)

/// GPCS §B.6 / Amd D §7.2.2: the first 3 bytes of AES-ECB(key, 16 x 01). Key of 16, 24 or 32 bytes.
KeyCheckValue key_check_value(ByteView key);
/// AES-CBC with a zero ICV under the static Key-DEK (no session DEK in SCP03). `data` must be whole 16-byte
/// blocks (padding of other sensitive data is application specific, Amd D §6.2.8). std::invalid_argument
/// otherwise.
Bytes encrypt_sensitive_data(ByteView dek, ByteView data);
/// The inverse; returns the plaintext as a secret.
SecretBytes decrypt_sensitive_data(ByteView dek, ByteView ciphertext);
/// Encrypts an AES key for PUT KEY / STORE DATA: 16- and 32-byte keys as they are, 24-byte keys after 8
/// arbitrary padding bytes taken from `padding` (Amd D §6.2.8), so the result is 16, 32 or 32 bytes.
Bytes encrypt_key(ByteView dek, ByteView key, Rng& padding);
/// Decrypts an encrypted AES key of `key_length` (16, 24, 32) bytes, dropping the padding. Throws CodecError
/// ("SCP03 key", 0) when the ciphertext is not the size that length implies.
SecretBytes decrypt_key(ByteView dek, ByteView ciphertext, std::size_t key_length);

} // namespace euicc::scp03
