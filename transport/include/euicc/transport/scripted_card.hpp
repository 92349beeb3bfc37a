// SPDX-License-Identifier: Apache-2.0
// A CardEndpoint that replays an expected exchange script and fails loudly on any mismatch (tests).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <euicc/transport/card_endpoint.hpp>

namespace euicc::transport {

/// Each step: the exact command expected and the response to give. A mismatch or an extra command
/// answers 6F00 and records a description in `failures()`; `finished()` tells whether all steps ran.
class ScriptedCard : public CardEndpoint {
public:
    struct Step {
        Bytes command;
        Bytes response;
    };
    explicit ScriptedCard(std::vector<Step> steps, Bytes atr = {0x3B, 0x00});

    Bytes atr() const override { return m_atr; }
    void power_on() override {}
    void power_off() override {}
    void reset() override {}
    Bytes process(ByteView command) noexcept override;

    bool finished() const noexcept { return m_next == m_steps.size(); }
    const std::vector<std::string>& failures() const noexcept { return m_failures; }

private:
    std::vector<Step> m_steps;
    Bytes m_atr;
    std::size_t m_next = 0;
    std::vector<std::string> m_failures;
};

} // namespace euicc::transport
