// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform STORE DATA per GPCS v2.3.1 §11.11 (P1 Table 11-89, block numbering, splitting) and the DGI
// format of §11.1.12.
#include <euicc/apdu/gp.hpp>

#include <algorithm>
#include <stdexcept>

#include <euicc/error.hpp>

#include "gp_command.hpp"

namespace euicc::gp {

namespace {

constexpr std::uint8_t p1_last_block = 0x80;
constexpr std::uint8_t p1_response_expected = 0x01;
constexpr std::size_t max_short_data = 255;
constexpr std::size_t block_numbers = 256; // P2 = 00..FF
// §11.1.12 (EMV scripting rule): a DGI length of 255 or more is written FF followed by 2 bytes.
constexpr std::uint8_t dgi_long_length = 0xFF;

} // namespace

std::uint8_t store_data_p1(bool last_block, const StoreDataOptions& options) noexcept {
    return static_cast<std::uint8_t>((last_block ? p1_last_block : 0) | static_cast<std::uint8_t>(options.encryption) |
                                     static_cast<std::uint8_t>(options.structure) |
                                     (options.response_expected ? p1_response_expected : 0));
}

CommandApdu store_data(ByteView data, std::uint8_t block_number, bool last_block, const StoreDataOptions& options) {
    if (data.empty() || data.size() > max_short_data) {
        throw std::invalid_argument("STORE DATA: block of " + std::to_string(data.size()) + " bytes, expected 1..255");
    }
    return detail::command(ins::store_data, store_data_p1(last_block, options), block_number,
                           Bytes(data.begin(), data.end()), options.response_expected);
}

std::vector<CommandApdu> store_data_blocks(ByteView data, std::size_t max_block, const StoreDataOptions& options,
                                           std::uint8_t first_block, bool ends_sequence) {
    if (data.empty()) {
        throw std::invalid_argument("STORE DATA: nothing to store");
    }
    if (max_block == 0 || max_block > max_short_data) {
        throw std::invalid_argument("STORE DATA: block size " + std::to_string(max_block) + " outside 1..255");
    }
    const std::size_t count = (data.size() + max_block - 1) / max_block;
    if (first_block + count > block_numbers) {
        throw std::invalid_argument("STORE DATA: " + std::to_string(count) + " blocks from number " +
                                    std::to_string(first_block) + " pass block number FF");
    }
    std::vector<CommandApdu> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t at = i * max_block;
        const ByteView block = data.subspan(at, std::min(max_block, data.size() - at));
        const bool last = ends_sequence && i + 1 == count;
        out.push_back(store_data(block, static_cast<std::uint8_t>(first_block + i), last, options));
    }
    return out;
}

Bytes encode_dgi(std::uint16_t tag, ByteView value) {
    if (value.size() > 0xFFFF) {
        throw std::invalid_argument("DGI: value of " + std::to_string(value.size()) + " bytes exceeds 65535");
    }
    Bytes out{static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag)};
    if (value.size() < dgi_long_length) {
        out.push_back(static_cast<std::uint8_t>(value.size()));
    } else {
        out.push_back(dgi_long_length);
        out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
        out.push_back(static_cast<std::uint8_t>(value.size()));
    }
    append(out, value);
    return out;
}

std::vector<Dgi> parse_dgis(ByteView data) {
    ByteReader r(data, "DGI");
    std::vector<Dgi> out;
    while (!r.empty()) {
        Dgi dgi;
        dgi.tag = r.u16be();
        const std::size_t length_at = r.offset();
        std::size_t length = r.u8();
        if (length == dgi_long_length) {
            length = r.u16be();
            if (length < dgi_long_length) {
                r.fail_at(length_at, "FF xx xx length form for a length under 255");
            }
        }
        if (length > r.remaining()) {
            r.fail_at(length_at, "declared length " + std::to_string(length) + " exceeds the " +
                                     std::to_string(r.remaining()) + " byte(s) left");
        }
        const ByteView value = r.take(length);
        dgi.value.assign(value.begin(), value.end());
        out.push_back(std::move(dgi));
    }
    return out;
}

} // namespace euicc::gp
