// SPDX-License-Identifier: Apache-2.0
// SGP.02 platform settings of the virtual eUICC: the ISD-R's SCP03 (GP Amd D) and SCP81 (GP Amd B) keysets, the
// admin agent's stored URI and the memory the ISD-Ps share.
#include <euicc/card/platform_settings.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/error.hpp>
#include <euicc/transport/durable_file.hpp>

#include "keystore.hpp"

namespace euicc::card {

namespace {

using nlohmann::json;

SecretBytes pattern_key(std::uint8_t first) {
    Bytes key(16);
    for (std::size_t k = 0; k < key.size(); ++k) {
        key[k] = static_cast<std::uint8_t>(first + k);
    }
    return SecretBytes(std::move(key));
}

/// A secret hex member: neither the value nor the offending character appears in an error; the text is wiped.
SecretBytes secret_member(json& entry, const char* member, const std::string& where) {
    const auto found = entry.find(member);
    if (found == entry.end() || !found->is_string()) {
        throw Error(where + ": member \"" + member + "\" (hex string) is missing");
    }
    std::string& text = found->get_ref<std::string&>();
    Bytes bytes;
    try {
        bytes = from_hex(text);
    } catch (const CodecError&) {
        OPENSSL_cleanse(text.data(), text.size());
        throw Error(where + ": member \"" + member + "\" is not hex");
    }
    OPENSSL_cleanse(text.data(), text.size());
    return SecretBytes(std::move(bytes));
}

/// Checks that `entry` is an object with only `known` members.
void check_members(const json& entry, const std::set<std::string>& known, const std::string& where) {
    if (!entry.is_object()) {
        throw Error(where + ": not a JSON object");
    }
    for (const auto& [name, value] : entry.items()) {
        if (known.count(name) == 0) {
            throw Error(where + ": unknown member \"" + name + "\"");
        }
    }
}

/// The "kvn" member: one byte of hex; `range` names the KVNs the keyset type takes, for the message.
std::uint8_t kvn_member(const json& entry, const std::string& where, const char* range) {
    const auto refused = [&] {
        return Error(where + ": member \"kvn\" must be one byte of hex (" + std::string(range) + ")");
    };
    const auto kvn = entry.find("kvn");
    if (kvn == entry.end() || !kvn->is_string()) {
        throw refused();
    }
    Bytes version;
    try {
        version = from_hex(kvn->get<std::string>());
    } catch (const CodecError&) {
        throw refused();
    }
    if (version.size() != 1) {
        throw refused();
    }
    return version[0];
}

scp03::StaticKeys keyset_member(json& entry, const std::string& where) {
    check_members(entry, {"kvn", "enc", "mac", "dek"}, where);
    scp03::StaticKeys keys;
    keys.kvn = kvn_member(entry, where, "30..3F");
    keys.enc = secret_member(entry, "enc", where);
    keys.mac = secret_member(entry, "mac", where);
    keys.dek = secret_member(entry, "dek", where);
    return keys;
}

Scp81Keyset scp81_member(json& entry, const std::string& where) {
    check_members(entry, {"kvn", "psk", "dek"}, where);
    Scp81Keyset keys;
    keys.kvn = kvn_member(entry, where, "40..4F");
    keys.psk = secret_member(entry, "psk", where);
    keys.dek = secret_member(entry, "dek", where);
    return keys;
}

/// RFC 3986 §3.3 absolute path (with an optional query): what a request line can carry as it is.
bool is_absolute_path(std::string_view uri) noexcept {
    return !uri.empty() && uri.front() == '/' &&
           std::all_of(uri.begin(), uri.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

void validate_scp81(const std::vector<Scp81Keyset>& keysets) {
    std::set<std::uint8_t> versions;
    for (const Scp81Keyset& keys : keysets) {
        const std::string name = "platform settings: ISD-R SCP81 keyset " + to_hex(Bytes{keys.kvn});
        if (!is_scp81_version(keys.kvn)) {
            throw std::invalid_argument(name + ": an SCP81 KVN is 40..4F (GPC_GUI_010)");
        }
        if (!versions.insert(keys.kvn).second) {
            throw std::invalid_argument(name + " is given twice");
        }
        // spec/scp81.md §4: at least 128 bits of entropy; RFC 4279 §5.3 lets a PSK be up to 64 bytes here.
        if (keys.psk.size() < 16 || keys.psk.size() > 64) {
            throw std::invalid_argument(name + ": the PSK must be 16..64 bytes");
        }
        if (keys.dek.size() != 16 && keys.dek.size() != 24 && keys.dek.size() != 32) {
            throw std::invalid_argument(name + ": the DEK must be an AES key (16, 24 or 32 bytes)");
        }
    }
}

std::uint32_t size_member(const json& value, const std::string& source, const char* member) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xFFFFFFFF) {
        throw Error(source + ": member \"" + member + "\" must be a number of bytes up to 4294967295");
    }
    return static_cast<std::uint32_t>(value.get<std::uint64_t>());
}

} // namespace

scp03::StaticKeys isd_r_test_keyset() {
    // The brief of issue 4: public lab TEST keys, the SCP03 counterpart of the SCP80 test keyset (ota.md §2).
    return scp03::StaticKeys{0x30, pattern_key(0x40), pattern_key(0x50), pattern_key(0x60)};
}

Scp81Keyset isd_r_scp81_test_keyset() {
    // The brief of issue 5: public lab TEST keys, continuing the pattern of the SCP03 test keyset.
    return Scp81Keyset{0x40, pattern_key(0x70), pattern_key(0x80)};
}

void validate(const PlatformSettings& settings) {
    if (settings.isd_r_keysets.empty()) {
        throw std::invalid_argument("platform settings: the ISD-R needs an SCP03 keyset");
    }
    std::set<std::uint8_t> versions;
    for (const scp03::StaticKeys& keys : settings.isd_r_keysets) {
        const std::string name = "platform settings: ISD-R keyset " + to_hex(Bytes{keys.kvn});
        if (!is_scp03_version(keys.kvn)) {
            throw std::invalid_argument(name + ": an SCP03 KVN is 30..3F (GPC_GUI_010)");
        }
        if (!versions.insert(keys.kvn).second) {
            throw std::invalid_argument(name + " is given twice");
        }
        if (keys.dek.empty()) {
            throw std::invalid_argument(name + " has no DEK (PUT KEY needs it)");
        }
        try {
            keys.validate();
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(name + ": " + e.what());
        }
    }
    validate_scp81(settings.isd_r_scp81_keysets);
    if (!is_absolute_path(settings.admin_uri)) {
        throw std::invalid_argument("platform settings: the admin URI must be an absolute path (\"/...\") "
                                    "without spaces or control characters");
    }
}

PlatformSettings parse_platform_settings(std::string_view json_text, std::string_view source_name) {
    const std::string source(source_name);
    json document;
    try {
        document = json::parse(json_text);
    } catch (const json::exception&) {
        // The parser's message quotes the text around the fault, which may be a key: leave it out.
        throw Error(source + ": not valid JSON");
    }
    if (!document.is_object()) {
        throw Error(source + ": not a JSON object");
    }
    PlatformSettings settings;
    for (auto& [name, value] : document.items()) {
        if (name == "isd_r_scp03") {
            if (!value.is_array() || value.empty()) {
                throw Error(source + ": member \"isd_r_scp03\" must be a non-empty array of keysets");
            }
            settings.isd_r_keysets.clear();
            for (std::size_t k = 0; k < value.size(); ++k) {
                settings.isd_r_keysets.push_back(
                    keyset_member(value[k], source + ": isd_r_scp03[" + std::to_string(k) + "]"));
            }
        } else if (name == "isd_r_scp81") {
            if (!value.is_array()) {
                throw Error(source + ": member \"isd_r_scp81\" must be an array of keysets");
            }
            settings.isd_r_scp81_keysets.clear();
            for (std::size_t k = 0; k < value.size(); ++k) {
                settings.isd_r_scp81_keysets.push_back(
                    scp81_member(value[k], source + ": isd_r_scp81[" + std::to_string(k) + "]"));
            }
        } else if (name == "admin_uri") {
            if (!value.is_string()) {
                throw Error(source + ": member \"admin_uri\" must be a string");
            }
            settings.admin_uri = value.get<std::string>();
        } else if (name == "non_volatile_memory") {
            settings.non_volatile_memory = size_member(value, source, "non_volatile_memory");
        } else if (name == "volatile_memory") {
            settings.volatile_memory = size_member(value, source, "volatile_memory");
        } else {
            throw Error(source + ": unknown member \"" + name + "\"");
        }
    }
    try {
        validate(settings);
    } catch (const std::invalid_argument& e) {
        throw Error(source + ": " + e.what());
    }
    return settings;
}

PlatformSettings load_platform_settings(const std::filesystem::path& file) {
    std::optional<std::string> text = transport::read_file_if_exists(file);
    if (!text) {
        throw Error("platform file " + file.string() + " does not exist");
    }
    try {
        PlatformSettings settings = parse_platform_settings(*text, "platform file " + file.string());
        OPENSSL_cleanse(text->data(), text->size());
        return settings;
    } catch (...) {
        OPENSSL_cleanse(text->data(), text->size());
        throw;
    }
}

} // namespace euicc::card
