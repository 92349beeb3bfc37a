// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.2 / GPCS §11.9: what a SELECT can reach on the virtual eUICC (MF, ISD-R, ECASD) and AID matching.
#include "applications.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace euicc::card {

namespace {

// SGP.02 §2.2.3: the AIDs the EUM installs; both share the 15-byte prefix A0000005591010FFFFFFFF89000001/02.
const Bytes isd_r_aid{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                      0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00};
const Bytes ecasd_aid{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                      0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x02, 0x00};

bool starts_with(const Bytes& aid, ByteView prefix) {
    return prefix.size() <= aid.size() && std::equal(prefix.begin(), prefix.end(), aid.begin());
}

} // namespace

std::string_view name_of(Selectable selectable) noexcept {
    switch (selectable) {
    case Selectable::Mf: return "MF";
    case Selectable::IsdR: return "ISD-R";
    case Selectable::Ecasd: return "ECASD";
    }
    return "?";
}

Applications::Applications()
    : m_applications{{Selectable::IsdR, isd_r_aid}, {Selectable::Ecasd, ecasd_aid}} {}

const Application* Applications::find(ByteView aid) const noexcept {
    const Application* prefix_match = nullptr;
    std::size_t prefix_matches = 0;
    for (const Application& app : m_applications) {
        if (app.aid.size() == aid.size() && starts_with(app.aid, aid)) {
            return &app;
        }
        if (starts_with(app.aid, aid)) {
            prefix_match = &app;
            ++prefix_matches;
        }
    }
    return prefix_matches == 1 ? prefix_match : nullptr;
}

const Application& Applications::get(Selectable id) const {
    for (const Application& app : m_applications) {
        if (app.id == id) {
            return app;
        }
    }
    throw std::invalid_argument(std::string(name_of(id)) + " is not an application with an AID");
}

} // namespace euicc::card
