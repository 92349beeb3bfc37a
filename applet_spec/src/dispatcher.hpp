// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.1, §5.4.1, §5.6: routes a C-APDU by CLA/INS to its handler and maps failures to status words.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <variant>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/secret_bytes.hpp>

#include "logical_channels.hpp"

namespace euicc::card {

/// Who vouches for a command (applet_spec/sgp02.md §2): platform management needs one of the last three.
enum class Authority : std::uint8_t {
    None,         ///< sent as it is on a channel without an authenticated secure channel session
    Session,      ///< unwrapped by the SCP03 session (GP Amd D) of the security domain selected on its channel
    Ota,          ///< part of a remote command script in an SCP80 packet the ISD-R accepted (TS 102 225, TS 102 226)
    AdminSession, ///< part of a script of an SCP81 admin session (PSK-TLS, GP Amd B; applet_spec/admin_agent.md)
};

/// One decoded command as a handler sees it (after secure messaging was removed).
struct Command {
    const apdu::CommandApdu& apdu;
    unsigned channel;   ///< logical channel from CLA; always open when a handler runs
    bool proprietary;   ///< CLA b8 = 1: GlobalPlatform/ETSI class (8X, CX, EX), else ISO class (0X, 4X, 6X)
    Authority authority = Authority::None;
    /// Authority::AdminSession: the DEK (KID 2) of the SCP81 keyset the session authenticated with, under which
    /// PUT KEY decrypts keys (applet_spec/admin_agent.md §3); nullptr otherwise. Borrowed for the call.
    const SecretBytes* bearer_dek = nullptr;
};

/// A command handler: answers with data + SW. A CodecError it throws becomes 6A80, anything else 6F00.
using Handler = std::function<apdu::ResponseApdu(const Command&)>;

/// Which CLA classes a command exists in (ISO 7816-4 §5.4.1: b8 = 0 interindustry, b8 = 1 proprietary).
enum class CommandClass : std::uint8_t { Iso = 1, Proprietary = 2, Any = 3 };

/// How a command meets secure messaging (GP Amd D §5.6).
enum class Messaging : std::uint8_t {
    None,    ///< never secured: a secure-messaging indication in CLA is refused with 6882 (SELECT, toolkit, ...)
    Session, ///< protected by the secure channel session of its logical channel when one exists
    Raw,     ///< the handler takes the command as sent, indication included (EXTERNAL AUTHENTICATE)
};

/// The secure channel layer the dispatcher consults for Messaging::Session routes.
class SecureMessaging {
public:
    /// The plain command, or the status word that refuses it.
    using Unwrapped = std::variant<apdu::CommandApdu, apdu::StatusWord>;

    virtual ~SecureMessaging() = default;
    /// nullopt when no session exists on `channel` (the command then runs as sent); otherwise the command with
    /// its protection checked and removed, or the refusal (after which the session is over). Never throws.
    virtual std::optional<Unwrapped> unwrap(unsigned channel, const apdu::CommandApdu& command) noexcept = 0;
    /// Protects the answer to the command unwrap() returned last on `channel`. Never throws.
    virtual apdu::ResponseApdu wrap(unsigned channel, const apdu::ResponseApdu& response) noexcept = 0;
};

/// An answer carrying only a status word.
apdu::ResponseApdu status(apdu::StatusWord sw);

/// The front of the card: decodes the APDU and CLA, checks the logical channel, removes secure messaging, routes by
/// INS. Borrows `channels` and `secure` (both must outlive the dispatcher). Handlers run on the caller's thread.
class Dispatcher {
public:
    /// `secure` may be null (no secure channel sessions); `authority` is what every command without a session
    /// carries (Authority::Ota or AdminSession for the dispatchers that run remote scripts), `bearer_dek` the
    /// key those commands carry as Command::bearer_dek (may be null; borrowed, must outlive the dispatcher).
    explicit Dispatcher(const LogicalChannels& channels, SecureMessaging* secure = nullptr,
                        Authority authority = Authority::None, const SecretBytes* bearer_dek = nullptr);

    /// Routes INS `ins` in the CLA classes `classes` to `handler` (replaces an earlier route).
    void add(std::uint8_t ins, CommandClass classes, Handler handler, Messaging messaging = Messaging::None);

    /// One C-APDU in, one R-APDU out (at least SW1 SW2). Never throws.
    Bytes process(ByteView raw) const noexcept;

private:
    struct Route {
        CommandClass classes = CommandClass::Any;
        Messaging messaging = Messaging::None;
        Handler handler;
    };

    apdu::ResponseApdu dispatch(ByteView raw) const;
    apdu::ResponseApdu secured(const Route& route, const apdu::CommandApdu& command, unsigned channel,
                               bool proprietary, bool secure_messaging) const;
    static apdu::ResponseApdu run(const Route& route, const Command& command) noexcept;

    std::array<Route, 256> m_routes;  ///< indexed by INS; empty handler = INS not supported
    const LogicalChannels& m_channels;
    SecureMessaging* m_secure;
    Authority m_authority;
    const SecretBytes* m_bearer_dek;
};

} // namespace euicc::card
