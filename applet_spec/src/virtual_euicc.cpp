// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC: reference implementation of the card side documented in applet_spec/README.md.
#include <euicc/card/virtual_euicc.hpp>

#include <stdexcept>
#include <utility>

#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

#include "admin_session_agent.hpp"
#include "applications.hpp"
#include "atr.hpp"
#include "card_commands.hpp"
#include "card_state.hpp"
#include "channel_context.hpp"
#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "durable_state.hpp"
#include "envelope_command.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"
#include "proactive_queue.hpp"
#include "remote_script_runner.hpp"
#include "replay_counters.hpp"
#include "scp80_receiver.hpp"
#include "session_messaging.hpp"
#include "sms_pp_download.hpp"
#include "toolkit_commands.hpp"

namespace euicc::card {

namespace {

/// SGP.02 test EID (valid check digits, pySim test_euicc.py) used for a card nobody named.
constexpr const char* default_eid = "89049032123451234512345678901235";

namespace ins {
constexpr std::uint8_t terminal_profile = 0x10;   // TS 102 221 §10.1.2
constexpr std::uint8_t fetch = 0x12;
constexpr std::uint8_t terminal_response = 0x14;
constexpr std::uint8_t envelope = 0xC2;
} // namespace ins

/// The state the card starts with: the configured EID, else the stored one, else the default, with the stored
/// counters; a configured EID that contradicts the stored one is refused (one state directory = one card).
CardState initial_state(const std::string& configured, const std::optional<CardStateStore>& store) {
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
        return *stored;
    }
    CardState fresh;
    fresh.eid = configured.empty() ? default_eid : configured;
    if (store) {
        store->save(fresh);
    }
    return fresh;
}

/// Runs before anything touches the state directory, so that a bad argument leaves none behind.
const VirtualEuiccConfig& checked(const VirtualEuiccConfig& config) {
    if (!config.eid.empty() && !apdu::eid_is_valid(config.eid)) {
        throw std::invalid_argument("EID " + config.eid + " is not 32 digits with valid check digits (SGP.29)");
    }
    if (!config.rng) {
        throw std::invalid_argument("VirtualEuiccConfig: rng is null");
    }
    if (!config.clock) {
        throw std::invalid_argument("VirtualEuiccConfig: clock is empty");
    }
    validate(config.ota);
    validate(config.platform);
    return config;
}

std::optional<CardStateStore> open_store(const std::filesystem::path& state_dir) {
    if (state_dir.empty()) {
        return std::nullopt;
    }
    return CardStateStore(state_dir);
}

/// TS 102 221 §7.4.2.2, §10.2.1.1: while a proactive command waits to be fetched, the card ends a command that
/// would end with 9000 with 91xx instead, xx = length of the command (the terminal then sends FETCH).
void announce_proactive_command(Bytes& answer, const ProactiveQueue& queue) {
    const auto length = queue.announced_length();
    const std::size_t n = answer.size();
    if (length && n >= 2 && answer[n - 2] == 0x90 && answer[n - 1] == 0x00) {
        answer[n - 2] = 0x91;
        answer[n - 1] = static_cast<std::uint8_t>(*length & 0xFF);
    }
}

} // namespace

