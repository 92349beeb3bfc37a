// SPDX-License-Identifier: Apache-2.0
// Server-side staggering (design.md §4): for cards that do not read the trigger's E1 extension, the SM-SR
// itself picks each card's access time, random[0,1] x the access control, and sends the trigger then.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/trigger.hpp>

namespace euicc::host::smsr {

/// Spreads the sending of triggers over the access control's span: send time = now + r x value, r uniform in
/// [0, 1] (trigger::access_time, the same rule a card applies to E1), so the connections arrive spread out
/// exactly as if the card had waited itself. An AbsoluteTime is kept (or now, once it has passed).
/// Thread-safe: the Rng is only used under the Stagger's lock.
class Stagger {
public:
    /// Throws std::invalid_argument for a null rng.
    explicit Stagger(std::unique_ptr<Rng> rng = std::make_unique<OpenSslRng>());

    /// When to send one card's trigger.
    std::chrono::system_clock::time_point send_time(const trigger::AccessControl& control,
                                                    std::chrono::system_clock::time_point now);
    /// Send times for `cards` cards, in card order (not sorted), each drawn independently.
    std::vector<std::chrono::system_clock::time_point> send_times(const trigger::AccessControl& control,
                                                                  std::size_t cards,
                                                                  std::chrono::system_clock::time_point now);

private:
    std::mutex m_mutex;
    std::unique_ptr<Rng> m_rng;
};

} // namespace euicc::host::smsr
