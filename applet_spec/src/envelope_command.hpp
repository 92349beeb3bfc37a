// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 221 §11.2.2 / TS 102 223 §7 / TS 31.111 §7: ENVELOPE, routed by its BER-TLV tag.
#pragma once

#include "admin_session_agent.hpp"
#include "dispatcher.hpp"
#include "sms_pp_download.hpp"

namespace euicc::card {

/// ENVELOPE (80 C2 00 00 Lc data). D1 SMS-PP download goes to `sms_pp`; D7 timer expiration and the D6 events data
/// available and channel status go to `sessions`; the other envelopes (other events, menu selection, call control,
/// ...) are accepted and ignored. Borrows both.
class EnvelopeCommand {
public:
    EnvelopeCommand(SmsPpDownload& sms_pp, AdminSessionAgent& sessions)
        : m_sms_pp(sms_pp), m_sessions(sessions) {}
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    SmsPpDownload& m_sms_pp;
    AdminSessionAgent& m_sessions;
};

} // namespace euicc::card
