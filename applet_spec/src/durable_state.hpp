// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC's state in memory, written through to its state directory on every change (applet_spec/README.md §9).
#pragma once

#include <functional>
#include <optional>

#include "card_state.hpp"

namespace euicc::card {

/// Owns the current CardState. Every change is saved (atomically, durably) before it becomes current, so the
/// card never acts on a state it could lose in a crash. Without a store the state lives in memory only.
class DurableState {
public:
    DurableState(std::optional<CardStateStore> store, CardState initial);

    const CardState& get() const noexcept { return m_state; }

    /// Applies `change` to a copy and saves the copy; only then does it become current. When saving throws
    /// (euicc::Error), the current state is unchanged and the exception propagates.
    void update(const std::function<void(CardState&)>& change);

private:
    std::optional<CardStateStore> m_store;
    CardState m_state;
};

} // namespace euicc::card
