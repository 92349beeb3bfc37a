// SPDX-License-Identifier: Apache-2.0
// SCP80 OTA settings of the virtual eUICC's ISD-R (ETSI TS 102 225 keysets and TAR, TS 102 226 MSL) and the keys file.
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/card/ota_settings.hpp>
#include <euicc/error.hpp>
#include <euicc/transport/durable_file.hpp>

namespace euicc::card {

namespace {

/// Key lengths each KIc/KID algorithm takes (TS 102 225 §5.1.2-§5.1.3; AES per FIPS 197).
bool key_fits(scp80::KeyAlgorithm algorithm, std::size_t length) noexcept {
    using scp80::KeyAlgorithm;
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

std::string byte_hex(std::uint8_t value) {
    return to_hex(ByteView(&value, 1));
}

void validate_keyset(const OtaKeyset& keys) {
    const std::string name = "OTA keyset KVN " + std::to_string(keys.kvn);
    if (keys.kvn < 1 || keys.kvn > 15) {
        throw std::invalid_argument(name + ": the KVN must be 1..15 (b8..b5 of KIc/KID, TS 102 225 §5.1.2)");
    }
    if (keys.kic >> 4 != keys.kvn || keys.kid >> 4 != keys.kvn) {
        throw std::invalid_argument(name + ": KIc " + byte_hex(keys.kic) + " / KID " + byte_hex(keys.kid) +
                                    " do not carry this key version in b8..b5");
    }
    scp80::Kic kic;
    scp80::Kid kid;
    try {
        kic = scp80::Kic::decode(keys.kic);
        kid = scp80::Kid::decode(keys.kid, scp80::Integrity::Cc);
    } catch (const CodecError&) {
        throw std::invalid_argument(name + ": KIc " + byte_hex(keys.kic) + " / KID " + byte_hex(keys.kid) +
                                    " use a reserved coding");
    }
    if (!key_fits(kic.algorithm, keys.kic_key.size())) {
        throw std::invalid_argument(name + ": the KIc key length does not fit KIc " + byte_hex(keys.kic));
    }
    // DES-ECB is a KIc-only algorithm; key_fits accepts it, so exclude it for the checksum here.
    if (kid.algorithm == scp80::KeyAlgorithm::DesEcb || !key_fits(kid.algorithm, keys.kid_key.size())) {
        throw std::invalid_argument(name + ": the KID key length does not fit KID " + byte_hex(keys.kid));
    }
}

/// A secret hex field: the value never appears in the error (not even the offending character).
SecretBytes secret_field(nlohmann::json& json, const char* field, const std::string& source) {
    const auto found = json.find(field);
    if (found == json.end() || !found->is_string()) {
        throw Error(source + ": field \"" + field + "\" (hex string) is missing");
    }
    std::string& text = found->get_ref<std::string&>();
    Bytes bytes;
    try {
        bytes = from_hex(text);
    } catch (const CodecError&) {
        OPENSSL_cleanse(text.data(), text.size());
        throw Error(source + ": field \"" + field + "\" is not hex");
    }
    OPENSSL_cleanse(text.data(), text.size());
    return SecretBytes(std::move(bytes));
}

/// A plain hex field of exactly `size` bytes, or nullopt when absent.
std::optional<Bytes> hex_field(const nlohmann::json& json, const char* field, std::size_t size,
                               const std::string& source) {
    const auto found = json.find(field);
    if (found == json.end()) {
        return std::nullopt;
    }
    const std::string complaint =
        source + ": field \"" + field + "\" must be " + std::to_string(size) + " byte(s) of hex";
    if (!found->is_string()) {
        throw Error(complaint);
    }
    const std::string& text = found->get_ref<const std::string&>();
    const auto refused = [&] { return Error(complaint + ", not \"" + text + "\""); };
    Bytes bytes;
    try {
        bytes = from_hex(text);
    } catch (const CodecError&) {
        throw refused();
    }
    if (bytes.size() != size) {
        throw refused();
    }
    return bytes;
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
    const std::string source(source_name);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::exception&) {
        // The parser's message quotes the text around the fault, which may be a key: leave it out.
        throw Error(source + ": not valid JSON");
    }
    if (!json.is_object()) {
        throw Error(source + ": not a JSON object");
    }
    OtaSettings settings;
    if (const auto tar = hex_field(json, "tar", 3, source)) {
        std::copy(tar->begin(), tar->end(), settings.tar.bytes.begin());
    }
    if (const auto msl = hex_field(json, "msl", 1, source)) {
        settings.minimum_security_level = msl->front();
    }
    const std::optional<Bytes> kic = hex_field(json, "kic", 1, source);
    const std::optional<Bytes> kid = hex_field(json, "kid", 1, source);
    OtaKeyset keys;
    keys.kvn = kic ? static_cast<std::uint8_t>(kic->front() >> 4) : std::uint8_t{1};
    if (const auto kvn = json.find("kvn"); kvn != json.end()) {
        if (!kvn->is_number_unsigned() || kvn->get<unsigned>() < 1 || kvn->get<unsigned>() > 15) {
            throw Error(source + ": field \"kvn\" must be a number 1..15");
        }
        keys.kvn = static_cast<std::uint8_t>(kvn->get<unsigned>());
    }
    // The shared default: AES (algorithm nibble 2) for both, with the key version in b8..b5.
    const auto aes = static_cast<std::uint8_t>(keys.kvn << 4 | 0x02);
    keys.kic = kic ? kic->front() : aes;
    keys.kid = kid ? kid->front() : aes;
    keys.kic_key = secret_field(json, "kic_key", source);
    keys.kid_key = secret_field(json, "kid_key", source);
    settings.keysets = {std::move(keys)};
    try {
        validate(settings);
    } catch (const std::invalid_argument& e) {
        throw Error(source + ": " + e.what());
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
