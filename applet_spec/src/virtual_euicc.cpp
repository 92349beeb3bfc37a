// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC: reference implementation of the card side documented in applet_spec/README.md.
#include <euicc/card/virtual_euicc.hpp>

#include <stdexcept>
#include <utility>

#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

#include "applications.hpp"
#include "atr.hpp"
#include "card_state.hpp"
#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "get_data.hpp"
#include "logical_channels.hpp"
#include "manage_channel.hpp"
#include "select.hpp"

namespace euicc::card {

namespace {

/// SGP.02 test EID (valid check digits, pySim test_euicc.py) used for a card nobody named.
constexpr const char* default_eid = "89049032123451234512345678901235";

namespace ins {
constexpr std::uint8_t select = 0xA4;
constexpr std::uint8_t manage_channel = 0x70;
constexpr std::uint8_t get_data = 0xCA;
} // namespace ins

/// The card's EID: the configured one, else the stored one, else the default; a configured EID that
/// contradicts the stored one is refused (one state directory = one card).
std::string resolve_eid(const std::string& configured, const std::optional<CardStateStore>& store) {
    std::optional<CardState> stored = store ? store->load() : std::nullopt;
    if (stored && !apdu::eid_is_valid(stored->eid)) {
        throw Error("card state: stored EID " + stored->eid + " in " + store->directory().string() +
                    " has no valid check digits");
    }
    if (stored && !configured.empty() && stored->eid != configured) {
        throw std::invalid_argument("EID " + configured + " contradicts EID " + stored->eid + " stored in " +
                                    store->directory().string());
    }
    if (stored) {
        return stored->eid;
    }
    std::string eid = configured.empty() ? default_eid : configured;
    if (store) {
        store->save(CardState{eid});
    }
    return eid;
}

/// Checks the configured EID first, so that a bad argument leaves no state directory behind.
std::optional<CardStateStore> open_store(const VirtualEuiccConfig& config) {
    if (!config.eid.empty() && !apdu::eid_is_valid(config.eid)) {
        throw std::invalid_argument("EID " + config.eid + " is not 32 digits with valid check digits (SGP.29)");
    }
    if (config.state_dir.empty()) {
        return std::nullopt;
    }
    return CardStateStore(config.state_dir);
}

} // namespace

struct VirtualEuicc::Impl {
    explicit Impl(const VirtualEuiccConfig& config)
        : store(open_store(config)), eid(resolve_eid(config.eid, store)) {
        // SGP.02 §2.2.2: the ECASD holds the EID, read with GET DATA '5A'.
        data_objects.put(Selectable::Ecasd, 0x5A, apdu::eid_to_bytes(eid));
        dispatcher.add(ins::select, CommandClass::Iso, SelectCommand(applications, channels));
        dispatcher.add(ins::manage_channel, CommandClass::Iso, ManageChannelCommand(channels));
        dispatcher.add(ins::get_data, CommandClass::Any, GetDataCommand(channels, data_objects));
    }

    std::optional<CardStateStore> store;
    std::string eid;
    Applications applications;
    LogicalChannels channels;
    DataObjects data_objects;
    Dispatcher dispatcher{channels};
    bool powered = true;
};

VirtualEuicc::VirtualEuicc(VirtualEuiccConfig config) : m_impl(std::make_unique<Impl>(config)) {}

VirtualEuicc::~VirtualEuicc() = default;

Bytes VirtualEuicc::atr() const { return answer_to_reset(); }

void VirtualEuicc::power_on() {
    m_impl->channels.reset();
    m_impl->powered = true;
}

void VirtualEuicc::power_off() {
    m_impl->channels.reset();
    m_impl->powered = false;
}

void VirtualEuicc::reset() {
    // A warm reset ends every session like a power cycle (ISO 7816-3 §6.2.3): channels 1..19 close.
    m_impl->channels.reset();
    m_impl->powered = true;
}

Bytes VirtualEuicc::process(ByteView command) noexcept {
    if (!m_impl->powered) {
        // No real card answers without power; 6F00 makes the caller's mistake visible instead of hanging.
        return Bytes{apdu::sw::technical_problem.sw1(), apdu::sw::technical_problem.sw2()};
    }
    return m_impl->dispatcher.process(command);
}

const std::string& VirtualEuicc::eid() const noexcept { return m_impl->eid; }

} // namespace euicc::card
