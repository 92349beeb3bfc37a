// SPDX-License-Identifier: Apache-2.0
// The commands the card's applications implement (SELECT, MANAGE CHANNEL, GET DATA), installed on any dispatcher.
#include "card_commands.hpp"

#include "get_data.hpp"
#include "manage_channel.hpp"
#include "select.hpp"

namespace euicc::card {

namespace {

namespace ins {
constexpr std::uint8_t select = 0xA4;
constexpr std::uint8_t manage_channel = 0x70;
constexpr std::uint8_t get_data = 0xCA;
} // namespace ins

} // namespace

void add_application_commands(Dispatcher& dispatcher, LogicalChannels& channels,
                              const Applications& applications, const DataObjects& data_objects) {
    dispatcher.add(ins::select, CommandClass::Iso, SelectCommand(applications, channels));
    dispatcher.add(ins::manage_channel, CommandClass::Iso, ManageChannelCommand(channels));
    dispatcher.add(ins::get_data, CommandClass::Any, GetDataCommand(channels, data_objects));
}

} // namespace euicc::card
