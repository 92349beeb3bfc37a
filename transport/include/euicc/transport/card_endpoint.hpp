// SPDX-License-Identifier: Apache-2.0
// Card side of a connection: what a (virtual) card must implement to be reached by a CardChannel or vpcd.
#pragma once

#include <euicc/apdu/bytes.hpp>

namespace euicc::transport {

/// A card. `process` never throws: any internal failure becomes a status word (6F00 at worst).
/// Calls are serialised by the caller (one reader slot = one outstanding APDU, as on a real interface).
class CardEndpoint {
public:
    virtual ~CardEndpoint() = default;
    virtual Bytes atr() const = 0;
    virtual void power_on() = 0;
    virtual void power_off() = 0;
    virtual void reset() = 0;
    /// One C-APDU in, one R-APDU (data + SW1 SW2) out.
    virtual Bytes process(ByteView command) noexcept = 0;
};

} // namespace euicc::transport
