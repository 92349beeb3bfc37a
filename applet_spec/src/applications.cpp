// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.2 / GPCS §11.9: what a SELECT can reach on the virtual eUICC (MF, ISD-R, ECASD, ISD-Ps) and AID matching.
#include "applications.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <euicc/apdu/aid.hpp>

#include "platform_state.hpp"

namespace euicc::card {

namespace {

bool starts_with(const Bytes& aid, ByteView prefix) {
    return prefix.size() <= aid.size() && std::equal(prefix.begin(), prefix.end(), aid.begin());
}

} // namespace

std::string_view name_of(Selectable selectable) noexcept {
    switch (selectable) {
    case Selectable::Mf: return "MF";
    case Selectable::IsdR: return "ISD-R";
    case Selectable::Ecasd: return "ECASD";
    case Selectable::IsdP: return "ISD-P";
    }
    return "?";
}

Applications::Applications()
    // SGP.02 §2.2.3: the AIDs the EUM installs; both share the 15-byte prefix A0000005591010FFFFFFFF89000001/02.
    : m_applications{{Selectable::IsdR, Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end())},
                     {Selectable::Ecasd, Bytes(apdu::aid::ecasd.begin(), apdu::aid::ecasd.end())}} {}

std::optional<Application> Applications::find(ByteView aid, const PlatformState* platform) const {
    std::vector<Application> candidates = m_applications;
    if (platform != nullptr) {
        for (const IsdpRecord& isdp : platform->isdps) {
            if (isdp.selectable()) {
                candidates.push_back({Selectable::IsdP, isdp.aid});
            }
        }
    }
    std::optional<Application> prefix_match;
    std::size_t prefix_matches = 0;
    for (Application& app : candidates) {
        if (app.aid.size() == aid.size() && starts_with(app.aid, aid)) {
            return std::move(app);
        }
        if (starts_with(app.aid, aid)) {
            prefix_match = std::move(app);
            ++prefix_matches;
        }
    }
    return prefix_matches == 1 ? prefix_match : std::nullopt;
}

const Application& Applications::get(Selectable id) const {
    for (const Application& app : m_applications) {
        if (app.id == id) {
            return app;
        }
    }
    throw std::invalid_argument(std::string(name_of(id)) + " is not a fixed application with an AID");
}

} // namespace euicc::card