struct VirtualEuicc::Impl {
    explicit Impl(VirtualEuiccConfig config)
        : ota(std::move(config.ota)),
          platform_settings(std::move(config.platform)),
          rng(config.rng),
          state([&] {
              std::optional<CardStateStore> store = open_store(config.state_dir);
              CardState initial = initial_state(config.eid, store);
              // Keys the state directory does not hold come from the configuration (applet_spec/sgp02.md §9).
              seed_isd_r_keys(initial.platform, ota, platform_settings);
              return DurableState(std::move(store), std::move(initial));
          }()),
          sessions(proactive, AdminAgentServices{applications, data_objects, platform, *rng}, std::move(config.rng),
                   std::move(config.clock)) {
        // SGP.02 §2.2.2: the ECASD holds the EID, read with GET DATA '5A'.
        data_objects.put(Selectable::Ecasd, 0x5A, apdu::eid_to_bytes(state.get().eid));
        add_application_commands(dispatcher,
                                 CardServices{channels, contexts, applications, data_objects, platform, *rng});
        // TS 102 221 §10.1.2: the toolkit commands exist in the proprietary class only (CLA 80).
        dispatcher.add(ins::terminal_profile, CommandClass::Proprietary,
                       TerminalProfileCommand(terminal_profile, [this] { sessions.on_terminal_profile(); }));
        dispatcher.add(ins::fetch, CommandClass::Proprietary, FetchCommand(proactive));
        dispatcher.add(ins::terminal_response, CommandClass::Proprietary, TerminalResponseCommand(proactive));
        dispatcher.add(ins::envelope, CommandClass::Proprietary, EnvelopeCommand(sms_pp, sessions));
    }

    /// A reset or power cycle ends the toolkit session (TS 102 223 §6.1): channels, the proactive queue, the
    /// terminal profile and partial SMS go; a pending triggered session resumes at the next TERMINAL PROFILE.
    void restart() noexcept {
        channels.reset();
        proactive.clear();
        terminal_profile.reset();
        sms_pp.reset();
        sessions.on_reset();
    }

    OtaSettings ota; ///< the SCP80 keysets follow the ISD-R's keys (Platform)
    PlatformSettings platform_settings;
    std::shared_ptr<Rng> rng;
    DurableState state;
    Platform platform{state, platform_settings, ota};
    ReplayCounters counters{state};
    Applications applications;
    LogicalChannels channels;
    ChannelContexts contexts{channels};
    SessionMessaging messaging{contexts};
    DataObjects data_objects;
    Dispatcher dispatcher{channels, &messaging};
    ProactiveQueue proactive;
    std::optional<Bytes> terminal_profile;
    Scp80Receiver scp80{ota, counters};
    RemoteScriptRunner scripts{applications, data_objects, platform, *rng};
    AdminSessionAgent sessions;
    SmsPpDownload sms_pp{scp80, scripts, sessions, proactive};
    bool powered = true;
};

VirtualEuicc::VirtualEuicc(VirtualEuiccConfig config)
    : m_impl((checked(config), std::make_unique<Impl>(std::move(config)))) {}

VirtualEuicc::~VirtualEuicc() = default;

Bytes VirtualEuicc::atr() const { return answer_to_reset(); }

void VirtualEuicc::power_on() {
    m_impl->restart();
    m_impl->powered = true;
}

void VirtualEuicc::power_off() {
    m_impl->restart();
    m_impl->powered = false;
}

void VirtualEuicc::reset() {
    // A warm reset ends every session like a power cycle (ISO 7816-3 §6.2.3): channels 1..19 close.
    m_impl->restart();
    m_impl->powered = true;
}

Bytes VirtualEuicc::process(ByteView command) noexcept {
    if (!m_impl->powered) {
        // No real card answers without power; 6F00 makes the caller's mistake visible instead of hanging.
        return Bytes{apdu::sw::technical_problem.sw1(), apdu::sw::technical_problem.sw2()};
    }
    Bytes answer = m_impl->dispatcher.process(command);
    announce_proactive_command(answer, m_impl->proactive);
    return answer;
}

const std::string& VirtualEuicc::eid() const noexcept { return m_impl->state.get().eid; }

std::optional<Bytes> VirtualEuicc::terminal_profile() const { return m_impl->terminal_profile; }

std::optional<AdminSessionRecord> VirtualEuicc::admin_session() const { return m_impl->sessions.record(); }

void VirtualEuicc::request_admin_session(const AdminSessionRequest& request) {
    m_impl->sessions.request_session(request);
}

} // namespace euicc::card
