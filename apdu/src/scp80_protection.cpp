// SPDX-License-Identifier: Apache-2.0
// TS 102 225 §5.1.2/§5.1.3 algorithms behind KIc and KID, resolved against a key set; RC/CC computation.
#include "scp80_protection.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/error.hpp>

namespace euicc::scp80::detail {

namespace {

// The coded DES variant fixes the key length; AES leaves it to the key (16/24/32).
bool key_fits(KeyAlgorithm algorithm, std::size_t length) noexcept {
    switch (algorithm) {
    case KeyAlgorithm::DesCbc:
    case KeyAlgorithm::DesEcb:
        return length == 8;
    case KeyAlgorithm::TripleDes2Key:
        return length == 16;
    case KeyAlgorithm::TripleDes3Key:
        return length == 24;
    case KeyAlgorithm::Aes:
        return length == 16 || length == 24 || length == 32;
    default:
        return false;
    }
}

crypto::BlockCipher family(KeyAlgorithm algorithm) noexcept {
    switch (algorithm) {
    case KeyAlgorithm::DesCbc:
    case KeyAlgorithm::DesEcb:
        return crypto::BlockCipher::Des;
    case KeyAlgorithm::Aes:
        return crypto::BlockCipher::Aes;
    default:
        return crypto::BlockCipher::TripleDes;
    }
}

bool is_block_cipher(KeyAlgorithm algorithm) noexcept {
    return algorithm == KeyAlgorithm::DesCbc || algorithm == KeyAlgorithm::TripleDes2Key ||
           algorithm == KeyAlgorithm::TripleDes3Key || algorithm == KeyAlgorithm::DesEcb ||
           algorithm == KeyAlgorithm::Aes;
}

} // namespace

std::variant<CipherSpec, Unusable> resolve_cipher(const Kic& kic, const Keyset* keys) noexcept {
    constexpr auto error = ResponseStatus::CipheringError;
    if (!is_block_cipher(kic.algorithm)) {
        return Unusable{error, "KIc algorithm is implicit or proprietary (not supported)"};
    }
    if (keys == nullptr) {
        return Unusable{error, "no KIc key for this key version"};
    }
    if (!key_fits(kic.algorithm, keys->kic_key.size())) {
        return Unusable{error, "KIc key length does not fit the KIc algorithm"};
    }
    CipherSpec spec;
    spec.cipher = family(kic.algorithm);
    spec.ecb = kic.algorithm == KeyAlgorithm::DesEcb;
    spec.key = keys->kic_key.view();
    spec.block = crypto::block_size(spec.cipher);
    return spec;
}

std::variant<ChecksumSpec, Unusable> resolve_checksum(const Kid& kid, Integrity integrity,
                                                      const Keyset* keys) noexcept {
    constexpr auto error = ResponseStatus::RcCcDsFailed;
    ChecksumSpec spec;
    switch (integrity) {
    case Integrity::None:
        return spec;
    case Integrity::Ds:
        return Unusable{error, "digital signatures (DS) are proprietary and not supported"};
    case Integrity::Rc:
        // A CRC needs no key.
        if (kid.algorithm == KeyAlgorithm::Crc16) {
            spec.kind = ChecksumSpec::Kind::Crc16;
            spec.length = 2;
            return spec;
        }
        if (kid.algorithm == KeyAlgorithm::Crc32) {
            spec.kind = ChecksumSpec::Kind::Crc32;
            spec.length = 4;
            return spec;
        }
        return Unusable{error, "KID RC algorithm is implicit or proprietary (not supported)"};
    case Integrity::Cc:
        break;
    }
    if (!is_block_cipher(kid.algorithm) || kid.algorithm == KeyAlgorithm::DesEcb) {
        return Unusable{error, "KID CC algorithm is implicit or proprietary (not supported)"};
    }
    if (keys == nullptr) {
        return Unusable{error, "no KID key for this key version"};
    }
    if (!key_fits(kid.algorithm, keys->kid_key.size())) {
        return Unusable{error, "KID key length does not fit the KID algorithm"};
    }
    spec.kind = kid.algorithm == KeyAlgorithm::Aes ? ChecksumSpec::Kind::Cmac : ChecksumSpec::Kind::CbcMac;
    spec.cipher = family(kid.algorithm);
    spec.key = keys->kid_key.view();
    // TS 102 225: the CC is 8 bytes for DES/3DES and for AES-CMAC (truncated, TS 102 225 §5.1.3).
    spec.length = 8;
    return spec;
}

void compute_checksum(const ChecksumSpec& spec, std::initializer_list<ByteView> parts,
                      std::span<std::uint8_t> out) {
    switch (spec.kind) {
    case ChecksumSpec::Kind::None:
        return;
    case ChecksumSpec::Kind::Crc16: {
        std::uint16_t crc = 0;
        for (const ByteView part : parts) {
            crc = crypto::crc16_x25(part, crc);
        }
        // Byte order of the CRC16 on the wire is not fixed by a vector we know of: big endian like CRC32.
        out[0] = static_cast<std::uint8_t>(crc >> 8);
        out[1] = static_cast<std::uint8_t>(crc);
        return;
    }
    case ChecksumSpec::Kind::Crc32: {
        std::uint32_t crc = 0;
        for (const ByteView part : parts) {
            crc = crypto::crc32(part, crc);
        }
        for (int i = 0; i < 4; ++i) {
            out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (24 - 8 * i));
        }
        return;
    }
    case ChecksumSpec::Kind::CbcMac: {
        const auto mac = crypto::cbc_mac(spec.cipher, spec.key, parts);
        std::copy_n(mac.begin(), spec.length, out.begin());
        return;
    }
    case ChecksumSpec::Kind::Cmac: {
        const auto mac = crypto::aes_cmac(spec.key, parts);
        std::copy_n(mac.begin(), spec.length, out.begin());
        return;
    }
    }
}

