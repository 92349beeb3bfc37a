// SPDX-License-Identifier: Apache-2.0
// SCP03 data derivation (GP Amd D v1.1.1 §4.1.5, NIST SP 800-108 counter mode, AES-CMAC): keys, cryptograms, challenge.
#include <euicc/apdu/scp03.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/apdu/crypto.hpp>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

namespace {

constexpr std::size_t label_zeros = 11;
constexpr std::size_t fixed_input_size = label_zeros + 1 + 1 + 2 + 1; // label, separator, L, counter i
constexpr std::size_t prf_output = 16;
constexpr std::size_t min_aid = 5;
constexpr std::size_t max_aid = 16;

std::array<std::uint8_t, 16> context_of(const Challenge& host_challenge, const Challenge& card_challenge) {
    std::array<std::uint8_t, 16> context{};
    std::copy(host_challenge.begin(), host_challenge.end(), context.begin());
    std::copy(card_challenge.begin(), card_challenge.end(), context.begin() + host_challenge.size());
    return context;
}

Cryptogram cryptogram(ByteView s_mac, std::uint8_t constant, const Challenge& host_challenge,
                      const Challenge& card_challenge) {
    const SecretBytes derived = kdf(s_mac, constant, context_of(host_challenge, card_challenge), 64);
    Cryptogram out{};
    std::copy_n(derived.data(), out.size(), out.begin());
    return out;
}

} // namespace

SecretBytes kdf(ByteView key, std::uint8_t constant, ByteView context, std::size_t length_bits) {
    detail::check_aes_key(key, "KDF key");
    if (length_bits != 64 && length_bits != 128 && length_bits != 192 && length_bits != 256) {
        throw std::invalid_argument("SCP03 KDF: output length of " + std::to_string(length_bits) +
                                    " bits, expected 64, 128, 192 or 256");
    }
    // Amd D §4.1.5: the iteration counter follows L (NIST SP 800-108 allows the reordering), so generic
    // counter-first KDF helpers do not fit.
    std::array<std::uint8_t, fixed_input_size> fixed{};
    fixed[label_zeros] = constant;
    fixed[label_zeros + 2] = static_cast<std::uint8_t>(length_bits >> 8);
    fixed[label_zeros + 3] = static_cast<std::uint8_t>(length_bits);
    const std::size_t length = length_bits / 8;
    Bytes out;
    out.reserve(2 * prf_output);
    for (std::uint8_t i = 1; out.size() < length; ++i) {
        fixed[fixed_input_size - 1] = i;
        std::array<std::uint8_t, prf_output> block = crypto::aes_cmac(key, {fixed, context});
        out.insert(out.end(), block.begin(), block.end());
        OPENSSL_cleanse(block.data(), block.size());
    }
    OPENSSL_cleanse(out.data() + length, out.size() - length);
    out.resize(length);
    return SecretBytes(std::move(out));
}

SessionKeys derive_session_keys(const StaticKeys& keys, const Challenge& host_challenge,
                                const Challenge& card_challenge) {
    keys.validate();
    const auto context = context_of(host_challenge, card_challenge);
    const std::size_t bits = keys.enc.size() * 8;
    return SessionKeys{kdf(keys.enc.view(), derivation::s_enc, context, bits),
                       kdf(keys.mac.view(), derivation::s_mac, context, bits),
                       kdf(keys.mac.view(), derivation::s_rmac, context, bits)};
}

Cryptogram card_cryptogram(const SessionKeys& keys, const Challenge& host_challenge,
                           const Challenge& card_challenge) {
    return cryptogram(keys.s_mac.view(), derivation::card_cryptogram, host_challenge, card_challenge);
}

Cryptogram host_cryptogram(const SessionKeys& keys, const Challenge& host_challenge,
                           const Challenge& card_challenge) {
    return cryptogram(keys.s_mac.view(), derivation::host_cryptogram, host_challenge, card_challenge);
}

Challenge pseudo_random_card_challenge(ByteView key_enc, std::uint32_t sequence_counter, ByteView sd_aid) {
    if (sequence_counter > max_sequence_counter) {
        throw std::invalid_argument("SCP03: sequence counter " + std::to_string(sequence_counter) +
                                    " does not fit 3 bytes");
    }
    if (sd_aid.size() < min_aid || sd_aid.size() > max_aid) {
        throw std::invalid_argument("SCP03: security domain AID of " + std::to_string(sd_aid.size()) +
                                    " bytes, expected 5..16");
    }
    Bytes context{static_cast<std::uint8_t>(sequence_counter >> 16), static_cast<std::uint8_t>(sequence_counter >> 8),
                  static_cast<std::uint8_t>(sequence_counter)};
    append(context, sd_aid);
    const SecretBytes derived = kdf(key_enc, derivation::card_challenge, context, 64);
    Challenge out{};
    std::copy_n(derived.data(), out.size(), out.begin());
    return out;
}

} // namespace euicc::scp03
