// SPDX-License-Identifier: Apache-2.0
// Text and in-memory APDU tracers (ISO/IEC 7816-4 §5.1 field layout), with GP key redaction.
#include <string>

#include <euicc/apdu/status_word.hpp>
#include <euicc/transport/apdu_tracer.hpp>

#include "command_layout.hpp"

namespace euicc::transport {

bool carries_secret(ByteView command) noexcept {
    // GP Card Spec §11.8: PUT KEY (INS D8) carries key values, wrapped or not; matched on INS alone so every
    // class byte (80, 84, channel variants) is covered. STORE DATA (E2) can carry keys too (e.g. SGP.02
    // key establishment), but it mostly carries non-secret profile data, so it is not redacted for now.
    constexpr std::uint8_t ins_put_key = 0xD8;
    return command.size() >= 4 && command[1] == ins_put_key;
}

namespace {

std::string redacted(std::size_t n) {
    return "<redacted " + std::to_string(n) + " bytes>";
}

/// "00A40400 10 A000... 00": header, Lc, data, Le as sent, space-separated; data of key-carrying
/// commands replaced by a size note.
std::string describe_command(ByteView command) {
    const bool secret = carries_secret(command);
    const auto layout = detail::command_layout(command);
    if (!layout) {
        // Malformed: the whole APDU in one piece, except a secret's bytes after the header.
        if (secret) {
            return to_hex(command.first(4)) + " " + redacted(command.size() - 4);
        }
        return to_hex(command);
    }
    std::string text = to_hex(layout->header);
    const auto add = [&text](const std::string& field) {
        if (!field.empty()) {
            text += ' ';
            text += field;
        }
    };
    add(to_hex(layout->lc));
    add(secret && !layout->data.empty() ? redacted(layout->data.size()) : to_hex(layout->data));
    add(to_hex(layout->le));
    return text;
}

/// "<data> 9000 (normal processing)"
std::string describe_response(ByteView response) {
    if (response.size() < 2) {
        return to_hex(response) + " (no status word)";
    }
    const apdu::StatusWord sw(response[response.size() - 2], response[response.size() - 1]);
    std::string text;
    if (response.size() > 2) {
        text = to_hex(response.first(response.size() - 2)) + ' ';
    }
    text += sw.to_string();
    text += " (";
    text += sw.describe();
    text += ')';
    return text;
}

/// Builds the text and writes it in one locked step. ApduTracer contract: tracing never breaks the
/// exchange, so a failure is reported the way iostreams report failures, through the stream's badbit.
template <typename Build>
void write_trace(std::ostream& out, std::mutex& mutex, const Build& build) noexcept {
    try {
        const std::string text = build();
        const std::lock_guard lock(mutex);
        out << text << std::flush;
    } catch (...) {
        try {
            out.setstate(std::ios::badbit);
        } catch (...) {
            // The stream has exceptions enabled: its badbit is set all the same, which is the report.
        }
    }
}

} // namespace

StreamTracer::StreamTracer(std::ostream& out, std::string prefix) : m_out(out), m_prefix(std::move(prefix)) {}

void StreamTracer::on_exchange(ByteView command, ByteView response) noexcept {
    write_trace(m_out, m_mutex, [&] {
        return m_prefix + "-> " + describe_command(command) + '\n' + m_prefix + "<- " +
               describe_response(response) + '\n';
    });
}

void StreamTracer::on_reset(ByteView atr) noexcept {
    write_trace(m_out, m_mutex, [&] {
        return m_prefix + "ATR " + (atr.empty() ? std::string("(unknown)") : to_hex(atr)) + '\n';
    });
}

void RecordingTracer::on_exchange(ByteView command, ByteView response) noexcept {
    const std::lock_guard lock(m_mutex);
    m_exchanges.push_back({Bytes(command.begin(), command.end()), Bytes(response.begin(), response.end())});
}

std::vector<RecordingTracer::Exchange> RecordingTracer::exchanges() const {
    const std::lock_guard lock(m_mutex);
    return m_exchanges;
}

void RecordingTracer::clear() {
    const std::lock_guard lock(m_mutex);
    m_exchanges.clear();
}

} // namespace euicc::transport