bool verify_checksum(const ChecksumSpec& spec, std::initializer_list<ByteView> parts, ByteView received) {
    std::array<std::uint8_t, 8> expected{};
    if (received.size() != spec.length) {
        return false;
    }
    compute_checksum(spec, parts, expected);
    return CRYPTO_memcmp(expected.data(), received.data(), spec.length) == 0;
}

std::size_t padding_for(std::size_t plain_length, std::size_t block) noexcept {
    return (block - plain_length % block) % block;
}

void encrypt_in_place(const CipherSpec& spec, std::span<std::uint8_t> data) {
    if (spec.ecb) {
        crypto::ecb_encrypt_into(spec.cipher, spec.key, data, data);
    } else {
        crypto::cbc_encrypt_into(spec.cipher, spec.key, data, data);
    }
}

void decrypt_in_place(const CipherSpec& spec, std::span<std::uint8_t> data) {
    if (spec.ecb) {
        crypto::ecb_decrypt_into(spec.cipher, spec.key, data, data);
    } else {
        crypto::cbc_decrypt_into(spec.cipher, spec.key, data, data);
    }
}

CipherSpec usable_cipher(std::uint8_t kic_byte, const Keyset& keys, bool check_key_version) {
    Kic kic;
    try {
        kic = Kic::decode(kic_byte);
    } catch (const CodecError& e) {
        throw std::invalid_argument(e.what());
    }
    // TS 102 225 §5.1.2: b8..b5 name the key version the packet was secured with.
    if (check_key_version && kic.key_version != keys.kvn) {
        throw std::invalid_argument("KIc key version (b8..b5) " + std::to_string(kic.key_version) +
                                    " differs from the key set's KVN " + std::to_string(keys.kvn));
    }
    auto resolved = resolve_cipher(kic, &keys);
    if (const auto* unusable = std::get_if<Unusable>(&resolved)) {
        throw std::invalid_argument(unusable->reason);
    }
    return std::get<CipherSpec>(resolved);
}

ChecksumSpec usable_checksum(std::uint8_t kid_byte, Integrity integrity, const Keyset& keys,
                             bool check_key_version) {
    Kid kid;
    try {
        kid = Kid::decode(kid_byte, integrity);
    } catch (const CodecError& e) {
        throw std::invalid_argument(e.what());
    }
    auto resolved = resolve_checksum(kid, integrity, &keys);
    if (const auto* unusable = std::get_if<Unusable>(&resolved)) {
        throw std::invalid_argument(unusable->reason);
    }
    const ChecksumSpec spec = std::get<ChecksumSpec>(resolved);
    const bool keyed = spec.kind == ChecksumSpec::Kind::CbcMac || spec.kind == ChecksumSpec::Kind::Cmac;
    if (check_key_version && keyed && kid.key_version != keys.kvn) {
        throw std::invalid_argument("KID key version (b8..b5) " + std::to_string(kid.key_version) +
                                    " differs from the key set's KVN " + std::to_string(keys.kvn));
    }
    return spec;
}

PacketProtection sender_protection(const CommandHeader& header, const Keyset& keys, Direction direction,
                                   bool check_key_version) {
    const bool command = direction == Direction::Command;
    const char* const where = command ? "SCP80 command: " : "SCP80 PoR: ";
    PacketProtection protection;
    try {
        if (command ? header.spi.ciphering : header.spi.por_ciphered) {
            protection.ciphered = true;
            protection.cipher = usable_cipher(header.kic, keys, check_key_version);
        }
        const Integrity integrity = command ? header.spi.integrity : header.spi.por_integrity;
        if (integrity != Integrity::None) {
            protection.checksum = usable_checksum(header.kid, integrity, keys, check_key_version);
        }
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(where + std::string(e.what()));
    }
    return protection;
}

void put_counter(std::uint64_t counter, std::uint8_t* out) noexcept {
    for (int i = 0; i < 5; ++i) {
        out[i] = static_cast<std::uint8_t>(counter >> (32 - 8 * i));
    }
}

std::uint64_t get_counter(const std::uint8_t* in) noexcept {
    std::uint64_t counter = 0;
    for (int i = 0; i < 5; ++i) {
        counter = counter << 8 | in[i];
    }
    return counter;
}

} // namespace euicc::scp80::detail
