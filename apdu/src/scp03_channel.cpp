// SPDX-License-Identifier: Apache-2.0
// SCP03 secure-messaging primitives (GP Amd D v1.1.1 §4.1.4 padding, §6.2.4-§6.2.7 MAC chaining, ICVs, CLA).
#include "scp03_channel.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/apdu/crypto.hpp>
#include <euicc/error.hpp>

namespace euicc::scp03::detail {

namespace {

using crypto::BlockCipher;

constexpr std::uint8_t padding_mark = 0x80;
constexpr std::uint8_t response_block_mark = 0x80;

// CLA layouts (ISO/IEC 7816-4 §5.4.1, GPCS Table 11-11/11-12), the same split as apdu/cla.cpp.
constexpr std::uint8_t first_sm_mask = 0x0C;  // b4..b3
constexpr std::uint8_t first_gp_sm = 0x04;    // b3: GlobalPlatform proprietary secure messaging
constexpr std::uint8_t further_sm = 0x20;     // b6
constexpr std::uint8_t class_bit = 0x80;      // b8: proprietary (GP/ETSI) class
constexpr std::uint8_t further_chaining = 0x10;

bool first_layout(std::uint8_t cla) noexcept {
    const unsigned high = cla >> 4;
    return high == 0x0 || high == 0x1 || high == 0x8 || high == 0xA;
}

bool further_layout(std::uint8_t cla) noexcept { return (cla & 0x40) != 0 && cla != 0xFF; }

/// The 16-byte big-endian counter block (Amd D §6.2.6: "left padded with zeroes to form a full block").
Block counter_block(std::uint64_t counter) noexcept {
    Block block{};
    for (std::size_t i = 0; i < sizeof(counter); ++i) {
        block[block_size - 1 - i] = static_cast<std::uint8_t>(counter >> (8 * i));
    }
    return block;
}

/// Pads `plain` behind `first_block` and CBC-encrypts both with a zero IV: the first output block is then
/// AES(S-ENC, first_block), i.e. the ICV, and the rest is exactly CBC under that ICV. One key schedule instead
/// of two (an ECB call for the ICV, then CBC).
Bytes encrypt_after_block(const ChannelState& state, const Block& first_block, ByteView plain) {
    const std::size_t padded = padded_length(plain.size());
    Bytes buffer(block_size + padded, 0);
    std::copy(first_block.begin(), first_block.end(), buffer.begin());
    std::copy(plain.begin(), plain.end(), buffer.begin() + block_size);
    buffer[block_size + plain.size()] = padding_mark;
    crypto::cbc_encrypt_into(BlockCipher::Aes, state.keys.s_enc.view(), buffer, buffer);
    buffer.erase(buffer.begin(), buffer.begin() + block_size);
    return buffer;
}

Bytes decrypt_with_block(const ChannelState& state, const Block& counter, ByteView ciphertext, const char* what) {
    if (ciphertext.empty() || ciphertext.size() % block_size != 0) {
        throw SecurityError(std::string(what) + ": encrypted data of " + std::to_string(ciphertext.size()) +
                            " bytes is not whole AES blocks");
    }
    Block icv{};
    crypto::ecb_encrypt_into(BlockCipher::Aes, state.keys.s_enc.view(), counter, icv);
    Bytes plain(ciphertext.size());
    crypto::cbc_decrypt_into(BlockCipher::Aes, state.keys.s_enc.view(), ciphertext, plain, icv);
    plain.resize(unpadded_length(plain, what));
    return plain;
}

Block response_counter_block(std::uint64_t counter) noexcept {
    Block block = counter_block(counter);
    block[0] = response_block_mark;
    return block;
}

} // namespace

void check_aes_key(ByteView key, const char* what) {
    if (!crypto::valid_key_length(BlockCipher::Aes, key.size())) {
        throw std::invalid_argument(std::string("SCP03: ") + what + " of " + std::to_string(key.size()) +
                                    " bytes is not an AES key");
    }
}

std::size_t padded_length(std::size_t length) noexcept { return (length / block_size + 1) * block_size; }

std::size_t unpadded_length(ByteView data, const char* what) {
    std::size_t end = data.size();
    const std::size_t floor = data.size() >= block_size ? data.size() - block_size : 0;
    while (end > floor && data[end - 1] == 0x00) {
        --end;
    }
    if (end == floor || data[end - 1] != padding_mark) {
        throw SecurityError(std::string(what) + ": padding is not 80 00..");
    }
    return end - 1;
}

void advance_counter(ChannelState& state, bool has_data) {
    if (state.options.counter_only_with_data && !has_data) {
        return;
    }
    if (state.counter == std::numeric_limits<std::uint64_t>::max()) {
        throw SecurityError("SCP03: encryption counter exhausted; start a new session");
    }
    ++state.counter;
}

Bytes encrypt_command_data(const ChannelState& state, ByteView plain) {
    return encrypt_after_block(state, counter_block(state.counter), plain);
}

Bytes decrypt_command_data(const ChannelState& state, ByteView ciphertext, const char* what) {
    return decrypt_with_block(state, counter_block(state.counter), ciphertext, what);
}

Bytes encrypt_response_data(const ChannelState& state, std::uint64_t counter, ByteView plain) {
    return encrypt_after_block(state, response_counter_block(counter), plain);
}

Bytes decrypt_response_data(const ChannelState& state, std::uint64_t counter, ByteView ciphertext,
                            const char* what) {
    return decrypt_with_block(state, response_counter_block(counter), ciphertext, what);
}

Mac chain_command_mac(ChannelState& state, ByteView header, ByteView body) {
    state.chaining = crypto::aes_cmac(state.keys.s_mac.view(), {state.chaining, header, body});
    Mac mac{};
    std::copy_n(state.chaining.begin(), mac_size, mac.begin());
    return mac;
}

bool verify_command_mac(ChannelState& state, ByteView header, ByteView body, ByteView mac) {
    const Block full = crypto::aes_cmac(state.keys.s_mac.view(), {state.chaining, header, body});
    Mac expected{};
    std::copy_n(full.begin(), mac_size, expected.begin());
    if (!mac_equal(expected, mac)) {
        return false;
    }
    state.chaining = full;
    return true;
}

Mac response_mac(const ChannelState& state, const Block& chaining, ByteView first, ByteView second) {
    const Block full = crypto::aes_cmac(state.keys.s_rmac.view(), {chaining, first, second});
    Mac mac{};
    std::copy_n(full.begin(), mac_size, mac.begin());
    return mac;
}

bool mac_equal(const Mac& expected, ByteView received) noexcept {
    return received.size() == mac_size && CRYPTO_memcmp(expected.data(), received.data(), mac_size) == 0;
}

std::uint8_t cla_with_secure_messaging(std::uint8_t cla) {
    if (first_layout(cla)) {
        return static_cast<std::uint8_t>((cla & ~first_sm_mask) | first_gp_sm);
    }
    if (further_layout(cla)) {
        return static_cast<std::uint8_t>(cla | further_sm);
    }
    throw std::invalid_argument("SCP03: CLA " + to_hex(ByteView(&cla, 1)) + " has no logical channel coding");
}

std::uint8_t cla_without_secure_messaging(std::uint8_t cla) {
    if (first_layout(cla)) {
        return static_cast<std::uint8_t>(cla & ~first_sm_mask);
    }
    if (further_layout(cla)) {
        return static_cast<std::uint8_t>(cla & ~further_sm);
    }
    throw CodecError("CLA", 0, "CLA " + to_hex(ByteView(&cla, 1)) + " has no logical channel coding");
}

bool has_secure_messaging(std::uint8_t cla) noexcept {
    if (first_layout(cla)) {
        return (cla & first_sm_mask) == first_gp_sm;
    }
    return further_layout(cla) && (cla & further_sm) != 0;
}

std::uint8_t cla_for_mac(std::uint8_t cla) noexcept {
    if (first_layout(cla)) {
        return static_cast<std::uint8_t>((cla & 0xF0) | first_gp_sm);
    }
    // Channels 4-19: the channel number is not MACed (Amd D §6.2.4), so the CLA is brought back to the first
    // layout's form for channel 0: class bit and chaining bit kept, b3 set.
    return static_cast<std::uint8_t>((cla & class_bit) | (cla & further_chaining) | first_gp_sm);
}

std::size_t mac_header(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, std::size_t lc,
                       bool extended, std::array<std::uint8_t, 7>& out) noexcept {
    out[0] = cla;
    out[1] = ins;
    out[2] = p1;
    out[3] = p2;
    if (!extended) {
        out[4] = static_cast<std::uint8_t>(lc);
        return 5;
    }
    out[4] = 0x00;
    out[5] = static_cast<std::uint8_t>(lc >> 8);
    out[6] = static_cast<std::uint8_t>(lc);
    return 7;
}

} // namespace euicc::scp03::detail
