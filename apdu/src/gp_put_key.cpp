// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform PUT KEY for AES keys per GPCS v2.3.1 §11.8 and Amd D v1.1.1 §7.2 (Table 7-10): key blocks
// encrypted under the static DEK, key check values (GPCS §B.6), the response and the card-side parse.
#include <euicc/apdu/gp.hpp>

#include <algorithm>
#include <stdexcept>

#include <openssl/crypto.h>

#include <euicc/apdu/crypto.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

#include "gp_command.hpp"
#include "scp03_keys.hpp"

namespace euicc::gp {

namespace {

constexpr std::uint8_t more_commands_bit = 0x80; // P1.b8; also P2.b8 = several keys
constexpr std::uint8_t seven_bits = 0x7F;
constexpr std::uint8_t kcv_length = 3;
constexpr std::size_t aes_block = 16;

void check_seven_bits(std::uint8_t value, const char* what) {
    if (value > seven_bits) {
        throw std::invalid_argument(std::string("PUT KEY: ") + what + " over 7F");
    }
}

bool is_aes_key(std::size_t size) noexcept { return crypto::valid_key_length(crypto::BlockCipher::Aes, size); }

} // namespace

// Amd D §7.2.2 defines the AES KCV for SCP03 keys; PUT KEY carries the same value.
KeyCheckValue aes_key_check_value(ByteView key) { return scp03::key_check_value(key); }

CommandApdu put_key_aes(std::uint8_t new_version, const std::vector<ByteView>& keys, ByteView dek,
                        const PutKeyOptions& options) {
    check_seven_bits(new_version, "new key version");
    check_seven_bits(options.replaced_version, "replaced key version");
    check_seven_bits(options.first_key_id, "first key identifier");
    if (keys.empty() || keys.size() > seven_bits) {
        throw std::invalid_argument("PUT KEY: " + std::to_string(keys.size()) + " keys, expected 1..127");
    }
    if (!is_aes_key(dek.size())) {
        throw std::invalid_argument("PUT KEY: DEK of " + std::to_string(dek.size()) + " bytes is not an AES key");
    }
    Bytes data{new_version};
    for (const ByteView key : keys) {
        // AES-192 keys would need arbitrary padding bytes before CBC (Amd D §6.2.8), and Amd D Table 7-10 only
        // shows 16- and 32-byte keys in PUT KEY, so this builder takes no padding source and refuses them.
        if (key.size() != 16 && key.size() != 32) {
            throw std::invalid_argument("PUT KEY: AES key of " + std::to_string(key.size()) + " bytes, expected 16 or 32");
        }
        // The encryption itself is SCP03's sensitive-data rule (Amd D §6.2.8, §7.2): one implementation for both.
        const Bytes ciphertext = scp03::detail::encrypt_key(dek, key, nullptr);
        Bytes block;
        if (options.format == KeyBlockFormat::WithClearLength) {
            block.push_back(static_cast<std::uint8_t>(key.size()));
        }
        append(block, ciphertext);
        data.push_back(key_type_aes);
        detail::append_lv(data, block);
        const KeyCheckValue kcv = aes_key_check_value(key);
        data.push_back(kcv_length);
        data.insert(data.end(), kcv.begin(), kcv.end());
    }
    const auto p2 = static_cast<std::uint8_t>(options.first_key_id | (keys.size() > 1 ? more_commands_bit : 0));
    return detail::command(ins::put_key, options.replaced_version, p2, std::move(data), true);
}

PutKeyResponse parse_put_key_response(ByteView data) {
    if (data.empty() || (data.size() - 1) % kcv_length != 0) {
        throw CodecError("PUT KEY response", data.empty() ? 0 : data.size(),
                         std::to_string(data.size()) + " bytes, expected KVN + 3 bytes per key");
    }
    PutKeyResponse out;
    out.version = data[0];
    for (std::size_t at = 1; at < data.size(); at += kcv_length) {
        KeyCheckValue kcv{};
        std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(at), kcv_length, kcv.begin());
        out.check_values.push_back(kcv);
    }
    return out;
}

PutKeyCommand parse_put_key(const CommandApdu& command) {
    constexpr const char* context = "PUT KEY";
    if (command.ins() != ins::put_key) {
        throw CodecError(context, 0, "INS " + to_hex(Bytes{command.ins()}) + " is not PUT KEY");
    }
    PutKeyCommand out;
    out.replaced_version = command.p1() & seven_bits;
    out.first_key_id = command.p2() & seven_bits;
    out.several_keys = (command.p2() & more_commands_bit) != 0;
    ByteReader r(command.data(), context);
    out.new_version = r.u8();
    while (!r.empty()) {
        PutKeyCommand::Key key;
        const std::size_t type_at = r.offset();
        key.type = r.u8();
        if (key.type == 0xFF) {
            r.fail_at(type_at, "extended key format (type FF xx) is not supported");
        }
        const std::size_t length_at = r.offset();
        const std::uint8_t length = r.u8();
        if (length >= 0x80) {
            r.fail_at(length_at, "key block length over 127 is not supported");
        }
        ByteView block = r.take(length);
        // §11.8.2.3.2: a block whose length is one more than a whole number of cipher blocks starts with the
        // clear key length (Amd D Table 7-10); a whole number of blocks is the ciphertext alone.
        if (key.type == key_type_aes && block.size() % aes_block == 1) {
            key.clear_length = block[0];
            block = block.subspan(1);
        }
        key.encrypted.assign(block.begin(), block.end());
        const std::uint8_t kcv_size = r.u8();
        const ByteView kcv = r.take(kcv_size);
        key.check_value.assign(kcv.begin(), kcv.end());
        out.keys.push_back(std::move(key));
    }
    return out;
}

SecretBytes decrypt_key(const PutKeyCommand::Key& key, ByteView dek) {
    constexpr const char* context = "PUT KEY";
    if (key.type != key_type_aes) {
        throw CodecError(context, 0, "key type " + to_hex(Bytes{key.type}) + " is not AES");
    }
    if (key.encrypted.empty() || key.encrypted.size() % aes_block != 0) {
        throw CodecError(context, 0, "AES key block of " + std::to_string(key.encrypted.size()) + " bytes");
    }
    const std::size_t length = key.clear_length.value_or(key.encrypted.size());
    if (length > key.encrypted.size() || !is_aes_key(length)) {
        throw CodecError(context, 0, "clear key length " + std::to_string(length) + " does not fit the block");
    }
    // SCP03 owns the decryption (Amd D §6.2.8); it also wipes the padding bytes of the last block.
    SecretBytes secret = scp03::detail::decrypt_key_prefix(dek, key.encrypted, length);
    if (!key.check_value.empty()) {
        const KeyCheckValue expected = aes_key_check_value(secret.view());
        if (key.check_value.size() != kcv_length || CRYPTO_memcmp(expected.data(), key.check_value.data(), kcv_length) != 0) {
            throw SecurityError("PUT KEY: key check value does not match the decrypted key");
        }
    }
    return secret;
}

} // namespace euicc::gp
