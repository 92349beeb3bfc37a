// SPDX-License-Identifier: Apache-2.0
// GP Amd D §5.6, §6.2: secure messaging of the commands on a channel with an SCP03 session (C-MAC, C-DECRYPTION,
// R-MAC, R-ENCRYPTION), as the dispatcher's SecureMessaging.
#pragma once

#include "channel_context.hpp"
#include "dispatcher.hpp"

namespace euicc::card {

/// Unwraps commands and wraps answers with the session in each channel's context. Borrows `contexts`.
class SessionMessaging final : public SecureMessaging {
public:
    explicit SessionMessaging(ChannelContexts& contexts) : m_contexts(contexts) {}

    /// No session: nullopt. A session that rejects the command (no or wrong C-MAC, bad padding, a command before
    /// EXTERNAL AUTHENTICATE, an aborted session): 6982 and the session is dropped (Amd D §5.6).
    std::optional<Unwrapped> unwrap(unsigned channel, const apdu::CommandApdu& command) noexcept override;
    apdu::ResponseApdu wrap(unsigned channel, const apdu::ResponseApdu& response) noexcept override;

private:
    ChannelContexts& m_contexts;
};

} // namespace euicc::card
