// SPDX-License-Identifier: Apache-2.0
// What a logical channel remembers between commands for its selected security domain: the SCP03 session (GP Amd D
// §5.6), INSTALL [for personalization], STORE DATA blocks, GET STATUS pages, an SCP03t download.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp03.hpp>

#include "logical_channels.hpp"
#include "package_assembly.hpp"

namespace euicc::card {

/// An SCP03 session (APDU form) with the security domain selected on the channel.
struct Scp03Session {
    scp03::CardWrapper wrapper;
    scp03::StaticKeys keys; ///< the static keyset: its DEK decrypts PUT KEY (Amd D §7.2)
};

/// STORE DATA blocks of one data object not complete yet (GPCS §11.11.2.1: P2 numbers the blocks).
struct StoreDataAssembly {
    Bytes data;
    unsigned next_block = 0;
};

/// GET STATUS entries not sent yet after a 6310 (GPCS §11.4).
struct GetStatusCursor {
    std::uint8_t scope = 0;
    std::vector<Bytes> entries; ///< encoded E3 templates still to come
};

/// An SCP03t session of an ISD-P (spec/sgp02.md §5.2) and the package it receives once authenticated.
struct ProfileDownload {
    scp03::CardWrapper wrapper;
    std::optional<PackageAssembly> package; ///< set when ExternalAuthenticate (85) succeeded
};

struct ChannelContext {
    std::optional<Scp03Session> session;
    std::optional<Bytes> personalization_target; ///< the ISD-P an INSTALL [for personalization] named
    std::optional<StoreDataAssembly> store_data;
    std::optional<GetStatusCursor> get_status;
    std::optional<ProfileDownload> download;
};

/// One context per logical channel. A context belongs to one selection: when the channel selected anything
/// (again), was closed or the card was reset, the context starts empty (GP Amd D §5.6: a session ends with a new
/// SELECT, a channel close or a reset). Borrows `channels`.
class ChannelContexts {
public:
    explicit ChannelContexts(const LogicalChannels& channels) : m_channels(channels) {}

    /// The context of open `channel`, emptied first when its selection changed since the last call.
    ChannelContext& at(unsigned channel);

private:
    const LogicalChannels& m_channels;
    std::array<ChannelContext, LogicalChannels::count> m_contexts;
    std::array<std::uint64_t, LogicalChannels::count> m_generations{};
};

} // namespace euicc::card
