// SPDX-License-Identifier: Apache-2.0
// The shared SCP80 (TS 102 225 §5.1) keys file: JSON members to key set and addressing, key text wiped.
#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <openssl/crypto.h>

#include <euicc/apdu/scp80_key_file.hpp>

#include "scp80_protection.hpp"

namespace euicc::scp80 {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> members = {"tar", "spi",     "kic",     "kid",
                                                     "kvn", "kic_key", "kid_key", "msl"};

/// Wipes every string of a JSON value, nested ones too: any of them may be key text.
void wipe(json& value) noexcept {
    if (value.is_string()) {
        std::string& text = value.get_ref<std::string&>();
        OPENSSL_cleanse(text.data(), text.size());
    } else if (value.is_structured()) {
        for (json& element : value) {
            wipe(element);
        }
    }
}

/// Wipes a parsed document when it goes out of scope, thrown through or not.
class WipeGuard {
public:
    explicit WipeGuard(json& document) : m_document(document) {}
    WipeGuard(const WipeGuard&) = delete;
    WipeGuard& operator=(const WipeGuard&) = delete;
    ~WipeGuard() { wipe(m_document); }

private:
    json& m_document;
};

/// A member name that could be pasted key text (16 or more hex digits) is not repeated in a message.
std::string printable_name(const std::string& name) {
    const bool all_hex = std::all_of(
        name.begin(), name.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
    return all_hex && name.size() >= 16 ? std::string("(a name of hex digits)") : name;
}

/// Reads the members of one document; every complaint names the member, never its value.
class Reader {
public:
    Reader(const json& document, std::string_view source) : m_document(document), m_source(source) {}

    [[noreturn]] void fail(std::string member, std::string reason) const {
        throw KeyFileError(m_source, std::move(member), std::move(reason));
    }

    const json* find(const char* member) const {
        const auto found = m_document.find(member);
        return found == m_document.end() ? nullptr : &*found;
    }

    /// A hex member of exactly `size` bytes (any size when 0), or nullopt when absent.
    std::optional<Bytes> hex(const char* member, std::size_t size = 0) const {
        const json* value = find(member);
        if (value == nullptr) {
            return std::nullopt;
        }
        if (!value->is_string()) {
            fail(member, "must be a hex string");
        }
        Bytes bytes;
        try {
            bytes = from_hex(value->get_ref<const std::string&>());
        } catch (const CodecError&) {
            // CodecError's text names the offending character's offset only, but a key's member says no more.
            fail(member, "is not hex");
        }
        if (size != 0 && bytes.size() != size) {
            fail(member, "must be " + std::to_string(size) + (size == 1 ? " byte" : " bytes") + " of hex");
        }
        return bytes;
    }

    std::optional<std::uint8_t> byte(const char* member) const {
        const auto bytes = hex(member, 1);
        return bytes ? std::optional<std::uint8_t>(bytes->front()) : std::nullopt;
    }

    SecretBytes key(const char* member) const {
        std::optional<Bytes> bytes = hex(member);
        return bytes ? SecretBytes(std::move(*bytes)) : SecretBytes();
    }

    /// The KVN (TS 102 225 §5.1.2, b8..b5 of KIc/KID; 1..15, as GlobalPlatform reserves for SCP80 key sets).
    std::optional<std::uint8_t> kvn() const {
        const json* value = find("kvn");
        if (value == nullptr) {
            return std::nullopt;
        }
        if (!value->is_number_unsigned() || value->get<std::uint64_t>() < 1 ||
            value->get<std::uint64_t>() > 15) {
            fail("kvn", "must be a number 1..15");
        }
        return static_cast<std::uint8_t>(value->get<std::uint64_t>());
    }

private:
    const json& m_document;
    std::string_view m_source;
};

} // namespace

KeyFileError::KeyFileError(std::string_view source, std::string member, std::string reason)
    : Error(std::string(source) + ": " + (member.empty() ? std::string() : member + ": ") + reason),
      m_member(std::move(member)), m_reason(std::move(reason)) {}

KeyFile parse_key_file(std::string_view json_text, std::string_view source) {
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
    const Reader read(document, source);
    if (!document.is_object()) {
        read.fail("", "not a JSON object");
    }
    for (const auto& [name, value] : document.items()) {
        if (std::find(members.begin(), members.end(), name) == members.end()) {
            read.fail(printable_name(name), "unknown member");
        }
    }

    KeyFile file;
    if (const auto tar = read.hex("tar", 3)) {
        std::copy(tar->begin(), tar->end(), file.tar.bytes.begin());
    }
    if (const auto spi = read.hex("spi", 2)) {
        try {
            file.spi = Spi::decode((*spi)[0], (*spi)[1]);
        } catch (const CodecError& e) {
            read.fail("spi", e.reason());
        }
    }
    if (const auto msl = read.byte("msl")) {
        try {
            // Throws for reserved bits (TS 102 226 §8.2.1.3.2.4.1 codes the MSL as SPI byte 1).
            static_cast<void>(meets_minimum_security_level(Spi{}, *msl));
        } catch (const std::invalid_argument& e) {
            read.fail("msl", e.what());
        }
        file.msl = *msl;
    }
    const std::optional<std::uint8_t> kic = read.byte("kic");
    const std::optional<std::uint8_t> kid = read.byte("kid");
    const std::optional<std::uint8_t> kvn = read.kvn();
    // KIc/KID carry the KVN in b8..b5; without them the shared default is AES (low nibble 2) for both.
    file.kvn = kvn ? *kvn : kic ? static_cast<std::uint8_t>(*kic >> 4) : std::uint8_t{1};
    const auto aes = static_cast<std::uint8_t>(file.kvn << 4 | 0x02);
    file.kic = kic.value_or(aes);
    file.kid = kid.value_or(aes);
    file.kic_key = read.key("kic_key");
    file.kid_key = read.key("kid_key");
    if (file.kic_key.empty() && file.kid_key.empty()) {
        read.fail("", "neither kic_key nor kid_key is given");
    }

    const Keyset keys{file.kvn, file.kic_key, file.kid_key};
    try {
        if (!file.kic_key.empty()) {
            check_kic_key(file.kic, keys);
        }
    } catch (const std::invalid_argument& e) {
        read.fail("kic_key", e.what());
    }
    try {
        if (!file.kid_key.empty()) {
            check_kid_key(file.kid, keys);
        }
    } catch (const std::invalid_argument& e) {
        read.fail("kid_key", e.what());
    }
    return file;
}

void check_kic_key(std::uint8_t kic, const Keyset& keys) {
    static_cast<void>(detail::usable_cipher(kic, keys, true));
}

void check_kid_key(std::uint8_t kid, const Keyset& keys) {
    static_cast<void>(detail::usable_checksum(kid, Integrity::Cc, keys, true));
}

} // namespace euicc::scp80
