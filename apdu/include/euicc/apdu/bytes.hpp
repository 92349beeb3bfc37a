// SPDX-License-Identifier: Apache-2.0
// Byte buffers, bounded readers and hex (hex only at the edges: logs, CLI, test vectors, Python repr).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace euicc {

using Bytes = std::vector<std::uint8_t>;         ///< owned result
using ByteView = std::span<const std::uint8_t>;  ///< borrowed input, valid for the call only

/// Upper-case hex without separators ("A0B1").
std::string to_hex(ByteView data);
/// Parses hex; ASCII whitespace and ':' between digit pairs are ignored. Throws CodecError("hex", offset).
Bytes from_hex(std::string_view text);

/// Appends `tail` to `out`.
void append(Bytes& out, ByteView tail);

/// Bounded cursor over a borrowed buffer. Every read past the end throws CodecError naming the context
/// (e.g. "C-APDU") and the offset where the read started.
class ByteReader {
public:
    ByteReader(ByteView data, std::string context);

    std::uint8_t u8() {
        need(1);
        return m_data[m_offset++];
    }
    std::uint16_t u16be();
    std::uint32_t u24be();
    std::uint32_t u32be();
    /// The next `n` bytes as a view into the original buffer.
    ByteView take(std::size_t n);
    /// All remaining bytes.
    ByteView rest();
    std::uint8_t peek() const;

    std::size_t offset() const noexcept { return m_offset; }
    std::size_t remaining() const noexcept { return m_data.size() - m_offset; }
    bool empty() const noexcept { return m_offset == m_data.size(); }
    const std::string& context() const noexcept { return m_context; }

    /// Throws CodecError("... trailing bytes") unless the whole buffer has been consumed.
    void expect_end() const;
    /// Throws CodecError at the current offset with `reason`.
    [[noreturn]] void fail(const std::string& reason) const;
    [[noreturn]] void fail_at(std::size_t offset, const std::string& reason) const;

private:
    // Inline: every TLV and TPDU field read passes here, so the check must cost a compare, not a call.
    void need(std::size_t n) const {
        if (n > remaining()) {
            fail_truncated(n);
        }
    }
    [[noreturn]] void fail_truncated(std::size_t n) const;

    ByteView m_data;
    std::string m_context;
    std::size_t m_offset = 0;
};

namespace literals {
/// Test/edge helper: "80E29100"_hex. Throws CodecError on bad hex.
Bytes operator""_hex(const char* text, std::size_t len);
} // namespace literals

} // namespace euicc
