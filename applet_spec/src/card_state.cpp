// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC's durable state in its state directory (file card.json; layout in applet_spec/README.md).
#include "card_state.hpp"

#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include <euicc/transport/durable_file.hpp>

#include "platform_json.hpp"

namespace euicc::card {

namespace {

/// Bumped when a field changes meaning; a newer format is refused rather than misread.
constexpr int format_version = 1;

} // namespace

CardStateStore::CardStateStore(std::filesystem::path directory) : m_directory(std::move(directory)) {
    std::error_code ec;
    std::filesystem::create_directories(m_directory, ec);
    if (ec) {
        throw Error("card state: cannot create directory " + m_directory.string() + ": " + ec.message());
    }
}

std::optional<CardState> CardStateStore::load() const {
    const std::optional<std::string> text = transport::read_file_if_exists(file());
    if (!text) {
        return std::nullopt;
    }
    try {
        const nlohmann::json json = nlohmann::json::parse(*text);
        const int format = json.at("format").get<int>();
        if (format != format_version) {
            throw Error("card state: " + file().string() + " has format " + std::to_string(format) +
                        ", this build reads format " + std::to_string(format_version));
        }
        CardState state;
        state.eid = json.at("eid").get<std::string>();
        // Added in issue 3 within format 1: absent in older files, which means every counter is 0.
        if (const auto counters = json.find("ota_counters"); counters != json.end()) {
            for (const auto& [keyset, counter] : counters->items()) {
                // CNTR is 5 bytes (TS 102 225 §5.1); anything else (negative, fractional, larger) is damage.
                if (!counter.is_number_unsigned() || counter.get<std::uint64_t>() > scp80::max_counter) {
                    throw Error("card state: " + file().string() + " holds an impossible SCP80 counter for " +
                                keyset);
                }
                state.ota_counters.emplace(keyset, counter.get<std::uint64_t>());
            }
        }
        // Added in issue 4 within format 1: absent in older files, which means no ISD-P and configured keys.
        if (const auto platform = json.find("platform"); platform != json.end()) {
            state.platform = platform_from_json(*platform, file().string());
        }
        return state;
    } catch (const nlohmann::json::exception& e) {
        throw Error("card state: " + file().string() + " is malformed: " + e.what());
    }
}

void CardStateStore::save(const CardState& state) const {
    nlohmann::json json = {{"format", format_version}, {"eid", state.eid}};
    if (!state.ota_counters.empty()) {
        json["ota_counters"] = state.ota_counters;
    }
    json["platform"] = platform_to_json(state.platform);
    transport::write_file_atomically(file(), json.dump(2) + "\n");
}

} // namespace euicc::card
