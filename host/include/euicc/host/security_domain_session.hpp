// SPDX-License-Identifier: Apache-2.0
// A GlobalPlatform security domain reached over SCP03 (GPCS v2.3.1 §11.9 SELECT, GP Amd D v1.1.1 §6-§7): select,
// authenticate with a static keyset, then wrap every command and unwrap every answer; or, inside an SCP81
// PSK-TLS session (SGP.02 §2.4.4), select only and let the bearer secure the commands.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

struct SecurityDomainOptions {
    /// Amd D Table 7-3. 33 (C-MAC, C-DECRYPTION, R-MAC, R-ENCRYPTION) suits an SGP.02 ISD-R/ISD-P (i = 70);
    /// 03 for cards without R-MAC. The card's i must support it (std::invalid_argument otherwise).
    scp03::SecurityLevel level = scp03::SecurityLevel::CMacCDecRMacREnc;
    /// Logical channel (0..19) of the session. Channels other than 0 must already be open
    /// (CardChannel::open_logical_channel); the session neither opens nor closes them.
    unsigned logical_channel = 0;
    /// Card quirk of some SCP03 products (scp03::SessionOptions::counter_only_with_data). Off by default.
    bool counter_only_with_data = false;
    /// Name in error texts; empty: from the AID ("ISD-R", "ECASD", "ISD-P A000...1100", or the AID in hex).
    std::string name;
};

/// "ISD-R", "ECASD", "ISD-P <AID hex>" for SGP.02 platform AIDs, otherwise the AID in hex.
std::string security_domain_name(ByteView aid);

/// One SCP03 session with one security domain: SELECT by AID (GPCS §11.9), INITIALIZE UPDATE with a host
/// challenge from the injected Rng, card cryptogram check, EXTERNAL AUTHENTICATE at the chosen level (Amd D
/// §7.1). Then transmit() wraps each plain command (CLA 80 on channel 0; re-addressed to the session's channel)
/// and returns the unwrapped answer.
///
/// Errors: StatusWordError naming the step for a refused SELECT / INITIALIZE UPDATE (6A88: no such keyset) /
/// EXTERNAL AUTHENTICATE (6300); scp03::CryptogramMismatch (a SecurityError) when the card's cryptogram shows it
/// does not hold these keys; SecurityError for a KVN other than the one asked for or a wrong R-MAC later (the
/// session is then aborted: every later transmit throws SecurityError). Every SecurityError text starts with
/// the security domain's name; no text ever contains key bytes. Transport errors pass through.
///
/// "Secured by the bearer" mode (over_secure_bearer): for commands that travel in an SCP81 admin session
/// (spec/scp81.md §6; SGP.02 §2.4.4: the PSK-TLS session authenticates the SM-SR and protects the scripts, so
/// ES5 commands carry no SCP03 secure messaging). Only the SELECT is sent at opening; transmit()/expect()/
/// store_data() pass the plain commands on (CLA 80 re-addressed to the session's channel) and return the plain
/// answers.
///
/// Borrows `channel` and `rng`: both must outlive the session. Movable, not copyable, not thread-safe.
class SecurityDomainSession {
public:
    SecurityDomainSession(transport::CardChannel& channel, ByteView sd_aid, const scp03::StaticKeys& keys, Rng& rng,
                          SecurityDomainOptions options = {});

    /// A session secured by the bearer (see the class comment): SELECT by AID only (StatusWordError "SELECT
    /// <name>" when refused). `dek` is the key-encryption key of the bearer's keyset (for SCP81 the DEK, key
    /// identifier 2, of the ISD-R keyset the PSK-TLS session authenticated with); it is copied, and put_key()
    /// encrypts under it. nullptr: put_key() throws std::logic_error. options.level and counter_only_with_data
    /// are ignored; level() reports Authenticated (00: no secure messaging) and key_version() 0. Throws
    /// std::invalid_argument for a DEK that is not an AES key (16, 24 or 32 bytes) or a channel over 19.
    static SecurityDomainSession over_secure_bearer(transport::CardChannel& channel, ByteView sd_aid,
                                                    const SecretBytes* dek, Rng& rng,
                                                    SecurityDomainOptions options = {});

