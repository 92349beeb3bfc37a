// SPDX-License-Identifier: Apache-2.0
// GPCS §11.1.8 / §11.8 / GP Amd D §6.2.2.1: the keys a security domain holds (KVN + KID), SCP03 sequence counters.
#include "keystore.hpp"

#include <algorithm>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/gp.hpp>

namespace euicc::card {

namespace {

constexpr std::uint8_t key_enc = 1; // Amd D Table 6-1 / TS 102 225: key identifiers within a keyset
constexpr std::uint8_t key_mac = 2;
constexpr std::uint8_t key_dek = 3;
constexpr ber::Tag tag_key_entry = 0xC0;

bool before(const StoredKey& a, const StoredKey& b) noexcept {
    return a.version != b.version ? a.version < b.version : a.id < b.id;
}

StoredKey key(std::uint8_t version, std::uint8_t id, std::uint8_t type, const SecretBytes& value) {
    return StoredKey{version, id, type, value};
}

} // namespace

const StoredKey* Keystore::find(std::uint8_t version, std::uint8_t id) const noexcept {
    const auto it = std::find_if(keys.begin(), keys.end(),
                                 [&](const StoredKey& k) { return k.version == version && k.id == id; });
    return it == keys.end() ? nullptr : &*it;
}

bool Keystore::has_version(std::uint8_t version) const noexcept {
    return std::any_of(keys.begin(), keys.end(), [&](const StoredKey& k) { return k.version == version; });
}

std::optional<scp03::StaticKeys> Keystore::scp03_keyset(std::uint8_t version, bool (*usable)(std::uint8_t)) const {
    const auto complete = [&](std::uint8_t kvn) -> std::optional<scp03::StaticKeys> {
        const StoredKey* enc = find(kvn, key_enc);
        const StoredKey* mac = find(kvn, key_mac);
        const StoredKey* dek = find(kvn, key_dek);
        if (!usable(kvn) || enc == nullptr || mac == nullptr || dek == nullptr) {
            return std::nullopt;
        }
        for (const StoredKey* k : {enc, mac, dek}) {
            if (k->type != gp::key_type_aes || k->value.size() != enc->value.size()) {
                return std::nullopt;
            }
        }
        scp03::StaticKeys keyset{kvn, enc->value, mac->value, dek->value};
        try {
            keyset.validate();
        } catch (const std::invalid_argument&) {
            return std::nullopt;  // e.g. an AES key of 8 bytes cannot run SCP03
        }
        return keyset;
    };
    if (version != 0) {
        return complete(version);
    }
    // Amd D §7.1.1: KVN 00 in INITIALIZE UPDATE = the first available keyset.
    for (const StoredKey& k : keys) {
        if (auto found = complete(k.version)) {
            return found;
        }
    }
    return std::nullopt;
}

void Keystore::insert(StoredKey key) {
    std::erase_if(keys, [&](const StoredKey& k) { return k.version == key.version && k.id == key.id; });
    keys.insert(std::upper_bound(keys.begin(), keys.end(), key, before), std::move(key));
}

void Keystore::put(std::optional<std::uint8_t> replaced, std::uint8_t version, std::vector<StoredKey> added) {
    std::erase_if(keys, [&](const StoredKey& k) { return k.version == version || (replaced && k.version == *replaced); });
    if (replaced) {
        sequence_counters.erase(*replaced);
        scp80_coding.erase(*replaced);
    }
    sequence_counters.erase(version);
    for (StoredKey& k : added) {
        insert(std::move(k));
    }
}

std::size_t Keystore::remove(std::optional<std::uint8_t> id, std::optional<std::uint8_t> version) {
    const std::size_t removed = std::erase_if(keys, [&](const StoredKey& k) {
        return (!id || k.id == *id) && (!version || k.version == *version);
    });
    // A version without keys keeps no counter or coding behind.
    std::erase_if(sequence_counters, [&](const auto& entry) { return !has_version(entry.first); });
    std::erase_if(scp80_coding, [&](const auto& entry) { return !has_version(entry.first); });
    return removed;
}

std::size_t Keystore::remove_range(std::uint8_t version, std::uint8_t first, std::uint8_t last) {
    std::size_t removed = 0;
    for (unsigned id = first; id <= last; ++id) {
        removed += remove(static_cast<std::uint8_t>(id), version);
    }
    return removed;
}

Bytes Keystore::key_information() const {
    Bytes out;
    for (const StoredKey& k : keys) {
        // GPCS §11.3.3.1 basic format: one (type, length) pair per key; lengths above 255 do not occur here.
        append(out, ber::encode(tag_key_entry, Bytes{k.id, k.version, k.type,
                                                     static_cast<std::uint8_t>(k.value.size() & 0xFF)}));
    }
    return out;
}

bool is_scp80_version(std::uint8_t version) noexcept { return version >= 0x01 && version <= 0x0F; }
bool is_scp03_version(std::uint8_t version) noexcept { return version >= 0x30 && version <= 0x3F; }
bool is_scp81_version(std::uint8_t version) noexcept { return version >= 0x40 && version <= 0x4F; }

std::vector<OtaKeyset> ota_keysets(const Keystore& keystore) {
    std::vector<OtaKeyset> out;
    for (std::uint8_t kvn = 0x01; kvn <= 0x0F; ++kvn) {
        const StoredKey* kic = keystore.find(kvn, key_enc);
        const StoredKey* kid = keystore.find(kvn, key_mac);
        if (kic == nullptr || kid == nullptr) {
            continue;
        }
        // Keys put by PUT KEY are AES (type 88): KIc/KID algorithm nibble 2 (TS 102 225 §5.1.2-§5.1.3).
        const auto aes = static_cast<std::uint8_t>(kvn << 4 | 0x02);
        const auto coding = keystore.scp80_coding.find(kvn);
        OtaKeyset keys;
        keys.kvn = kvn;
        keys.kic = coding != keystore.scp80_coding.end() ? coding->second[0] : aes;
        keys.kid = coding != keystore.scp80_coding.end() ? coding->second[1] : aes;
        keys.kic_key = kic->value;
        keys.kid_key = kid->value;
        out.push_back(std::move(keys));
    }
    return out;
}

Keystore keystore_from(const std::vector<OtaKeyset>& scp80, const std::vector<scp03::StaticKeys>& scp03,
                       const std::vector<Scp81Keyset>& scp81) {
    Keystore out;
    for (const OtaKeyset& keys : scp80) {
        // TS 102 225 §5.1.2: the algorithm nibble 2 is AES; the others are DES variants (GPCS key type 80).
        const auto type = [](std::uint8_t coding) {
            return (coding & 0x03) == 0x02 ? gp::key_type_aes : gp::key_type_des;
        };
        out.insert(key(keys.kvn, key_enc, type(keys.kic), keys.kic_key));
        out.insert(key(keys.kvn, key_mac, type(keys.kid), keys.kid_key));
        out.scp80_coding[keys.kvn] = {keys.kic, keys.kid};
    }
    for (const scp03::StaticKeys& keys : scp03) {
        out.insert(key(keys.kvn, key_enc, gp::key_type_aes, keys.enc));
        out.insert(key(keys.kvn, key_mac, gp::key_type_aes, keys.mac));
        out.insert(key(keys.kvn, key_dek, gp::key_type_aes, keys.dek));
    }
    for (const Scp81Keyset& keys : scp81) {
        out.insert(key(keys.kvn, scp81_psk_id, gp::key_type_tls_psk, keys.psk));
        out.insert(key(keys.kvn, scp81_dek_id, gp::key_type_aes, keys.dek));
    }
    return out;
}

} // namespace euicc::card
