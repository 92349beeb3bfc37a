// SPDX-License-Identifier: Apache-2.0
// GP Amd D §6.2.2.1, §7.1.1 Table 7-2: what the ISD-R and the ISD-Ps announce when a secure channel starts.
#include "card_parameters.hpp"

#include <algorithm>

#include <euicc/apdu/eid.hpp>

namespace euicc::card {

scp03::CardParameters card_parameters(const Platform& platform, const Selection& sd, std::uint32_t counter) {
    scp03::CardParameters out;
    const Bytes eid = apdu::eid_to_bytes(platform.eid());
    std::copy(eid.end() - static_cast<std::ptrdiff_t>(out.diversification_data.size()), eid.end(),
              out.diversification_data.begin());
    out.i = scp03::i_sgp02;
    out.sequence_counter = counter;
    out.sd_aid = sd.aid;
    return out;
}

} // namespace euicc::card
