// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4.2 / SGP.02 §2.4.4: runs the command scripts of an SCP81 admin session on the ISD-R or the
// application X-Admin-Targeted-Application names, and says what X-Admin-Script-Status the answer carries.
#include "admin_script_runner.hpp"

#include <euicc/apdu/gp.hpp>

namespace euicc::card {

AdminScriptRunner::Outcome AdminScriptRunner::run(ByteView script, const std::optional<Bytes>& target) {
    Outcome outcome;
    if (target && !(m_context.selected().aid == *target)) {
        // GP Amd B §3.4.2: the script is for the targeted application. Selecting it is what a terminal would do;
        // a selection that already holds is kept, so an SCP03t download spread over several scripts survives.
        const apdu::ResponseApdu selected = m_context.execute(gp::select(*target).encode());
        if (selected.sw() != apdu::sw::ok) {
            outcome.status = scp81::ScriptStatus::UnknownApplication;
            return outcome;
        }
    }
    if (!ScriptContext::is_expanded(script)) {
        // The content type promised an expanded script (Amd B §3.4.2); anything else is not executed. Amd B has no
        // status for a malformed script; security-error says "refused, nothing ran" (our choice, admin_agent.md §6).
        outcome.status = scp81::ScriptStatus::SecurityError;
        return outcome;
    }
    outcome.response = m_context.run_expanded(script);
    outcome.ran = true;
    return outcome;
}

} // namespace euicc::card
