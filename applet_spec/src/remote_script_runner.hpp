// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 226 §5: executes compact and expanded remote command scripts of SCP80 packets on the ISD-R.
#pragma once

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>

#include "script_context.hpp"

namespace euicc::card {

/// Runs the scripts addressed to the ISD-R TAR, each in a fresh ScriptContext (only the basic channel open, the
/// ISD-R selected). The packet was authenticated by SCP80, so its commands carry Authority::Ota (platform
/// management allowed without SCP03, applet_spec/sgp02.md §2). Borrows everything it is given.
class RemoteScriptRunner {
public:
    RemoteScriptRunner(const Applications& applications, const DataObjects& data_objects, Platform& platform,
                       Rng& rng)
        : m_context(applications, data_objects, platform, rng, Authority::Ota) {}

    /// Runs `script` and returns the response for the PoR (applet_spec/ota.md §5): an expanded script (first byte
    /// AA or AE) gets an AB/AF response scripting template, anything else is read as a compact script and gets a
    /// compact response. Never throws for malformed scripts.
    Bytes run(ByteView script) {
        // Every SCP80 script starts afresh (TS 102 226 §5: each packet's commands go to the TAR's application).
        m_context.restart();
        return ScriptContext::is_expanded(script) ? m_context.run_expanded(script) : m_context.run_compact(script);
    }

private:
    ScriptContext m_context;
};

} // namespace euicc::card
