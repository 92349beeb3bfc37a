// SPDX-License-Identifier: Apache-2.0
// Byte buffers, the bounded ByteReader and hex conversion (hex only at the edges: logs, CLI, test vectors).
#include <euicc/apdu/bytes.hpp>

#include <euicc/error.hpp>

namespace euicc {

namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool is_separator(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ':';
}

} // namespace

std::string to_hex(ByteView data) {
    std::string out;
    out.reserve(data.size() * 2);
    for (std::uint8_t b : data) {
        out.push_back(hex_digits[b >> 4]);
        out.push_back(hex_digits[b & 0x0F]);
    }
    return out;
}

Bytes from_hex(std::string_view text) {
    Bytes out;
    out.reserve(text.size() / 2);
    int high = -1;          // pending high nibble, -1 when between pairs
    std::size_t high_at = 0; // where the pending pair started, for the odd-length error
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_separator(c)) {
            // Separators are only allowed between digit pairs: "A0 B1" yes, "A 0B1" no.
            if (high >= 0) {
                throw CodecError("hex", i, "separator inside a digit pair");
            }
            continue;
        }
        const int v = hex_value(c);
        if (v < 0) {
            throw CodecError("hex", i, "invalid hex digit");
        }
        if (high < 0) {
            high = v;
            high_at = i;
        } else {
            out.push_back(static_cast<std::uint8_t>((high << 4) | v));
            high = -1;
        }
    }
    if (high >= 0) {
        throw CodecError("hex", high_at, "odd number of hex digits");
    }
    return out;
}

void append(Bytes& out, ByteView tail) { out.insert(out.end(), tail.begin(), tail.end()); }

ByteReader::ByteReader(ByteView data, std::string context) : m_data(data), m_context(std::move(context)) {}

void ByteReader::fail_truncated(std::size_t n) const {
    fail("truncated: need " + std::to_string(n) + " byte(s), " + std::to_string(remaining()) + " left");
}

std::uint16_t ByteReader::u16be() {
    need(2);
    const auto v = static_cast<std::uint16_t>((m_data[m_offset] << 8) | m_data[m_offset + 1]);
    m_offset += 2;
    return v;
}

std::uint32_t ByteReader::u24be() {
    need(3);
    std::uint32_t v = 0;
    for (int i = 0; i < 3; ++i) {
        v = (v << 8) | m_data[m_offset++];
    }
    return v;
}

std::uint32_t ByteReader::u32be() {
    need(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        v = (v << 8) | m_data[m_offset++];
    }
    return v;
}

ByteView ByteReader::take(std::size_t n) {
    need(n);
    const ByteView v = m_data.subspan(m_offset, n);
    m_offset += n;
    return v;
}

ByteView ByteReader::rest() { return take(remaining()); }

std::uint8_t ByteReader::peek() const {
    need(1);
    return m_data[m_offset];
}

void ByteReader::expect_end() const {
    if (!empty()) {
        fail(std::to_string(remaining()) + " trailing byte(s)");
    }
}

void ByteReader::fail(const std::string& reason) const { fail_at(m_offset, reason); }

void ByteReader::fail_at(std::size_t offset, const std::string& reason) const {
    throw CodecError(m_context, offset, reason);
}

namespace literals {
Bytes operator""_hex(const char* text, std::size_t len) { return from_hex(std::string_view(text, len)); }
} // namespace literals

} // namespace euicc
