// SPDX-License-Identifier: Apache-2.0
// A CardChannel wired straight to a CardEndpoint in the same process (unit tests, fast simulations).
#pragma once

#include <mutex>

#include <euicc/transport/card_channel.hpp>
#include <euicc/transport/card_endpoint.hpp>

namespace euicc::transport {

/// Borrows `card` (must outlive the channel). With `t0_procedure` the channel behaves like a T=0 reader
/// (ISO 7816-3 §12.2): a case-4 command's response data is held back and announced with 61xx, to be
/// fetched by GET RESPONSE; so the host's GET RESPONSE path is exercised without pcscd.
/// transmit() on one channel is serialised by an internal mutex.
class InProcessChannel : public CardChannel {
public:
    struct Options {
        bool t0_procedure = false;
    };
    explicit InProcessChannel(CardEndpoint& card);
    InProcessChannel(CardEndpoint& card, Options options);

    Bytes atr() override;

protected:
    Bytes do_transmit(ByteView command) override;
    void do_reset(bool cold) override;

private:
    CardEndpoint& m_card;
    Options m_options;
    std::mutex m_mutex;
    Bytes m_pending;  ///< T=0: response data waiting for GET RESPONSE
    unsigned char m_pending_cla = 0;
    std::uint16_t m_pending_sw = 0x9000;
};

} // namespace euicc::transport
