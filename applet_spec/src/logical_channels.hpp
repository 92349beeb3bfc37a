// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.4.1 / ETSI TS 102 221 §10.1.1: logical channels 0..19 and what each has selected.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include <euicc/apdu/cla.hpp>

#include "applications.hpp"

namespace euicc::card {

/// Per-channel card state. Channel 0 (the basic channel) is always open; 1..19 are opened and closed by
/// MANAGE CHANNEL. Every open channel has something selected (the MF at least).
class LogicalChannels {
public:
    static constexpr unsigned count = apdu::max_logical_channel + 1;

    /// Channel 0 open with the MF selected, all others closed: the state after ATR (TS 102 221 SELECT,
    /// §11.1.1: after activation the MF is the current directory).
    LogicalChannels() noexcept;

    bool is_open(unsigned channel) const noexcept;
    /// Opens the lowest closed channel 1..19 with `initial` selected; nullopt when all are open.
    std::optional<unsigned> open_lowest(const Selection& initial);
    /// Opens `channel` (1..19) with `initial` selected; false when it is already open or out of range.
    bool open(unsigned channel, const Selection& initial);
    /// Closes `channel` (1..19); false when it is channel 0, out of range or not open.
    bool close(unsigned channel) noexcept;

    /// What `channel` has selected; throws std::logic_error when the channel is not open.
    const Selection& selected(unsigned channel) const;
    /// Changes the selection of an open `channel`; throws std::logic_error when it is not open.
    void select(unsigned channel, const Selection& selection);

    /// Changes whenever `channel` is opened, closed or selects anything (even the same application again), and
    /// at reset(): state tied to one selection (a secure channel session, GP Amd D §5.6) is void once it differs.
    std::uint64_t generation(unsigned channel) const noexcept;

    /// Back to the state after ATR: only channel 0 open, MF selected.
    void reset() noexcept;

private:
    void touch(unsigned channel) noexcept { m_generations[channel] = ++m_last_generation; }

    std::array<std::optional<Selection>, count> m_selected;  ///< nullopt = channel closed
    std::array<std::uint64_t, count> m_generations{};
    std::uint64_t m_last_generation = 0;
};

} // namespace euicc::card
