// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC: reference implementation of the card side documented in applet_spec/README.md.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/transport/card_endpoint.hpp>

namespace euicc::card {

/// Start-up configuration of a virtual eUICC.
struct VirtualEuiccConfig {
    /// 32-digit EID with valid check digits (SGP.29). Empty: the one stored in `state_dir`, or the default
    /// test EID 89049032123451234512345678901235 for a fresh state directory.
    std::string eid;
    /// Directory holding the card's durable state (created if missing). Empty: state kept in memory only.
    std::filesystem::path state_dir;
};

/// A CardEndpoint emulating an SGP.02 eUICC: ISD-R, ECASD, MF, logical channels (see applet_spec/README.md).
/// process() never throws and never crashes on any input. Not thread-safe; callers serialise (as a reader does).
class VirtualEuicc : public transport::CardEndpoint {
public:
    /// Throws std::invalid_argument for an EID without valid check digits or one that contradicts the
    /// EID stored in `state_dir`; euicc::Error when the state directory cannot be used.
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

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace euicc::card
