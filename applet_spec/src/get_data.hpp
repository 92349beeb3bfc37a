// SPDX-License-Identifier: Apache-2.0
// GPCS §11.3 / ISO/IEC 7816-4 §7.4.2: GET DATA of a data object held by the application selected on the channel.
#pragma once

#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// GET DATA (INS CA, ISO and proprietary class): fixed objects (ECASD 5A) and the platform's computed ones
/// (platform_data_objects.hpp). Borrows everything.
class GetDataCommand {
public:
    GetDataCommand(const LogicalChannels& channels, const DataObjects& objects, const Platform& platform);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    const LogicalChannels& m_channels;
    const DataObjects& m_objects;
    const Platform& m_platform;
};

} // namespace euicc::card
