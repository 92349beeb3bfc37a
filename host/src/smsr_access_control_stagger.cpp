// SPDX-License-Identifier: Apache-2.0
// Server-side staggering of triggers (design.md §4): the SM-SR draws each card's access time itself.
#include <stdexcept>
#include <utility>

#include <euicc/host/smsr/access_control_stagger.hpp>

namespace euicc::host::smsr {

Stagger::Stagger(std::unique_ptr<Rng> rng) : m_rng(std::move(rng)) {
    if (!m_rng) {
        throw std::invalid_argument("Stagger: null rng");
    }
}

std::chrono::system_clock::time_point Stagger::send_time(const trigger::AccessControl& control,
                                                         std::chrono::system_clock::time_point now) {
    const std::lock_guard lock(m_mutex);
    return trigger::access_time(control, m_rng->unit_interval(), now);
}

std::vector<std::chrono::system_clock::time_point>
Stagger::send_times(const trigger::AccessControl& control, std::size_t cards,
                    std::chrono::system_clock::time_point now) {
    std::vector<std::chrono::system_clock::time_point> times;
    times.reserve(cards);
    const std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < cards; ++i) {
        times.push_back(trigger::access_time(control, m_rng->unit_interval(), now));
    }
    return times;
}

} // namespace euicc::host::smsr
