// SPDX-License-Identifier: Apache-2.0
// SCP80 OTA settings of the virtual eUICC's ISD-R (ETSI TS 102 225 keysets and TAR, TS 102 226 MSL) and the keys file.
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include <openssl/crypto.h>

#include <euicc/apdu/scp80_key_file.hpp>
#include <euicc/card/ota_settings.hpp>
#include <euicc/error.hpp>
#include <euicc/transport/durable_file.hpp>

namespace euicc::card {

namespace {

void validate_keyset(const OtaKeyset& keys) {
    const std::string name = "OTA keyset KVN " + std::to_string(keys.kvn);
    if (keys.kvn < 1 || keys.kvn > 15) {
        throw std::invalid_argument(name + ": the KVN must be 1..15 (b8..b5 of KIc/KID, TS 102 225 §5.1.2)");
    }
    // The card ciphers and checks CCs with both keys (SPI byte 1 and PoR), so both must fit their byte.
    const scp80::Keyset keyset{keys.kvn, keys.kic_key, keys.kid_key};
    try {
        scp80::check_kic_key(keys.kic, keyset);
        scp80::check_kid_key(keys.kid, keyset);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(name + ": " + e.what());
    }
}

} // namespace

OtaKeyset test_keyset() {
    // Shared decision of issue 3: the public lab TEST keyset (AES-128, KVN 1). Not a secret by design.
    OtaKeyset keys;
    keys.kvn = 1;
    keys.kic = 0x12;
    keys.kid = 0x12;
    keys.kic_key = SecretBytes(Bytes{0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B,
                                     0x4C, 0x4D, 0x4E, 0x4F});
    keys.kid_key = SecretBytes(Bytes{0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B,
                                     0x5C, 0x5D, 0x5E, 0x5F});
    return keys;
}

void validate(const OtaSettings& settings) {
    // Throws std::invalid_argument itself for reserved bits in the MSL (it is configuration).
    static_cast<void>(scp80::meets_minimum_security_level(scp80::Spi{}, settings.minimum_security_level));
    if (settings.keysets.empty()) {
        throw std::invalid_argument("OTA settings: no keyset");
    }
    std::set<std::uint8_t> versions;
    for (const OtaKeyset& keys : settings.keysets) {
        validate_keyset(keys);
        if (!versions.insert(keys.kvn).second) {
            throw std::invalid_argument("OTA settings: two keysets with KVN " + std::to_string(keys.kvn));
        }
    }
}

OtaSettings parse_ota_settings(std::string_view json_text, std::string_view source_name) {
    // scp80::KeyFileError is an euicc::Error naming the source and the member.
    scp80::KeyFile file = scp80::parse_key_file(json_text, source_name);
    if (file.kic_key.empty() || file.kid_key.empty()) {
        throw scp80::KeyFileError(source_name, file.kic_key.empty() ? "kic_key" : "kid_key",
                                  "is missing (the card needs both keys)");
    }
    OtaSettings settings;
    settings.tar = file.tar;
    settings.minimum_security_level = file.msl;
    OtaKeyset keys;
    keys.kvn = file.kvn;
    keys.kic = file.kic;
    keys.kid = file.kid;
    keys.kic_key = std::move(file.kic_key);
    keys.kid_key = std::move(file.kid_key);
    settings.keysets.clear();
    settings.keysets.push_back(std::move(keys));
    try {
        validate(settings);
    } catch (const std::invalid_argument& e) {
        throw Error(std::string(source_name) + ": " + e.what());
    }
    return settings;
}

OtaSettings load_ota_settings(const std::filesystem::path& keys_file) {
    std::optional<std::string> text = transport::read_file_if_exists(keys_file);
    if (!text) {
        throw Error("keys file " + keys_file.string() + " does not exist");
    }
    try {
        OtaSettings settings = parse_ota_settings(*text, "keys file " + keys_file.string());
        OPENSSL_cleanse(text->data(), text->size());
        return settings;
    } catch (...) {
        OPENSSL_cleanse(text->data(), text->size());
        throw;
    }
}

} // namespace euicc::card
