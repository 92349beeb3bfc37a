// SPDX-License-Identifier: Apache-2.0
// SCP03 static keyset files (GP Amd D Table 6-1): JSON members to scp03::StaticKeys, key text wiped.
#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/error.hpp>
#include <euicc/host/scp03_key_file.hpp>
#include <euicc/transport/durable_file.hpp>

namespace euicc::host {

namespace {

using nlohmann::json;
using scp80::KeyFileError;

constexpr std::array<std::string_view, 4> keyset_members = {"kvn", "enc", "mac", "dek"};
/// The virtual eUICC's platform file (card::parse_platform_settings) around its `isd_r_scp03` keysets.
constexpr std::array<std::string_view, 3> platform_members = {"isd_r_scp03", "non_volatile_memory",
                                                              "volatile_memory"};

void wipe(std::string& text) noexcept {
    OPENSSL_cleanse(text.data(), text.size());
}

/// Wipes every string of a JSON value, nested ones too: any of them may be key text.
void wipe(json& value) noexcept {
    if (value.is_string()) {
        wipe(value.get_ref<std::string&>());
    } else if (value.is_structured()) {
        for (json& element : value) {
            wipe(element);
        }
    }
}

class WipeGuard {
public:
    explicit WipeGuard(json& document) : m_document(document) {}
    WipeGuard(const WipeGuard&) = delete;
    WipeGuard& operator=(const WipeGuard&) = delete;
    ~WipeGuard() { wipe(m_document); }

private:
    json& m_document;
};

template <std::size_t N>
bool known(const std::array<std::string_view, N>& names, const std::string& name) {
    for (const std::string_view n : names) {
        if (n == name) {
            return true;
        }
    }
    return false;
}

/// A member name that could be pasted key text (16 or more hex digits) is not repeated in a message.
std::string printable_name(const std::string& name) {
    const bool all_hex = std::all_of(
        name.begin(), name.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
    return all_hex && name.size() >= 16 ? std::string("(a name of hex digits)") : name;
}

void check_members(const json& object, std::string_view source, const std::string& prefix, bool platform) {
    for (const auto& [name, value] : object.items()) {
        if (!(platform ? known(platform_members, name) : known(keyset_members, name))) {
            throw KeyFileError(source, prefix + printable_name(name),
                               std::string("unknown member (expected ") +
                                   (platform ? "isd_r_scp03" : "kvn, enc, mac, dek") + ")");
        }
    }
}

/// The hex member `name` of `object`; messages call it `prefix` + `name`.
Bytes hex_member(const json& object, std::string_view source, const std::string& prefix, const char* name) {
    const auto found = object.find(name);
    if (found == object.end()) {
        throw KeyFileError(source, prefix + name, "missing");
    }
    if (!found->is_string()) {
        throw KeyFileError(source, prefix + name, "must be a hex string");
    }
    try {
        return from_hex(found->get_ref<const std::string&>());
    } catch (const CodecError&) {
        // CodecError's text names the offending character, which is part of a key: say less.
        throw KeyFileError(source, prefix + name, "not hex");
    }
}

scp03::StaticKeys keyset(const json& object, std::string_view source, const std::string& prefix) {
    if (!object.is_object()) {
        throw KeyFileError(source, prefix, "not a JSON object");
    }
    check_members(object, source, prefix, false);
    const Bytes kvn = hex_member(object, source, prefix, "kvn");
    // GPCS §11.1.8: key version numbers 01..7F; 00 would mean "any keyset" in INITIALIZE UPDATE.
    if (kvn.size() != 1 || kvn[0] == 0 || kvn[0] > 0x7F) {
        throw KeyFileError(source, prefix + "kvn", "must be one byte of hex in 01..7F, e.g. \"30\"");
    }
    scp03::StaticKeys keys;
    keys.kvn = kvn[0];
    keys.enc = SecretBytes(hex_member(object, source, prefix, "enc"));
    keys.mac = SecretBytes(hex_member(object, source, prefix, "mac"));
    keys.dek = SecretBytes(hex_member(object, source, prefix, "dek"));
    try {
        keys.validate();
    } catch (const std::invalid_argument& e) {
        // validate() names lengths only.
        throw KeyFileError(source, prefix.empty() ? std::string() : prefix.substr(0, prefix.size() - 1),
                           e.what());
    }
    if (keys.dek.empty()) {
        throw KeyFileError(source, prefix + "dek", "must not be empty (PUT KEY needs the DEK)");
    }
    return keys;
}

} // namespace

scp03::StaticKeys lab_isd_r_keys() {
    const auto pattern = [](std::uint8_t first) {
        Bytes key(16);
        for (std::size_t k = 0; k < key.size(); ++k) {
            key[k] = static_cast<std::uint8_t>(first + k);
        }
        return SecretBytes(std::move(key));
    };
    return scp03::StaticKeys{0x30, pattern(0x40), pattern(0x50), pattern(0x60)};
}

scp03::StaticKeys parse_scp03_key_file(std::string_view json_text, std::string_view source) {
    json document;
    try {
        document = json::parse(json_text);
    } catch (const json::parse_error& e) {
        // The library's own message quotes the text it read last, which may be a key: give the position only.
        throw KeyFileError(source, "",
                           "not valid JSON (syntax error at byte " + std::to_string(e.byte) + ")");
    } catch (const json::exception&) {
        throw KeyFileError(source, "", "not valid JSON");
    }
    const WipeGuard guard(document);
    if (!document.is_object()) {
        throw KeyFileError(source, "", "not a JSON object");
    }
    const auto platform = document.find("isd_r_scp03");
    if (platform == document.end()) {
        return keyset(document, source, "");
    }
    check_members(document, source, "", true);
    if (!platform->is_array() || platform->size() != 1) {
        throw KeyFileError(source, "isd_r_scp03", "must be an array of exactly one keyset for the host");
    }
    return keyset((*platform)[0], source, "isd_r_scp03[0].");
}

scp03::StaticKeys load_scp03_key_file(const std::filesystem::path& path) {
    std::optional<std::string> text = transport::read_file_if_exists(path);
    if (!text) {
        throw Error("cannot read keys file " + path.string());
    }
    try {
        scp03::StaticKeys keys = parse_scp03_key_file(*text, "keys file " + path.string());
        wipe(*text);
        return keys;
    } catch (...) {
        wipe(*text);
        throw;
    }
}

} // namespace euicc::host
