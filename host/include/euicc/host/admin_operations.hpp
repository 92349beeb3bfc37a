// SPDX-License-Identifier: Apache-2.0
// The SGP.02 operations of an admin plan run through an SCP81 admin session (spec/scp81.md §6; spec/sgp02.md
// §4-§6): the ISD-R reached by a SecurityDomainSession secured by the bearer, ISD-Ps by IsdP.
#pragma once

#include <functional>
#include <optional>

#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/host/admin_records.hpp>
#include <euicc/host/admin_session_plan.hpp>
#include <euicc/host/isd_p.hpp>
#include <euicc/host/isd_r_results.hpp>
#include <euicc/host/smsr_change.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

/// What a plan produced.
struct AdminPlanOutcome {
    std::optional<CreatedIsdp> created;
    std::optional<ProfileInstallation> installation;
    std::optional<SmsrChange> smsr_change;
    std::optional<Scp81Keyset> new_scp81; ///< the SCP81 keyset an smsr-change put
    std::optional<Audit> audit;
};

/// Called once per completed step with an event holding step, isdp_aid, iccid and detail (the caller adds
/// EID, session and time).
using AdminStepSink = std::function<void(AdminEvent)>;

/// Runs `plan` (validated first: std::invalid_argument, nothing sent) on the card behind `channel`, which
/// starts with the ISD-R selected on the basic channel (an AdminTunnelChannel). ISD-R commands go plain
/// (SecurityDomainSession::over_secure_bearer); keys are put under `session_dek`, the DEK of the SCP81 keyset
/// the session authenticated with (nullptr: an operation that puts keys throws std::logic_error).
///   profile-download: CREATE ISD-P, keys, download (ContainerCreated, KeysEstablished, ProfileInstalled);
///   profile-installation: the same, then ENABLE (ProfileEnabled);
///   enabling / disabling / profile-deletion / status-change (set fall-back): one ES5 function;
///   smsr-change: GET DATA E0, PUT KEY of each new keyset (replacing one of the same KVN), removal of the old
///   ones, GET DATA E0 again, which must list every new KVN and none of the removed ones (Error otherwise);
///   audit (plan.audit or an audit-only plan): eUICCCapabilityAudit (Audited).
/// Errors: those of IsdR / IsdP / the channel, unchanged; the steps done before stay reported.
AdminPlanOutcome run_admin_plan(transport::CardChannel& channel, const AdminPlan& plan,
                                const SecretBytes* session_dek, Rng& rng, const AdminStepSink& on_step);

} // namespace euicc::host
