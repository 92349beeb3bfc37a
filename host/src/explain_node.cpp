// SPDX-License-Identifier: Apache-2.0
// `euicc decode` node builders and TLV framing (ISO 7816-4 §5.2 BER-TLV, TS 101 220 §7.1.1 COMPREHENSION-TLV).
#include "explain_parts.hpp"

#include <algorithm>

namespace euicc::host::detail {

Input Input::sub(std::size_t at, std::size_t n) const noexcept {
    const std::size_t start = std::min(at, bytes.size());
    const std::size_t length = std::min(n, bytes.size() - start);
    return Input{bytes.subspan(start, length), offset + start};
}

Explanation node(std::string label, std::string value, ByteView bytes) {
    return Explanation{std::move(label), std::move(value), hex(bytes), {}};
}

Explanation malformed(const CodecError& error, std::size_t base) {
    const std::size_t at = base + error.offset();
    std::string text = error.context() + " at offset " + std::to_string(at) + ": " + error.reason();
    if (at != error.offset()) {
        text += " (offset " + std::to_string(error.offset()) + " within the " + error.context() + ")";
    }
    return Explanation{"malformed", std::move(text), "", {}};
}

Explanation malformed_at(std::size_t offset, std::string_view context, const std::string& reason) {
    return Explanation{"malformed", std::string(context) + " at offset " + std::to_string(offset) + ": " + reason,
                       "", {}};
}

std::string hex(ByteView bytes) {
    return to_hex(bytes);
}

std::string hex_byte(std::uint8_t byte) {
    return to_hex(ByteView(&byte, 1));
}

std::string count(std::size_t n, std::string_view unit) {
    std::string text = std::to_string(n) + " " + std::string(unit);
    if (n != 1) {
        text += "s";
    }
    return text;
}

std::optional<std::string> printable(ByteView bytes) {
    if (bytes.empty() || !std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; })) {
        return std::nullopt;
    }
    return "\"" + std::string(bytes.begin(), bytes.end()) + "\"";
}

std::optional<TlvFrame> frame_tlv(ByteView data, bool comprehension) noexcept {
    if (data.empty()) {
        return std::nullopt;
    }
    std::size_t at = 1;
    if (comprehension) {
        at = data[0] == 0x7F ? 3 : 1;
    } else if ((data[0] & 0x1F) == 0x1F) {
        // ISO 7816-4 §5.2: subsequent tag bytes have b8 set, except the last.
        while (at < data.size() && (data[at] & 0x80) != 0) {
            ++at;
        }
        ++at;
    }
    if (at >= data.size()) {
        return std::nullopt;
    }
    const std::uint8_t first = data[at++];
    std::size_t length = first;
    if ((first & 0x80) != 0) {
        // 81..84: the length follows in 1..4 bytes; 80 (indefinite) and longer forms are left to the codecs.
        const std::size_t n = first & 0x7Fu;
        if (n == 0 || n > 4 || n > data.size() - at) {
            return std::nullopt;
        }
        length = 0;
        for (std::size_t i = 0; i < n; ++i) {
            length = length << 8 | data[at++];
        }
    }
    if (length > data.size() - at) {
        return std::nullopt;
    }
    return TlvFrame{at, length};
}

} // namespace euicc::host::detail
