// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC's state in memory, written through to its state directory on every change (applet_spec/README.md §9).
#include "durable_state.hpp"

#include <utility>

namespace euicc::card {

DurableState::DurableState(std::optional<CardStateStore> store, CardState initial)
    : m_store(std::move(store)), m_state(std::move(initial)) {}

void DurableState::update(const std::function<void(CardState&)>& change) {
    CardState next = m_state;
    change(next);
    if (m_store) {
        m_store->save(next);
    }
    m_state = std::move(next);
}

} // namespace euicc::card
