// SPDX-License-Identifier: Apache-2.0
// The shared SCP80 (TS 102 225) keys file: JSON members to key set and addressing; key text wiped after use.
#include <euicc/host/ota_keys.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include <euicc/error.hpp>

namespace euicc::host {

namespace {

using nlohmann::json;

/// Wipes key text (a JSON string member, a file buffer) so no copy of a key outlives the parse.
void wipe(std::string& text) noexcept {
    if (!text.empty()) {
        OPENSSL_cleanse(text.data(), text.size());
    }
}

/// Wipes the string members of a parsed document when it goes out of scope, thrown through or not.
struct WipeStrings {
    json& document;
    explicit WipeStrings(json& parsed) : document(parsed) {}
    WipeStrings(const WipeStrings&) = delete;
    WipeStrings& operator=(const WipeStrings&) = delete;
    ~WipeStrings() {
        if (document.is_object()) {
            for (auto& [name, value] : document.items()) {
                if (value.is_string()) {
                    wipe(value.get_ref<std::string&>());
                }
            }
        }
    }
};

[[noreturn]] void bad(const std::string& where, const std::string& reason) {
    throw std::invalid_argument(where + ": " + reason);
}

/// Hex text to bytes; the message names the member only, because the text may be a key.
Bytes hex_of(std::string_view text, const std::string& where) {
    try {
        return from_hex(text);
    } catch (const CodecError&) {
        bad(where, "is not hex");
    }
}

Bytes member_hex(const json& value, const std::string& where) {
    if (!value.is_string()) {
        bad(where, "must be a hex string");
    }
    return hex_of(value.get_ref<const std::string&>(), where);
}

std::uint8_t member_byte(const json& value, const std::string& where) {
    const Bytes b = member_hex(value, where);
    if (b.size() != 1) {
        bad(where, "must be 1 byte");
    }
    return b[0];
}

/// TS 102 225 §5.1.2/5.1.3: DES 8, 3DES 16/24, AES 16/24/32 bytes; anything else fits no algorithm.
SecretBytes key_of(std::string_view text, const std::string& where) {
    Bytes b = hex_of(text, where);
    if (b.size() != 8 && b.size() != 16 && b.size() != 24 && b.size() != 32) {
        OPENSSL_cleanse(b.data(), b.size());
        bad(where, "must be 8, 16, 24 or 32 bytes");
    }
    return SecretBytes(std::move(b));
}

SecretBytes env_key(const char* name) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') {
        return {};
    }
    return key_of(text, name);
}

void apply(OtaKeyFile& keys, const std::string& name, const json& value) {
    if (name == "tar") {
        const Bytes b = member_hex(value, name);
        if (b.size() != 3) {
            bad(name, "must be 3 bytes");
        }
        keys.tar = scp80::Tar{{b[0], b[1], b[2]}};
    } else if (name == "spi") {
        const Bytes b = member_hex(value, name);
        if (b.size() != 2) {
            bad(name, "must be 2 bytes");
        }
        try {
            keys.spi = scp80::Spi::decode(b[0], b[1]);
        } catch (const CodecError& e) {
            bad(name, e.reason());
        }
    } else if (name == "kic") {
        keys.kic = member_byte(value, name);
    } else if (name == "kid") {
        keys.kid = member_byte(value, name);
    } else if (name == "msl") {
        keys.msl = member_byte(value, name);
    } else if (name == "kvn") {
        if (!value.is_number_unsigned() || value.get<unsigned>() > 15) {
            bad(name, "must be a number 0..15");
        }
        keys.kvn = static_cast<std::uint8_t>(value.get<unsigned>());
    } else if (name == "kic_key" || name == "kid_key") {
        if (!value.is_string()) {
            bad(name, "must be a hex string");
        }
        (name == "kic_key" ? keys.kic_key : keys.kid_key) = key_of(value.get_ref<const std::string&>(), name);
    } else {
        bad(name, "unknown member");
    }
}

} // namespace

scp80::Keyset OtaKeyFile::keyset() const {
    return scp80::Keyset{kvn, kic_key, kid_key};
}

scp80::CommandHeader OtaKeyFile::header(std::uint64_t counter) const {
    return scp80::CommandHeader{spi, kic, kid, tar, counter};
}

OtaKeyFile parse_ota_keys(std::string_view json_text) {
    json document;
    try {
        document = json::parse(json_text);
    } catch (const json::parse_error& e) {
        // The library's own message quotes the text it read last, which may be a key: give the position only.
        throw std::invalid_argument("keys JSON: syntax error at byte " + std::to_string(e.byte));
    }
    const WipeStrings guard{document};
    if (!document.is_object()) {
        bad("keys JSON", "must be an object");
    }
    OtaKeyFile keys;
    for (const auto& [name, value] : document.items()) {
        apply(keys, name, value);
    }
    if (keys.kic_key.empty() && keys.kid_key.empty()) {
        bad("keys JSON", "neither kic_key nor kid_key is given");
    }
    return keys;
}

OtaKeyFile load_ota_keys(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("cannot read keys file " + path.string());
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        wipe(text);
        throw Error("cannot read keys file " + path.string());
    }
    try {
        OtaKeyFile keys = parse_ota_keys(text);
        wipe(text);
        return keys;
    } catch (const std::invalid_argument& e) {
        wipe(text);
        throw std::invalid_argument("keys file " + path.string() + ": " + e.what());
    }
}

std::optional<OtaKeyFile> ota_keys_from_environment() {
    OtaKeyFile keys;
    keys.kic_key = env_key("EUICC_OTA_KIC_KEY");
    keys.kid_key = env_key("EUICC_OTA_KID_KEY");
    if (keys.kic_key.empty() && keys.kid_key.empty()) {
        return std::nullopt;
    }
    return keys;
}

} // namespace euicc::host
