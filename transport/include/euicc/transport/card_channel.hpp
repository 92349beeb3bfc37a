// SPDX-License-Identifier: Apache-2.0
// Host side of a card connection: APDUs in, responses out, with the T=0 procedure bytes handled once.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/transport/apdu_tracer.hpp>

namespace euicc::transport {

/// The host's view of one card. `transmit` is non-virtual: it does tracing and the status-word procedure
/// (ISO 7816-4 §5.1.3 / TS 102 221 §7.3.1.1.4):
/// - 61xx: GET RESPONSE (same CLA, Le = xx) until the data is complete, data concatenated;
/// - 6Cxx: re-issue the same command once with Le = xx.
/// Any other SW is returned as is (values, not errors). Implementations provide `do_transmit`.
/// Not thread-safe across concurrent transmit calls on one channel unless the subclass says so.
class CardChannel {
public:
    virtual ~CardChannel() = default;

    /// Sends `command`, handles 61xx/6Cxx, returns the final response. Throws TransportError subclasses.
    apdu::ResponseApdu transmit(const apdu::CommandApdu& command);
    /// Same for an encoded C-APDU: parsed first (CodecError if malformed, nothing sent), then sent as given.
    apdu::ResponseApdu transmit(ByteView command);
    /// Same, but `command` is re-addressed to logical channel `channel` (0..19) first.
    apdu::ResponseApdu transmit(const apdu::CommandApdu& command, unsigned channel);
    /// One wire exchange: no 61xx/6Cxx processing, traced. Returns data + SW1 SW2.
    Bytes transmit_raw(ByteView command);

    /// MANAGE CHANNEL open (ISO 7816-4 §11.1.2): returns the channel number the card assigned.
    /// Throws StatusWordError on a non-9000 answer.
    unsigned open_logical_channel();
    /// MANAGE CHANNEL close of `channel` (1..19).
    void close_logical_channel(unsigned channel);

    /// The ATR of the current power-up.
    virtual Bytes atr() = 0;
    /// Warm reset (cold = power cycle). Tracers see on_reset with the new ATR.
    void reset(bool cold = false);

    void add_tracer(std::shared_ptr<ApduTracer> tracer);
    void remove_tracer(const std::shared_ptr<ApduTracer>& tracer);

protected:
    /// One wire exchange. Throw TransportError (or a subclass) on failure; never return < 2 bytes.
    virtual Bytes do_transmit(ByteView command) = 0;
    virtual void do_reset(bool cold) = 0;

private:
    apdu::ResponseApdu transmit_encoded(const apdu::CommandApdu& command, ByteView encoded);
    apdu::ResponseApdu exchange(const apdu::CommandApdu& command, ByteView encoded);
    void notify(ByteView command, ByteView response);
    std::vector<std::shared_ptr<ApduTracer>> m_tracers;
};

} // namespace euicc::transport
