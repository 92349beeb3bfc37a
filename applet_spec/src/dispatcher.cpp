// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.1, §5.4.1, §5.6: routes a C-APDU by CLA/INS to its handler and maps failures to status words.
#include "dispatcher.hpp"

#include <utility>

#include <euicc/apdu/cla.hpp>
#include <euicc/error.hpp>

namespace euicc::card {

namespace {

/// The parts of CLA the dispatcher acts on (ISO 7816-4 §5.4.1, TS 102 221 §10.1.1).
struct ClassByte {
    unsigned channel;
    bool proprietary;
    bool secure_messaging;
    bool chaining;
};

/// nullopt for a CLA outside the first and further interindustry layouts and for the GSM class AX,
/// which a UICC rejects so that a terminal can tell it from a GSM SIM (TS 102 221 §10.1.1).
std::optional<ClassByte> decode_class(std::uint8_t cla) {
    unsigned channel = 0;
    try {
        channel = apdu::channel_of_cla(cla);
    } catch (const CodecError&) {
        return std::nullopt;
    }
    if ((cla & 0xF0) == 0xA0) {
        return std::nullopt;
    }
    const bool further = (cla & 0x40) != 0;
    return ClassByte{
        channel,
        (cla & 0x80) != 0,
        further ? (cla & 0x20) != 0 : (cla & 0x0C) != 0,
        (cla & 0x10) != 0,
    };
}

bool allows(CommandClass classes, bool proprietary) {
    const auto wanted = proprietary ? CommandClass::Proprietary : CommandClass::Iso;
    return (static_cast<unsigned>(classes) & static_cast<unsigned>(wanted)) != 0;
}

Bytes encoded(apdu::StatusWord sw) { return Bytes{sw.sw1(), sw.sw2()}; }

constexpr apdu::StatusWord sm_not_supported{0x6882};     // ISO 7816-4 §5.6
constexpr apdu::StatusWord chaining_not_supported{0x6884};

/// ISO 7816-4 §5.6: more data than Le allows is refused with 6Cxx naming the exact length, so the terminal
/// can repeat the command with that Le (the host's CardChannel does so once).
apdu::ResponseApdu enforce_le(apdu::ResponseApdu response, const apdu::CommandApdu& command) {
    const auto ne = command.ne();
    const std::size_t available = response.data().size();
    if (!ne || available <= *ne) {
        return response;
    }
    if (available > 256) {
        return status(apdu::sw::wrong_length);
    }
    return status(apdu::StatusWord(0x6C, static_cast<std::uint8_t>(available & 0xFF)));
}

} // namespace

apdu::ResponseApdu status(apdu::StatusWord sw) { return apdu::ResponseApdu({}, sw); }

Dispatcher::Dispatcher(const LogicalChannels& channels, SecureMessaging* secure, Authority authority,
                       const SecretBytes* bearer_dek)
    : m_channels(channels), m_secure(secure), m_authority(authority), m_bearer_dek(bearer_dek) {}

void Dispatcher::add(std::uint8_t ins, CommandClass classes, Handler handler, Messaging messaging) {
    m_routes[ins] = Route{classes, messaging, std::move(handler)};
}

Bytes Dispatcher::process(ByteView raw) const noexcept {
    try {
        return dispatch(raw).encode();
    } catch (...) {
        // Nothing may escape to the reader loop: a crashed virtual card would hide the bug behind a
        // "card removed" on the host side (design.md, error model).
        return encoded(apdu::sw::technical_problem);
    }
}

apdu::ResponseApdu Dispatcher::run(const Route& route, const Command& command) noexcept {
    try {
        return enforce_le(route.handler(command), command.apdu);
    } catch (const CodecError&) {
        // A handler found its command data malformed (ISO 7816-4 §5.6: 6A80 incorrect parameters in data).
        return status(apdu::sw::wrong_data);
    } catch (...) {
        return status(apdu::sw::technical_problem);
    }
}

apdu::ResponseApdu Dispatcher::dispatch(ByteView raw) const {
    std::optional<apdu::CommandApdu> command;
    try {
        command.emplace(apdu::CommandApdu::parse(raw));
    } catch (const CodecError&) {
        // The body does not fit any case of ISO 7816-3 §12.1 (or Lc/Le disagree with the length).
        return status(apdu::sw::wrong_length);
    }
    const std::optional<ClassByte> cla = decode_class(command->cla());
    if (!cla) {
        return status(apdu::sw::cla_not_supported);
    }
    if (!m_channels.is_open(cla->channel)) {
        return status(apdu::sw::logical_channel_not_supported);
    }
    const Route& route = m_routes[command->ins()];
    if (!route.handler) {
        return status(apdu::sw::ins_not_supported);
    }
    if (!allows(route.classes, cla->proprietary)) {
        return status(apdu::sw::cla_not_supported);
    }
    if (cla->secure_messaging && route.messaging == Messaging::None) {
        return status(sm_not_supported);
    }
    if (cla->chaining) {
        return status(chaining_not_supported);  // command chaining not supported (ISO 7816-4 §5.6)
    }
    if (route.messaging == Messaging::Session) {
        return secured(route, *command, cla->channel, cla->proprietary, cla->secure_messaging);
    }
    return run(route, Command{*command, cla->channel, cla->proprietary, m_authority, m_bearer_dek});
}

apdu::ResponseApdu Dispatcher::secured(const Route& route, const apdu::CommandApdu& command, unsigned channel,
                                       bool proprietary, bool secure_messaging) const {
    std::optional<SecureMessaging::Unwrapped> unwrapped;
    if (m_secure != nullptr) {
        unwrapped = m_secure->unwrap(channel, command);
    }
    if (!unwrapped) {
        // No session on this channel: secure messaging has nothing to be checked against (ISO 7816-4 §5.6).
        if (secure_messaging) {
            return status(sm_not_supported);
        }
        return run(route, Command{command, channel, proprietary, m_authority, m_bearer_dek});
    }
    if (const auto* refusal = std::get_if<apdu::StatusWord>(&*unwrapped)) {
        return status(*refusal);
    }
    const auto& plain = std::get<apdu::CommandApdu>(*unwrapped);
    // Le is checked on the plain answer; R-MAC/R-ENCRYPTION are added afterwards (GP Amd D §6.2.5-§6.2.7).
    return m_secure->wrap(channel, run(route, Command{plain, channel, proprietary, Authority::Session}));
}

} // namespace euicc::card
