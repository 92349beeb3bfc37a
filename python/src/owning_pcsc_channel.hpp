// SPDX-License-Identifier: Apache-2.0
// The Python face of a PC/SC connection: a PcscChannel that can be closed before garbage collection.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <euicc/error.hpp>
#include <euicc/transport/pcsc.hpp>

namespace euicc::python {

/// Owns a transport::PcscChannel (which shares ownership of its SCARDCONTEXT) and forwards to it. Python
/// cannot destroy a bound C++ object on demand, yet a PcscChannel holds a PC/SC transaction for its whole
/// life (spec/vpcd.md: one transaction per session), so `with euicc.connect() as ch:` must end it at the end
/// of the block: close() drops the connection; later calls raise TransportError. Calls are serialised by a
/// mutex, so Python threads (GIL released) may share one channel.
class OwningPcscChannel final : public transport::CardChannel {
public:
    explicit OwningPcscChannel(std::unique_ptr<transport::PcscChannel> channel)
        : m_channel(std::move(channel)), m_reader(m_channel->reader()), m_protocol(m_channel->protocol()) {}
    OwningPcscChannel(const OwningPcscChannel&) = delete;
    OwningPcscChannel& operator=(const OwningPcscChannel&) = delete;
    ~OwningPcscChannel() override { close(); }

    Bytes atr() override {
        std::lock_guard lock(m_mutex);
        return open().atr();
    }
    const std::string& reader() const noexcept { return m_reader; }
    int protocol() const noexcept { return m_protocol; }
    void unpower() {
        std::lock_guard lock(m_mutex);
        open().unpower();
    }
    void set_disposition(transport::Disposition d) {
        std::lock_guard lock(m_mutex);
        open().set_disposition(d);
    }
    std::intptr_t native_handle() {
        std::lock_guard lock(m_mutex);
        return open().native_handle();
    }
    bool closed() const {
        std::lock_guard lock(m_mutex);
        return !m_channel;
    }
    /// Ends the transaction and disconnects (with the disposition set). Idempotent.
    void close() noexcept {
        std::unique_ptr<transport::PcscChannel> channel;
        {
            std::lock_guard lock(m_mutex);
            channel = std::move(m_channel);
        }
        channel.reset(); // outside the lock: a concurrent caller gets "closed", not a wait on pcscd
    }

protected:
    Bytes do_transmit(ByteView command) override {
        std::lock_guard lock(m_mutex);
        return open().transmit_raw(command);
    }
    void do_reset(bool cold) override {
        std::lock_guard lock(m_mutex);
        open().reset(cold);
    }

private:
    transport::PcscChannel& open() {
        if (!m_channel) {
            throw TransportError("PcscChannel on '" + m_reader + "' is closed");
        }
        return *m_channel;
    }

    mutable std::mutex m_mutex;
    std::unique_ptr<transport::PcscChannel> m_channel;
    std::string m_reader;
    int m_protocol;
};

} // namespace euicc::python
