// SPDX-License-Identifier: Apache-2.0
// The shared SCP80 (TS 102 225) keys file for the host: scp80::parse_key_file's errors as std::invalid_argument.
#include <euicc/host/ota_keys.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/error.hpp>

namespace euicc::host {

namespace {

/// Wipes key text (a file buffer) so no copy of a key outlives the parse.
void wipe(std::string& text) noexcept {
    if (!text.empty()) {
        OPENSSL_cleanse(text.data(), text.size());
    }
}

/// A key from the environment variable `name`, empty when unset. The message names the variable only.
SecretBytes env_key(const char* name) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') {
        return {};
    }
    try {
        return SecretBytes(from_hex(text));
    } catch (const CodecError&) {
        throw std::invalid_argument(std::string(name) + ": is not hex");
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
    try {
        return OtaKeyFile{scp80::parse_key_file(json_text, "keys JSON")};
    } catch (const scp80::KeyFileError& e) {
        // A bad keys file is a bad argument here; name the member ("keys JSON" for the document as a whole).
        throw std::invalid_argument((e.member().empty() ? std::string("keys JSON") : e.member()) + ": " +
                                    e.reason());
    }
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
    } catch (...) {
        wipe(text);
        throw;
    }
}

std::optional<OtaKeyFile> ota_keys_from_environment() {
    OtaKeyFile keys;
    keys.kic_key = env_key("EUICC_OTA_KIC_KEY");
    keys.kid_key = env_key("EUICC_OTA_KID_KEY");
    if (keys.kic_key.empty() && keys.kid_key.empty()) {
        return std::nullopt;
    }
    const scp80::Keyset keyset = keys.keyset();
    const auto check = [&](const char* name, auto check_key, std::uint8_t coding, const SecretBytes& key) {
        if (key.empty()) {
            return;
        }
        try {
            check_key(coding, keyset);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string(name) + ": " + e.what());
        }
    };
    check("EUICC_OTA_KIC_KEY", scp80::check_kic_key, keys.kic, keys.kic_key);
    check("EUICC_OTA_KID_KEY", scp80::check_kid_key, keys.kid, keys.kid_key);
    return keys;
}

} // namespace euicc::host
