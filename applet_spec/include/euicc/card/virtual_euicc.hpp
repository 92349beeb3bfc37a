// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC: reference implementation of the card side documented in applet_spec/README.md.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/card/admin_session.hpp>
#include <euicc/card/ota_settings.hpp>
#include <euicc/card/platform_settings.hpp>
#include <euicc/transport/card_endpoint.hpp>

namespace euicc::card {

/// Start-up configuration of a virtual eUICC.
struct VirtualEuiccConfig {
    /// 32-digit EID with valid check digits (SGP.29). Empty: the one stored in `state_dir`, or the default
    /// test EID 89049032123451234512345678901235 for a fresh state directory.
    std::string eid;
    /// Directory holding the card's durable state (created if missing). Empty: state kept in memory only.
    std::filesystem::path state_dir;
    /// Random numbers the card draws (the access time point of a trigger, applet_spec/trigger.md §4). Shared so
    /// that a test can keep a FixedRng it seeded. Must not be null.
    std::shared_ptr<Rng> rng = std::make_shared<OpenSslRng>();
    /// The card's clock (when a trigger arrives). Must not be empty.
    std::function<std::chrono::system_clock::time_point()> clock = [] { return std::chrono::system_clock::now(); };
    /// SCP80 over SMS-PP for the ISD-R: TAR, minimum security level, key sets (applet_spec/ota.md). Default: TAR
    /// 000000, MSL 16, the public test keyset. load_ota_settings() reads a keys file.
    OtaSettings ota{};
    /// SGP.02 platform: the ISD-R's SCP03 keysets and the memory the ISD-Ps share (applet_spec/sgp02.md). Default:
    /// SCP03 test keyset KVN 30, 256 KiB non-volatile, 16 KiB volatile. load_platform_settings() reads a file.
    PlatformSettings platform{};
};

/// A CardEndpoint emulating an SGP.02 eUICC: ISD-R, ISD-Ps, ECASD, MF, logical channels, SCP03 sessions, the
/// ES5/ES8 platform management commands, the toolkit commands, SCP80 over SMS-PP and triggers (see
/// applet_spec/README.md, applet_spec/sgp02.md and applet_spec/ota.md).
/// process() never throws and never crashes on any input. Not thread-safe; callers serialise (as a reader does).
class VirtualEuicc : public transport::CardEndpoint {
public:
    /// Throws std::invalid_argument for an EID without valid check digits or one that contradicts the
    /// EID stored in `state_dir`, a null `rng`, an empty `clock`, unusable `ota` or `platform` settings
    /// (validate()); euicc::Error when the state directory cannot be used or holds a damaged state.
    explicit VirtualEuicc(VirtualEuiccConfig config);
    ~VirtualEuicc() override;
    VirtualEuicc(const VirtualEuicc&) = delete;
    VirtualEuicc& operator=(const VirtualEuicc&) = delete;

    Bytes atr() const override;
    void power_on() override;
    void power_off() override;
    void reset() override;
    Bytes process(ByteView command) noexcept override;

    const std::string& eid() const noexcept;

    /// The last TERMINAL PROFILE received since power-on/reset (TS 102 223 §5.2); nullopt before the first.
    std::optional<Bytes> terminal_profile() const;
    /// The latest administration session (triggered or pulled); nullopt when none was started since start-up.
    std::optional<AdminSessionRecord> admin_session() const;
    /// Pull mode (applet_spec/admin_agent.md §7): the card starts an SCP81 admin session on its own, at once, with
    /// X-Admin-Service-Request `operation=<request.operation>; mode=pull`; it replaces any other session. The
    /// card's OPEN CHANNEL is announced with the next 91xx (or fetched right away: FETCH 80 12 00 00 00); the rest
    /// runs as for a trigger. Throws std::invalid_argument for connection objects an OPEN CHANNEL cannot carry.
    void request_admin_session(const AdminSessionRequest& request);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace euicc::card
