// SPDX-License-Identifier: Apache-2.0
// GP Amd D §5.6, §6.2: secure messaging of the commands on a channel with an SCP03 session (C-MAC, C-DECRYPTION,
// R-MAC, R-ENCRYPTION), as the dispatcher's SecureMessaging.
#include "session_messaging.hpp"

#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

namespace euicc::card {

std::optional<SecureMessaging::Unwrapped> SessionMessaging::unwrap(unsigned channel,
                                                                   const apdu::CommandApdu& command) noexcept {
    try {
        ChannelContext& context = m_contexts.at(channel);
        if (!context.session) {
            return std::nullopt;
        }
        try {
            return Unwrapped{context.session->wrapper.unwrap(command)};
        } catch (const SecurityError&) {
            // Amd D §5.6: a security failure ends the session; later commands run without one.
            context.session.reset();
            return Unwrapped{apdu::sw::security_status_not_satisfied};
        }
    } catch (...) {
        return Unwrapped{apdu::sw::technical_problem};
    }
}

apdu::ResponseApdu SessionMessaging::wrap(unsigned channel, const apdu::ResponseApdu& response) noexcept {
    try {
        ChannelContext& context = m_contexts.at(channel);
        if (context.session) {
            return context.session->wrapper.wrap(response);
        }
    } catch (...) {
    }
    // No protection can be computed (the session ended meanwhile): the status word alone, as for errors
    // (Amd D §6.2.5), never unprotected data.
    return apdu::ResponseApdu({}, response.sw());
}

} // namespace euicc::card
