// SPDX-License-Identifier: Apache-2.0
// GSMTAP v2 SIM traces (libosmocore gsmtap.h, SIMtrace APDU convention) in classic pcap files
// (spec/gsmtap.md).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <euicc/error.hpp>
#include <euicc/transport/apdu_tracer.hpp>

#include "command_layout.hpp"

namespace euicc::transport {

namespace {

// spec/gsmtap.md §3: classic pcap; linktype 228 = LINKTYPE_IPV4 (IPv4 packet, no link-layer header).
constexpr std::uint32_t pcap_linktype_ipv4 = 228;
constexpr std::uint32_t pcap_snaplen = 65535;
// spec/gsmtap.md §3: Wireshark binds GSMTAP to UDP 4729 on either side; 60888 -> 4729 as pySim traces do.
constexpr std::uint16_t udp_src_port = 60888;
constexpr std::uint16_t udp_dst_port = 4729;
constexpr std::size_t ipv4_header_size = 20;
constexpr std::size_t udp_header_size = 8;
constexpr std::size_t gsmtap_header_size = 16;
constexpr std::size_t max_ip_packet = 65535;
// spec/gsmtap.md §1: type 04 = SIM; sub_type 00 = APDU (command + response), 01 = ATR.
constexpr std::uint8_t gsmtap_type_sim = 0x04;
constexpr std::uint8_t gsmtap_sim_apdu = 0x00;
constexpr std::uint8_t gsmtap_sim_atr = 0x01;

void put_be16(Bytes& out, std::size_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

void put_le32(Bytes& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

/// RFC 791 §3.1 header checksum: one's complement of the one's complement sum of the 16-bit words.
std::uint16_t ipv4_checksum(ByteView header) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < header.size(); i += 2) {
        sum += static_cast<std::uint32_t>(header[i] << 8 | header[i + 1]);
    }
    while (sum > 0xFFFF) {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum);
}

/// IPv4 (127.0.0.1 -> 127.0.0.1) + UDP + GSMTAP v2 header + payload: one LINKTYPE_IPV4 frame.
Bytes gsmtap_frame(std::uint8_t sub_type, ByteView payload) {
    const std::size_t udp_size = udp_header_size + gsmtap_header_size + payload.size();
    const std::size_t ip_size = ipv4_header_size + udp_size;
    Bytes frame;
    frame.reserve(ip_size);
    // RFC 791: version 4, IHL 5; TOS 0; total length; id 0, no flags (unfragmented); TTL 64; proto 17 UDP.
    frame.insert(frame.end(), {0x45, 0x00});
    put_be16(frame, ip_size);
    frame.insert(frame.end(), {0x00, 0x00, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 127, 0, 0, 1, 127, 0, 0, 1});
    const std::uint16_t checksum = ipv4_checksum(ByteView(frame).first(ipv4_header_size));
    frame[10] = static_cast<std::uint8_t>(checksum >> 8);
    frame[11] = static_cast<std::uint8_t>(checksum);
    // RFC 768: checksum 0 = none, which Wireshark accepts for IPv4.
    put_be16(frame, udp_src_port);
    put_be16(frame, udp_dst_port);
    put_be16(frame, udp_size);
    put_be16(frame, 0);
    // spec/gsmtap.md §1: version 2, hdr_len 4 words, type SIM; timeslot, arfcn, signal, snr, frame
    // number unused.
    frame.insert(frame.end(), {0x02, 0x04, gsmtap_type_sim, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                               0x00, sub_type, 0x00, 0x00, 0x00});
    append(frame, payload);
    return frame;
}

/// spec/gsmtap.md §2: `CLA INS P1 P2 P3 [command data] [response data] SW1 SW2`, P3 being what a T=0
/// terminal sends (ISO 7816-3 §12.2): Lc for cases 3/4 (Le dropped), Le for case 2 (00 = 256), 00 for case
/// 1. Extended APDUs keep their extended length field as sent (`00 Lc1 Lc2`, case 2E `00 Le1 Le2`).
/// With `redact`, the data of a key-carrying command is replaced by as many zero bytes, so the packet keeps
/// the length fields consistent and Wireshark still decodes the command while no key byte reaches the file.
Bytes apdu_payload(ByteView command, ByteView response, bool redact) {
    const bool hide = redact && carries_secret(command);
    Bytes payload;
    payload.reserve(command.size() + response.size() + 3);
    const auto layout = detail::command_layout(command);
    if (!layout) {
        // Malformed: write it as it went over the wire, so the trace still shows what happened.
        if (hide) {
            append(payload, command.first(4));
            payload.resize(command.size(), 0x00);
        } else {
            append(payload, command);
        }
        append(payload, response);
        return payload;
    }
    append(payload, layout->header);
    if (!layout->lc.empty()) {
        append(payload, layout->lc);
    } else if (!layout->le.empty()) {
        append(payload, layout->le);
    } else {
        payload.push_back(0x00);
    }
    if (hide) {
        payload.resize(payload.size() + layout->data.size(), 0x00);
    } else {
        append(payload, layout->data);
    }
    append(payload, response);
    return payload;
}

std::string errno_text(int error) {
    return std::strerror(error);
}

} // namespace

struct GsmtapPcapTracer::Impl {
    std::mutex mutex;
    std::FILE* file = nullptr;
    std::string path;
    Options options;
    std::string last_error;
    std::size_t packets = 0;

