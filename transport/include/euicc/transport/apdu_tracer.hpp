// SPDX-License-Identifier: Apache-2.0
// APDU tracers: observers a CardChannel notifies for every exchange on the wire.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::transport {

/// Observer of raw exchanges (one per wire exchange: a GET RESPONSE is its own exchange).
/// Tracers must not throw: failures to write a trace are reported through `last_error()` of the tracer.
class ApduTracer {
public:
    virtual ~ApduTracer() = default;
    /// `command` as sent, `response` as received (data + SW1 SW2).
    virtual void on_exchange(ByteView command, ByteView response) noexcept = 0;
    /// Card (re)powered; `atr` may be empty when unknown.
    virtual void on_reset(ByteView atr) noexcept { (void)atr; }
};

/// Human-readable trace, one line per direction: "-> 00A40400 10 A000...  " / "<- 6F.. 9000".
/// Data of commands that carry keys (GP PUT KEY, INS D8) is replaced by "<redacted N bytes>".
class StreamTracer : public ApduTracer {
public:
    explicit StreamTracer(std::ostream& out, std::string prefix = {});
    void on_exchange(ByteView command, ByteView response) noexcept override;
    void on_reset(ByteView atr) noexcept override;

private:
    std::mutex m_mutex;
    std::ostream& m_out;
    std::string m_prefix;
};

/// Keeps every exchange in memory (tests compare transcripts of two transports with it).
class RecordingTracer : public ApduTracer {
public:
    struct Exchange {
        Bytes command;
        Bytes response;
        friend bool operator==(const Exchange&, const Exchange&) = default;
    };
    void on_exchange(ByteView command, ByteView response) noexcept override;
    std::vector<Exchange> exchanges() const;
    void clear();

private:
    mutable std::mutex m_mutex;
    std::vector<Exchange> m_exchanges;
};

/// Writes a classic pcap (linktype 228, IPv4) of UDP/4729 GSMTAP v2 SIM packets, sub-type APDU: the
/// SIMtrace convention of command header + command data + response data + SW in one packet, which
/// Wireshark/tshark decode as "GSM SIM" (see spec/gsmtap.md). Optionally emits ATR packets (sub-type 01).
/// Keys are redacted as in StreamTracer. Throws TransportError from the constructor if the file
/// cannot be created; write errors later are kept in last_error().
class GsmtapPcapTracer : public ApduTracer {
public:
    struct Options {
        bool emit_atr = false;  ///< Wireshark <= 4.0 mis-decodes ATR packets as APDUs
        bool redact_keys = true;
    };
    explicit GsmtapPcapTracer(const std::string& path);
    GsmtapPcapTracer(const std::string& path, Options options);
    ~GsmtapPcapTracer() override;
    void on_exchange(ByteView command, ByteView response) noexcept override;
    void on_reset(ByteView atr) noexcept override;
    void flush() noexcept;
    std::string last_error() const;
    std::size_t packets() const;

    /// The GSMTAP payload for one exchange (exposed for tests): T=0-style header with P3, data, SW.
    static Bytes gsmtap_apdu_payload(ByteView command, ByteView response);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// True when `command` carries key material (GP PUT KEY INS D8) and its data must not be logged.
bool carries_secret(ByteView command) noexcept;

} // namespace euicc::transport
