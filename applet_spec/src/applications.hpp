// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.2 / GPCS §11.9: what a SELECT can reach on the virtual eUICC (MF, ISD-R, ECASD) and AID matching.
#pragma once

#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::card {

/// Everything a logical channel can have selected. The MF is reached by file identifier, the security
/// domains by AID.
enum class Selectable { Mf, IsdR, Ecasd };

/// "MF", "ISD-R", "ECASD".
std::string_view name_of(Selectable selectable) noexcept;

/// An application selectable by AID (ISO 7816-4 §8.2.1.2, GPCS §11.9).
struct Application {
    Selectable id;
    Bytes aid;
};

/// The card's applications. A lookup takes a full AID or, per ISO 7816-4 §7.1.1, a leading part of one.
class Applications {
public:
    Applications();

    /// The application with `aid` exactly, else the only one whose AID starts with `aid`; nullptr when no
    /// application or more than one matches (an ambiguous partial AID is refused rather than guessed).
    const Application* find(ByteView aid) const noexcept;
    /// The application with `id`; throws std::invalid_argument for Selectable::Mf (it has no AID).
    const Application& get(Selectable id) const;

private:
    std::vector<Application> m_applications;
};

} // namespace euicc::card
