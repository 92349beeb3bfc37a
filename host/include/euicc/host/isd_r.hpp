// SPDX-License-Identifier: Apache-2.0
// SGP.02 ES5 operations on the ISD-R over an SCP03 session (spec/sgp02.md §4, §5.1, §6): ISD-P creation and lab
// key establishment, profile enable/disable/delete/fall-back, SM-SR addressing, audit, notifications, PMC
// install and SM-SR change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/host/isd_r_results.hpp>
#include <euicc/host/security_domain_session.hpp>
#include <euicc/host/sgp02_errors.hpp>
#include <euicc/host/smsr_change.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

/// The SM-SR's view of one eUICC's ISD-R on the direct path (PC/SC, manufacturing line): each ES5 function is
/// the plain GP command of euicc::sgp02, wrapped by the ISD-R's SCP03 session (spec/sgp02.md §3 notes that OTA
/// the same commands travel in SCP80/SCP81 scripts instead).
///
/// Errors, for every operation: the typed errors of throw_status_word_error, named after the SGP.02 function
/// ("CREATE ISD-P", "ENABLE PROFILE", ...): NotEnoughMemoryError (6A84), PolicyError (69E1 anywhere; 6985 on
/// enable/disable/delete/set fall-back), StatusWordError otherwise; SecurityError from the session; CodecError
/// for malformed answers; std::invalid_argument for bad arguments (checked before anything is sent).
class IsdR {
public:
    /// SELECT ISD-R + SCP03 with the SM-SR's keyset (see SecurityDomainSession).
    IsdR(transport::CardChannel& channel, const scp03::StaticKeys& keys, Rng& rng, SecurityDomainOptions options = {});
    /// Takes over a session already opened on the ISD-R.
    explicit IsdR(SecurityDomainSession session);

    /// ES5.CreateISDP: INSTALL [for install and make selectable] (sgp02::create_isdp). Without an AID in the
    /// request, an audit picks the lowest free ISD-P number first.
    CreatedIsdp create_isdp(const CreateIsdpRequest& request = {});

    /// Gives a new ISD-P an SCP03 keyset: the lab path, a project choice (not SGP.02). SGP.02 §4.1.3.1 creates
    /// the ISD-P keys by ECKA key agreement (scenario #3, INSTALL [for personalization] + STORE DATA 3A01/3A02,
    /// needing CI-signed certificates in the ECASD); on a bench the SM-SR holds the ISD-R's SCP03 keys anyway,
    /// so it sends, under the ISD-R session:
    ///   1. INSTALL [for personalization] of the ISD-P (`80 E6 20 00 ...`, GPCS §11.5.2.3.5): the ISD-R sends
    ///      what follows to the ISD-P, as it does for key establishment;
    ///   2. PUT KEY of a new keyset (`80 D8 00 81 ...`, Amd D §7.2): `isdp_keys` ENC/MAC/DEK as key ids 1-3,
    ///      encrypted under the ISD-R's static Key-DEK; the card echoes the KVN and the KCVs, which are checked.
    /// The ISD-P then moves to PERSONALIZED (0F). Requires 16- or 32-byte keys with a DEK.
    IsdpKeyset establish_isdp_keys(ByteView isdp_aid, const scp03::StaticKeys& isdp_keys);

    /// ES5.EnableProfile: STORE DATA 3A03. Accepts 9000 and 91xx (a proactive REFRESH may follow).
    ProfileSwitch enable_profile(ByteView isdp_aid);
    /// ES5.DisableProfile: STORE DATA 3A04. Accepts 9000 and 91xx.
    ProfileSwitch disable_profile(ByteView isdp_aid);
    /// ES5.DeleteProfile: DELETE `80 E4 00 40 ...` of the ISD-P and its content.
    DeletedProfile delete_profile(ByteView isdp_aid);
    /// ES5.SetFallBackAttribute: STORE DATA 3A05 (the attribute leaves the previous holder).
    FallbackSet set_fallback(ByteView isdp_aid);
    /// ES5.UpdateSMSRAddressingParameters: STORE DATA 3A07 { A3 { 81 ... } } (single-source encoding, see
    /// sgp02::update_smsr_addressing_parameters).
    SmsrAddressingUpdate update_smsr_addressing_parameters(std::string_view sms_address_digits,
                                                           std::uint8_t ton_npi = 0x85);

    /// ES5 eUICCCapabilityAudit: GET STATUS of every platform entry (prefix search, 6310 pages followed), keeping
    /// the ISD-Ps, then GET DATA FF21 for the card resources.
    Audit audit();

    /// A notification the ISD-R holds for the SM-SR (SGP.02 §4.1.1.11). OTA the eUICC sends it by MO SMS or
    /// HTTPS; a bench host without those asks with GET DATA `80 CA 00 E1 00` (a project convention, not
    /// SGP.02): the answer is the `E1` object, or 6A88 when none is pending (nullopt).
    std::optional<sgp02::Notification> fetch_notification();
    /// Parses an `E1` notification that arrived another way (SMS user data, an HTTP body).
    static sgp02::Notification receive_notification(ByteView e1);
    /// ES5.HandleNotificationConfirmation: STORE DATA 3A08 with the sequence number; the eUICC stops repeating
    /// that notification and lists ISD-Ps it deleted as a consequence.
    NotificationConfirmation confirm_notification(std::uint16_t sequence);

    /// GET DATA E0 (GPCS §11.3.3.1): the ISD-R's keys (basic format).
    std::vector<gp::KeyInformation> key_information();

    /// PMC install by the current SM-SR: PUT KEY of each new keyset under this session's DEK (Amd D §7.2),
    /// as new keysets (P1 00), or replacing a keyset of the same KVN when `replace_existing` lists it.
    /// Neither keyset present: std::invalid_argument.
    PmcInstallation install_pmc(const SmsrKeysets& keys, const std::vector<std::uint8_t>& replace_existing = {});

    /// SM-SR change on the direct path (the simplified "PUT KEY + DELETE" of spec/sgp02.md §9.5, not the ES7
    /// ECKA procedure): GET DATA E0; install_pmc(); a new session with the new SCP03 keys (proving they work
    /// before anything is removed, like SGP.02 §3.8 where SM-SR2 finalises with its own keys); removal of the
    /// old keysets (FinaliseISDRhandover or DELETE key); GET DATA E0 again, which must show every new KVN and
    /// none of the removed ones (euicc::Error otherwise). Afterwards this object works with the new keys and the
    /// old SM-SR's keys are refused (INITIALIZE UPDATE 6A88). A new KVN that already exists is replaced, not
    /// removed. std::invalid_argument without an SCP03 keyset, or when an old keyset to remove is a new KVN.
    SmsrChange change_smsr(const SmsrChangeRequest& request);

    /// Removes the old SM-SR's keysets: one FinaliseISDRhandover DELETE for all, or one DELETE key per KVN
    /// (KeyRemoval). Nothing to send for an empty list. Errors as every operation.
    void remove_keysets(const std::vector<sgp02::KeysetRange>& keysets, KeyRemoval removal);

    SecurityDomainSession& session() noexcept { return m_session; }

private:
    ProfileSwitch switch_profile(const apdu::CommandApdu& command, ByteView isdp_aid, const char* name);

    SecurityDomainSession m_session;
};

} // namespace euicc::host