    /// Appends one pcap record; failures are kept in last_error (tracers must not throw). Caller holds mutex.
    void write_packet(std::uint8_t sub_type, ByteView payload) {
        if (ipv4_header_size + udp_header_size + gsmtap_header_size + payload.size() > max_ip_packet) {
            last_error = "exchange of " + std::to_string(payload.size()) +
                         " bytes does not fit one IPv4 packet; not written to " + path;
            return;
        }
        const Bytes frame = gsmtap_frame(sub_type, payload);
        const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch - seconds);
        Bytes record;
        record.reserve(16 + frame.size());
        // pcap record header: ts_sec, ts_usec, incl_len, orig_len (uint32 LE; ts_sec wraps in 2106).
        put_le32(record, static_cast<std::uint32_t>(seconds.count()));
        put_le32(record, static_cast<std::uint32_t>(micros.count()));
        put_le32(record, static_cast<std::uint32_t>(frame.size()));
        put_le32(record, static_cast<std::uint32_t>(frame.size()));
        append(record, frame);
        if (write(record)) {
            ++packets;
        }
    }

    bool write(ByteView bytes) {
        errno = 0;
        if (std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size()) {
            last_error = "write to " + path + " failed: " + errno_text(errno);
            return false;
        }
        return true;
    }
};

GsmtapPcapTracer::GsmtapPcapTracer(const std::string& path) : GsmtapPcapTracer(path, Options{}) {}

GsmtapPcapTracer::GsmtapPcapTracer(const std::string& path, Options options)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->path = path;
    m_impl->options = options;
    m_impl->file = std::fopen(path.c_str(), "wb");
    if (m_impl->file == nullptr) {
        const int error = errno;
        throw TransportError("cannot create pcap file " + path + ": " + errno_text(error), error);
    }
    // pcap global header: magic (LE, microseconds), version 2.4, thiszone 0, sigfigs 0, snaplen, linktype.
    Bytes header;
    put_le32(header, 0xA1B2C3D4);
    header.insert(header.end(), {0x02, 0x00, 0x04, 0x00});
    put_le32(header, 0);
    put_le32(header, 0);
    put_le32(header, pcap_snaplen);
    put_le32(header, pcap_linktype_ipv4);
    if (!m_impl->write(header)) {
        const std::string error = m_impl->last_error;
        std::fclose(m_impl->file);
        throw TransportError(error);
    }
}

GsmtapPcapTracer::~GsmtapPcapTracer() {
    // A failing fclose cannot be reported from a destructor; callers that care call flush() and read
    // last_error() before letting the tracer go.
    std::fclose(m_impl->file);
}

void GsmtapPcapTracer::on_exchange(ByteView command, ByteView response) noexcept {
    try {
        const Bytes payload = apdu_payload(command, response, m_impl->options.redact_keys);
        const std::lock_guard lock(m_impl->mutex);
        m_impl->write_packet(gsmtap_sim_apdu, payload);
    } catch (const std::exception& e) {
        const std::lock_guard lock(m_impl->mutex);
        m_impl->last_error = e.what();
    }
}

void GsmtapPcapTracer::on_reset(ByteView atr) noexcept {
    // spec/gsmtap.md §1: Wireshark <= 4.0 decodes ATR packets as APDUs, hence opt-in.
    if (!m_impl->options.emit_atr || atr.empty()) {
        return;
    }
    try {
        const std::lock_guard lock(m_impl->mutex);
        m_impl->write_packet(gsmtap_sim_atr, atr);
    } catch (const std::exception& e) {
        const std::lock_guard lock(m_impl->mutex);
        m_impl->last_error = e.what();
    }
}

void GsmtapPcapTracer::flush() noexcept {
    const std::lock_guard lock(m_impl->mutex);
    errno = 0;
    if (std::fflush(m_impl->file) != 0) {
        m_impl->last_error = "flush of " + m_impl->path + " failed: " + errno_text(errno);
    }
}

std::string GsmtapPcapTracer::last_error() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->last_error;
}

std::size_t GsmtapPcapTracer::packets() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->packets;
}

Bytes GsmtapPcapTracer::gsmtap_apdu_payload(ByteView command, ByteView response) {
    return apdu_payload(command, response, false);
}

} // namespace euicc::transport
