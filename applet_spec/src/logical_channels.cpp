// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.4.1 / ETSI TS 102 221 §10.1.1: logical channels 0..19 and what each has selected.
#include "logical_channels.hpp"

#include <stdexcept>
#include <string>

namespace euicc::card {

LogicalChannels::LogicalChannels() noexcept { reset(); }

bool LogicalChannels::is_open(unsigned channel) const noexcept {
    return channel < count && m_selected[channel].has_value();
}

std::optional<unsigned> LogicalChannels::open_lowest(const Selection& initial) {
    for (unsigned channel = 1; channel < count; ++channel) {
        if (open(channel, initial)) {
            return channel;
        }
    }
    return std::nullopt;
}

bool LogicalChannels::open(unsigned channel, const Selection& initial) {
    if (channel == 0 || channel >= count || m_selected[channel]) {
        return false;
    }
    m_selected[channel] = initial;
    touch(channel);
    return true;
}

bool LogicalChannels::close(unsigned channel) noexcept {
    if (channel == 0 || !is_open(channel)) {
        return false;
    }
    m_selected[channel].reset();
    touch(channel);
    return true;
}

const Selection& LogicalChannels::selected(unsigned channel) const {
    if (!is_open(channel)) {
        throw std::logic_error("logical channel " + std::to_string(channel) + " is not open");
    }
    return *m_selected[channel];
}

void LogicalChannels::select(unsigned channel, const Selection& selection) {
    if (!is_open(channel)) {
        throw std::logic_error("logical channel " + std::to_string(channel) + " is not open");
    }
    m_selected[channel] = selection;
    touch(channel);
}

std::uint64_t LogicalChannels::generation(unsigned channel) const noexcept {
    return channel < count ? m_generations[channel] : 0;
}

void LogicalChannels::reset() noexcept {
    m_selected.fill(std::nullopt);
    m_selected[0] = Selection(Selectable::Mf);
    for (unsigned channel = 0; channel < count; ++channel) {
        touch(channel);
    }
}

} // namespace euicc::card
