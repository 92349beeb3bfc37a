// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 226 §5: the context remote command scripts run in (own dispatcher and logical channels) and their
// compact and expanded execution.
#pragma once

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/secret_bytes.hpp>

#include "applications.hpp"
#include "channel_context.hpp"
#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// A dispatcher of its own with the application commands (card_commands.hpp) and logical channels of its own: a
/// script reaches everything the card implements for applications, and nothing it does (SELECT, MANAGE CHANNEL)
/// disturbs the terminal's channels. Every command carries `authority` (applet_spec/sgp02.md §2). The context lives
/// as long as its owner wants: the SCP80 runner restarts it for every script, an admin session once per session,
/// so a SELECT in one script of the session still holds in the next. Borrows everything it is given.
class ScriptContext {
public:
    ScriptContext(const Applications& applications, const DataObjects& data_objects, Platform& platform, Rng& rng,
                  Authority authority);
    ScriptContext(const ScriptContext&) = delete;
    ScriptContext& operator=(const ScriptContext&) = delete;

    /// Back to the start of a script sequence: only the basic channel open, the ISD-R selected on it (TS 102 226
    /// §5: the commands go to the application the TAR / the session names). `bearer_dek` is the key commands carry
    /// as Command::bearer_dek (Authority::AdminSession; empty = none).
    void restart(SecretBytes bearer_dek = {});

    /// Runs one C-APDU as sent and returns its R-APDU (at least SW1 SW2). Never throws.
    apdu::ResponseApdu execute(ByteView c_apdu);
    /// What the basic channel has selected.
    const Selection& selected() const { return m_channels.selected(0); }

    /// TS 102 226 §5.1: a compact script and its compact response. Never throws for malformed scripts.
    Bytes run_compact(ByteView script);
    /// TS 102 226 §5.2: an expanded script (AA/AE) and its AB/AF response; TLVs the card cannot read end in a bad
    /// format TLV. Never throws for malformed scripts.
    Bytes run_expanded(ByteView script);

    /// The first byte of an expanded command scripting template (AA definite, AE indefinite).
    static bool is_expanded(ByteView script) noexcept;

private:
    const Applications& m_applications;
    LogicalChannels m_channels;
    ChannelContexts m_contexts{m_channels};
    SecretBytes m_bearer_dek;
    Dispatcher m_dispatcher;
};

} // namespace euicc::card
