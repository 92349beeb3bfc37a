// SPDX-License-Identifier: Apache-2.0
// 3GPP TS 31.111 §7.1.1 / TS 31.115 §4-7: ENVELOPE SMS-PP data download to the ISD-R, from SMS-DELIVER to PoR.
#pragma once

#include <cstdint>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/sms_concatenation.hpp>

#include "admin_session_agent.hpp"
#include "por_submit.hpp"
#include "proactive_queue.hpp"
#include "remote_script_runner.hpp"
#include "scp80_receiver.hpp"

namespace euicc::card {

/// Takes the SMS-DELIVER of an SMS-PP download through reassembly, SCP80 checks and execution, and sends the PoR
/// the SPI asks for (applet_spec/ota.md §3-§6). Borrows everything it is given.
class SmsPpDownload {
public:
    SmsPpDownload(Scp80Receiver& receiver, RemoteScriptRunner& scripts, AdminSessionAgent& sessions,
                  ProactiveQueue& queue);

    /// The ENVELOPE's answer: 9000 (part stored, or no PoR wanted), PoR data + 9000 (SMS-DELIVER-REPORT path),
    /// 9000 with SEND SHORT MESSAGE queued (SMS-SUBMIT path; the card turns 9000 into 91xx), 6A80 for a TPDU that
    /// is no SMS-PP secured packet, 9300 while the toolkit is busy. Throws CodecError for a malformed TPDU or
    /// concatenation part (-> 6A80), euicc::Error when the counter cannot be stored (-> 6F00, nothing executed).
    apdu::ResponseApdu operator()(const cat::SmsPpDownload& envelope);

    /// Forgets partly received messages (a reset clears the card's RAM).
    void reset() noexcept { m_reassembler.clear(); }

private:
    apdu::ResponseApdu rejected(const scp80::CommandRejection& rejection, const PorDestination& destination);
    apdu::ResponseApdu accepted(const Reception& reception, const PorDestination& destination);
    /// The ENVELOPE answer for `por`, or the SEND SHORT MESSAGE commands carrying it.
    apdu::ResponseApdu send(Bytes por, bool via_sms_submit, const PorDestination& destination);

    Scp80Receiver& m_receiver;
    RemoteScriptRunner& m_scripts;
    AdminSessionAgent& m_sessions;
    ProactiveQueue& m_queue;
    sms::Reassembler m_reassembler;
    std::uint8_t m_next_reference = 0; ///< concatenation reference of the next multi-part PoR
};

} // namespace euicc::card
