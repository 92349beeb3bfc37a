// SPDX-License-Identifier: Apache-2.0
// GPCS §11.9.3.1 / ETSI TS 102 221 §11.1.1.3: the FCI a SELECT by AID returns and the FCP of the MF.
#include "file_control.hpp"

#include <euicc/apdu/ber_tlv.hpp>

namespace euicc::card {

namespace {

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& part : parts) {
        append(out, part);
    }
    return out;
}

} // namespace

Bytes fci_template(const Application& application) {
    // 9F65 is the longest command data field the SD accepts; 255 = a short Lc (GPCS §11.1.5).
    const Bytes proprietary = ber::encode(0x9F65, Bytes{0xFF});
    return ber::encode(0x6F, concat({ber::encode(0x84, application.aid), ber::encode(0xA5, proprietary)}));
}

Bytes mf_fcp_template() {
    return ber::encode(
        0x62, concat({
                  ber::encode(0x82, Bytes{0x78, 0x21}),        // file descriptor: DF, shareable; data coding 21
                  ber::encode(0x83, Bytes{0x3F, 0x00}),        // file identifier
                  ber::encode(0xA5, ber::encode(0x80, Bytes{0x71})),  // UICC characteristics: clock stop, classes A-C
                  ber::encode(0x8A, Bytes{0x05}),              // life cycle status: operational, activated
                  ber::encode(0x8B, Bytes{0x2F, 0x06, 0x01}),  // security attributes: EF.ARR 2F06, record 1
                  ber::encode(0xC6, concat({ber::encode(0x90, Bytes{0x00}),    // PS_DO: no PIN enabled
                                            ber::encode(0x83, Bytes{0x01})})),  // key reference: PIN1
              }));
}

} // namespace euicc::card
