// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4.2 / SGP.02 §2.4.4: runs the command scripts of an SCP81 admin session on the ISD-R or the
// application X-Admin-Targeted-Application names, and says what X-Admin-Script-Status the answer carries.
#pragma once

#include <optional>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/apdu/secret_bytes.hpp>

#include "script_context.hpp"

namespace euicc::card {

/// The script context of one admin session (applet_spec/admin_agent.md §6): commands carry
/// Authority::AdminSession and the session keyset's DEK; what a script selects stays selected for the next script
/// of the same connection. Borrows everything it is given.
class AdminScriptRunner {
public:
    AdminScriptRunner(const Applications& applications, const DataObjects& data_objects, Platform& platform,
                      Rng& rng)
        : m_context(applications, data_objects, platform, rng, Authority::AdminSession) {}

    /// A new connection: the ISD-R selected on the basic channel, `dek` the key PUT KEY decrypts under.
    void restart(SecretBytes dek) { m_context.restart(std::move(dek)); }

    struct Outcome {
        scp81::ScriptStatus status = scp81::ScriptStatus::Ok;
        Bytes response; ///< the AB/AF response scripting template; empty unless status is Ok
        bool ran = false; ///< the script was executed (status Ok)
    };

    /// Runs `script` (the body of a 200 OK) in the context, after selecting `target` on the basic channel when it
    /// is given and not selected already. unknown-application when no application with that AID can be selected;
    /// security-error when the body is no expanded command script (TS 102 226 §5.2, first byte AA/AE). Never
    /// throws for what the server sent.
    Outcome run(ByteView script, const std::optional<Bytes>& target);

private:
    ScriptContext m_context;
};

} // namespace euicc::card
