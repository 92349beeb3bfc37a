// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.1, §5.4.1, §5.6: routes a C-APDU by CLA/INS to its handler and maps failures to status words.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/response_apdu.hpp>

#include "logical_channels.hpp"

namespace euicc::card {

/// One decoded command as a handler sees it.
struct Command {
    const apdu::CommandApdu& apdu;
    unsigned channel;   ///< logical channel from CLA; always open when a handler runs
    bool proprietary;   ///< CLA b8 = 1: GlobalPlatform/ETSI class (8X, CX, EX), else ISO class (0X, 4X, 6X)
};

/// A command handler: answers with data + SW. A CodecError it throws becomes 6A80, anything else 6F00.
using Handler = std::function<apdu::ResponseApdu(const Command&)>;

/// Which CLA classes a command exists in (ISO 7816-4 §5.4.1: b8 = 0 interindustry, b8 = 1 proprietary).
enum class CommandClass : std::uint8_t { Iso = 1, Proprietary = 2, Any = 3 };

/// An answer carrying only a status word.
apdu::ResponseApdu status(apdu::StatusWord sw);

/// The front of the card: decodes the APDU and CLA, checks the logical channel, routes by INS.
/// Borrows `channels` (must outlive the dispatcher). Handlers are called on the caller's thread.
class Dispatcher {
public:
    explicit Dispatcher(const LogicalChannels& channels);

    /// Routes INS `ins` in the CLA classes `classes` to `handler` (replaces an earlier route).
    void add(std::uint8_t ins, CommandClass classes, Handler handler);

    /// One C-APDU in, one R-APDU out (at least SW1 SW2). Never throws.
    Bytes process(ByteView raw) const noexcept;

private:
    apdu::ResponseApdu dispatch(ByteView raw) const;

    struct Route {
        CommandClass classes = CommandClass::Any;
        Handler handler;
    };
    std::array<Route, 256> m_routes;  ///< indexed by INS; empty handler = INS not supported
    const LogicalChannels& m_channels;
};

} // namespace euicc::card
