// SPDX-License-Identifier: Apache-2.0
// ScriptedCard: replays (expected C-APDU, R-APDU) pairs for exact-sequence tests (ISO/IEC 7816-4 §5.1).
#include <algorithm>
#include <string>

#include <euicc/transport/scripted_card.hpp>

namespace euicc::transport {

namespace {

/// ISO 7816-4 §5.6: 6F00 "no precise diagnosis"; what a confused card would say.
const Bytes technical_problem{0x6F, 0x00};

} // namespace

ScriptedCard::ScriptedCard(std::vector<Step> steps, Bytes atr)
    : m_steps(std::move(steps)), m_atr(std::move(atr)) {}

Bytes ScriptedCard::process(ByteView command) noexcept {
    try {
        if (m_next == m_steps.size()) {
            m_failures.push_back("unexpected extra command " + to_hex(command) + " after all " +
                                 std::to_string(m_steps.size()) + " steps");
            return technical_problem;
        }
        const Step& step = m_steps[m_next];
        if (!std::equal(command.begin(), command.end(), step.command.begin(), step.command.end())) {
            // The step stays pending: an inserted command then yields one failure, not a cascade.
            m_failures.push_back("step " + std::to_string(m_next) + ": expected " + to_hex(step.command) +
                                 ", got " + to_hex(command));
            return technical_problem;
        }
        ++m_next;
        return step.response;
    } catch (...) {
        // CardEndpoint::process must not throw; only allocation can fail here and 6F00 is the contract.
        return technical_problem;
    }
}

} // namespace euicc::transport
