// SPDX-License-Identifier: Apache-2.0
// What a logical channel remembers between commands for its selected security domain: the SCP03 session (GP Amd D
// §5.6), INSTALL [for personalization], STORE DATA blocks, GET STATUS pages, an SCP03t download.
#include "channel_context.hpp"

#include <stdexcept>
#include <string>

namespace euicc::card {

ChannelContext& ChannelContexts::at(unsigned channel) {
    if (channel >= LogicalChannels::count) {
        throw std::logic_error("channel context: no logical channel " + std::to_string(channel));
    }
    const std::uint64_t generation = m_channels.generation(channel);
    if (m_generations[channel] != generation) {
        m_contexts[channel] = ChannelContext{};
        m_generations[channel] = generation;
    }
    return m_contexts[channel];
}

} // namespace euicc::card