    SecurityDomainSession(SecurityDomainSession&&) noexcept = default;
    SecurityDomainSession& operator=(SecurityDomainSession&&) noexcept = default;
    SecurityDomainSession(const SecurityDomainSession&) = delete;
    SecurityDomainSession& operator=(const SecurityDomainSession&) = delete;
    ~SecurityDomainSession() = default;

    /// Wraps `command`, sends it, unwraps and returns the answer (any SW: values, not errors). In bearer mode the
    /// command goes out unwrapped, re-addressed to the session's channel.
    apdu::ResponseApdu transmit(const apdu::CommandApdu& command);
    /// transmit(), then 9000 (or one of `also_ok`) or the typed error of throw_status_word_error naming `name`.
    apdu::ResponseApdu expect(const apdu::CommandApdu& command, const std::string& name,
                              std::initializer_list<apdu::StatusWord> also_ok = {});
    /// A STORE DATA sequence (GPCS §11.11): `data` cut by gp::store_data_blocks into blocks that still fit a
    /// short APDU once wrapped (scp03::max_short_data; 255 bytes in bearer mode), numbered from 00, the last one
    /// flagged. Every block must answer 9000; returns the last answer (the only one that may carry data).
    apdu::ResponseApdu store_data(ByteView data, const gp::StoreDataOptions& options, const std::string& name);
    /// PUT KEY (GPCS §11.8, Amd D §7.2) of AES keys under this session's static Key-DEK, named `name` in errors.
    /// Checks that the card echoes `new_version` and the key check values it was sent (SecurityError otherwise:
    /// the card decrypted other keys). std::logic_error when the session's keyset has no DEK (in bearer mode: when
    /// no DEK was given).
    gp::PutKeyResponse put_key(std::uint8_t new_version, const std::vector<ByteView>& keys,
                               const gp::PutKeyOptions& options, const std::string& name);

    /// Ends this session and opens a new one on the same security domain and channel with `keys` (SELECT again,
    /// then INITIALIZE UPDATE / EXTERNAL AUTHENTICATE); e.g. after new keys were put. Same errors as the
    /// constructor. After a failure the session is closed (the new SELECT ended the old one on the card):
    /// transmit() then throws std::logic_error until a reopen() succeeds. In bearer mode: std::logic_error (the
    /// bearer, not an SCP03 keyset, secures that session), nothing sent.
    void reopen(const scp03::StaticKeys& keys);

    /// True for a session made by over_secure_bearer().
    bool secured_by_bearer() const noexcept { return !m_wrapper.has_value(); }

    const Bytes& aid() const noexcept { return m_aid; }
    const std::string& name() const noexcept { return m_options.name; }
    unsigned logical_channel() const noexcept { return m_options.logical_channel; }
    scp03::SecurityLevel level() const noexcept {
        return m_wrapper ? m_options.level : scp03::SecurityLevel::Authenticated;
    }
    /// The KVN of the keyset the card authenticated with (its INITIALIZE UPDATE answer).
    std::uint8_t key_version() const noexcept { return m_key_version; }
    transport::CardChannel& channel() noexcept { return *m_channel; }
    Rng& rng() noexcept { return *m_rng; }

private:
    /// Bearer mode: SELECT only.
    SecurityDomainSession(transport::CardChannel& channel, ByteView sd_aid, const SecretBytes* dek, Rng& rng,
                          SecurityDomainOptions options);
    static void select(transport::CardChannel& channel, ByteView aid, const SecurityDomainOptions& options);
    static scp03::HostWrapper authenticate(transport::CardChannel& channel, ByteView aid, const scp03::StaticKeys& keys,
                                           Rng& rng, const SecurityDomainOptions& options, std::uint8_t& key_version);

    transport::CardChannel* m_channel;
    Rng* m_rng;
    Bytes m_aid;
    SecurityDomainOptions m_options;
    std::uint8_t m_key_version = 0;
    std::optional<scp03::HostWrapper> m_wrapper; ///< empty in bearer mode
    SecretBytes m_dek;
    bool m_open = true;
};

} // namespace euicc::host
