// SPDX-License-Identifier: Apache-2.0
// ENVELOPE SMS-PP data download and where its PoR comes back (3GPP TS 31.111 §7.1.1, TS 31.115 §4).
#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/host/toolkit_terminal.hpp>

#include "short_message_por.hpp"

namespace euicc::host {

SmsPpOutcome ToolkitTerminal::sms_pp_download(const sms::Deliver& sms,
                                              const std::optional<sms::Address>& smsc) {
    cat::SmsPpDownload download;
    download.devices = cat::DeviceIdentities{cat::device::network, cat::device::uicc};
    if (smsc) {
        // The address object carries the RP-layer form: TON/NPI then BCD digits, no length (TS 102 223 §8.1).
        download.address = cat::decode_address(smsc->encode_rp());
    }
    download.tpdu = sms.encode();

    SmsPpOutcome result;
    result.envelope = envelope(cat::encode(download));
    // TS 102 225 §5.2 / SPI byte 2 b6: a card that sends its PoR by SMS-SUBMIT may still answer the ENVELOPE
    // with data (status 0B "response via SMS-SUBMIT"); the SMS-SUBMIT is then the actual PoR.
    if (auto submitted = detail::por_from_short_messages(result.envelope.proactive)) {
        result.por = std::move(submitted);
        result.por_source = PorSource::ShortMessage;
    } else if (!result.envelope.response_data.empty()) {
        result.por = result.envelope.response_data;
        result.por_source = PorSource::EnvelopeResponse;
    }
    return result;
}

} // namespace euicc::host
