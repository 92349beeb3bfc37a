// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC's durable state in its state directory (file card.json; layout in applet_spec/README.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "platform_state.hpp"

namespace euicc::card {

/// What survives a restart. Later slices add fields; readers ignore unknown ones.
struct CardState {
    std::string eid;  ///< 32 digits (SGP.02 §2.2.2)
    /// SCP80 counter of each key set (TS 102 225 §5.1.1): the CNTR of the last accepted command packet, keyed
    /// "<TAR hex>/<KVN>" (e.g. "000000/1"). A key set without an entry has counter 0.
    std::map<std::string, std::uint64_t> ota_counters;
    /// ISD-R keys, ISD-Ps, fall-back, SM-SR addressing, notifications (applet_spec/sgp02.md §9).
    PlatformState platform;

    friend bool operator==(const CardState&, const CardState&) = default;
};

/// Reads and writes CardState as `<directory>/card.json`, each write atomic (write_file_atomically).
class CardStateStore {
public:
    static constexpr const char* file_name = "card.json";

    /// Creates `directory` (and parents) when missing; throws euicc::Error when it cannot.
    explicit CardStateStore(std::filesystem::path directory);

    /// The stored state; nullopt for a fresh directory. Throws euicc::Error for an unreadable or malformed
    /// file (a damaged identity must stop the card, not be replaced silently).
    std::optional<CardState> load() const;
    /// Replaces the stored state durably.
    void save(const CardState& state) const;

    const std::filesystem::path& directory() const noexcept { return m_directory; }

private:
    std::filesystem::path file() const { return m_directory / file_name; }

    std::filesystem::path m_directory;
};

} // namespace euicc::card
