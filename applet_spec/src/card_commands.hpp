// SPDX-License-Identifier: Apache-2.0
// The commands the card's applications implement (ISO SELECT, MANAGE CHANNEL, GET DATA; GP/SGP.02 INITIALIZE UPDATE,
// EXTERNAL AUTHENTICATE, INSTALL, STORE DATA, DELETE, GET STATUS, PUT KEY), installed on any dispatcher.
#pragma once

#include <euicc/apdu/rng.hpp>

#include "applications.hpp"
#include "channel_context.hpp"
#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// What the application commands work on; all borrowed, all must outlive the dispatcher.
struct CardServices {
    LogicalChannels& channels;
    ChannelContexts& contexts; ///< bound to `channels`
    const Applications& applications;
    const DataObjects& data_objects;
    Platform& platform;
    Rng& rng;
};

/// Routes the application commands on `dispatcher`. The card's front dispatcher and the OTA script context
/// (remote_script_runner) both call this, so every command added here is reachable over SMS-PP too. Toolkit
/// commands (TERMINAL PROFILE, ENVELOPE, FETCH, TERMINAL RESPONSE) are not added here: a script must not reach them.
void add_application_commands(Dispatcher& dispatcher, const CardServices& services);

} // namespace euicc::card
