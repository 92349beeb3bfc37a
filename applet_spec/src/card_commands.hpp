// SPDX-License-Identifier: Apache-2.0
// The commands the card's applications implement (SELECT, MANAGE CHANNEL, GET DATA), installed on any dispatcher.
#pragma once

#include "applications.hpp"
#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"

namespace euicc::card {

/// Routes the application commands on `dispatcher`, working on `channels`. The card's front dispatcher and the
/// OTA script context (remote_script_runner) both call this, so every command added here is reachable over
/// SMS-PP too. Toolkit commands (TERMINAL PROFILE, ENVELOPE, FETCH, TERMINAL RESPONSE) are not added here: a
/// script must not reach them. All arguments are borrowed and must outlive the dispatcher.
void add_application_commands(Dispatcher& dispatcher, LogicalChannels& channels,
                              const Applications& applications, const DataObjects& data_objects);

} // namespace euicc::card
