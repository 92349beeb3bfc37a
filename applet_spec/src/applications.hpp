// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.2 / GPCS §11.9: what a SELECT can reach on the virtual eUICC (MF, ISD-R, ECASD, ISD-Ps) and AID matching.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::card {

struct PlatformState;

/// Everything a logical channel can have selected. The MF is reached by file identifier, the security
/// domains by AID. ISD-Ps come and go with CreateISDP / DeleteProfile (applet_spec/sgp02.md).
enum class Selectable { Mf, IsdR, Ecasd, IsdP };

/// "MF", "ISD-R", "ECASD", "ISD-P".
std::string_view name_of(Selectable selectable) noexcept;

/// An application selectable by AID (ISO 7816-4 §8.2.1.2, GPCS §11.9).
struct Application {
    Selectable id;
    Bytes aid;
};

/// What a logical channel has selected: the MF (no AID) or an application and its AID (which tells ISD-Ps apart).
struct Selection {
    Selectable id = Selectable::Mf;
    Bytes aid;

    Selection() = default;
    /// The MF, or a fixed application whose AID does not matter to the caller.
    Selection(Selectable selectable) : id(selectable) {} // NOLINT(google-explicit-constructor): a value of the enum
    Selection(const Application& application) : id(application.id), aid(application.aid) {} // NOLINT

    bool is(Selectable selectable) const noexcept { return id == selectable; }
    friend bool operator==(const Selection&, const Selection&) = default;
};

/// The card's fixed applications (ISD-R, ECASD). A lookup takes a full AID or, per ISO 7816-4 §7.1.1, a leading
/// part of one; with a platform state it also finds the ISD-Ps that are selectable (life cycle SELECTABLE or later,
/// GPCS §11.1.1: an INSTALLED application is not).
class Applications {
public:
    Applications();

    /// The application with `aid` exactly, else the only one whose AID starts with `aid`; nullopt when no
    /// application or more than one matches (an ambiguous partial AID is refused rather than guessed).
    std::optional<Application> find(ByteView aid, const PlatformState* platform = nullptr) const;
    /// The application with `id`; throws std::invalid_argument for Selectable::Mf and Selectable::IsdP.
    const Application& get(Selectable id) const;

private:
    std::vector<Application> m_applications;
};

} // namespace euicc::card
