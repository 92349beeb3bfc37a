// SPDX-License-Identifier: Apache-2.0
// The commands the card's applications implement (ISO SELECT, MANAGE CHANNEL, GET DATA; GP/SGP.02 INITIALIZE UPDATE,
// EXTERNAL AUTHENTICATE, INSTALL, STORE DATA, DELETE, GET STATUS, PUT KEY), installed on any dispatcher.
#include "card_commands.hpp"

#include "delete_command.hpp"
#include "get_data.hpp"
#include "get_status_command.hpp"
#include "install_command.hpp"
#include "manage_channel.hpp"
#include "put_key_command.hpp"
#include "scp03_commands.hpp"
#include "select.hpp"
#include "store_data_command.hpp"

namespace euicc::card {

namespace {

namespace ins {
constexpr std::uint8_t select = 0xA4;
constexpr std::uint8_t manage_channel = 0x70;
constexpr std::uint8_t get_data = 0xCA;
constexpr std::uint8_t initialize_update = 0x50;      // GP Amd D §7.1.1
constexpr std::uint8_t external_authenticate = 0x82;  // GP Amd D §7.1.2
constexpr std::uint8_t install = 0xE6;                // GPCS §11.5
constexpr std::uint8_t store_data = 0xE2;             // GPCS §11.11
constexpr std::uint8_t delete_object = 0xE4;          // GPCS §11.2
constexpr std::uint8_t get_status = 0xF2;             // GPCS §11.4
constexpr std::uint8_t put_key = 0xD8;                // GPCS §11.8
} // namespace ins

} // namespace

void add_application_commands(Dispatcher& dispatcher, const CardServices& s) {
    dispatcher.add(ins::select, CommandClass::Iso, SelectCommand(s.applications, s.channels, s.platform));
    dispatcher.add(ins::manage_channel, CommandClass::Iso, ManageChannelCommand(s.channels));
    dispatcher.add(ins::get_data, CommandClass::Any, GetDataCommand(s.channels, s.data_objects, s.platform),
                   Messaging::Session);
    // GPCS §11.1.4: the GP commands exist in the proprietary class only. INITIALIZE UPDATE starts a session and is
    // never secured itself; EXTERNAL AUTHENTICATE carries its own C-MAC (Amd D §7.1).
    dispatcher.add(ins::initialize_update, CommandClass::Proprietary,
                   InitializeUpdateCommand(s.platform, s.contexts, s.channels, s.rng));
    dispatcher.add(ins::external_authenticate, CommandClass::Proprietary, ExternalAuthenticateCommand(s.contexts),
                   Messaging::Raw);
    dispatcher.add(ins::install, CommandClass::Proprietary, InstallCommand(s.platform, s.contexts, s.channels),
                   Messaging::Session);
    dispatcher.add(ins::store_data, CommandClass::Proprietary,
                   StoreDataCommand(s.platform, s.contexts, s.channels, s.rng), Messaging::Session);
    dispatcher.add(ins::delete_object, CommandClass::Proprietary, DeleteCommand(s.platform, s.channels),
                   Messaging::Session);
    dispatcher.add(ins::get_status, CommandClass::Proprietary, GetStatusCommand(s.platform, s.contexts, s.channels),
                   Messaging::Session);
    dispatcher.add(ins::put_key, CommandClass::Proprietary, PutKeyCommand(s.platform, s.contexts, s.channels),
                   Messaging::Session);
}

} // namespace euicc::card
