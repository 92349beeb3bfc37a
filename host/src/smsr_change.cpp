// SPDX-License-Identifier: Apache-2.0
// SM-SR change steps shared by the direct path and the SCP81 session (spec/sgp02.md §6, §9.5; GPC_GUI_010 keyset
// ranges; GPCS §11.3.3.1 key information).
#include <euicc/host/smsr_change.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

#include <euicc/error.hpp>

namespace euicc::host {

bool is_smsr_keyset_version(std::uint8_t kvn) noexcept {
    return (kvn >= 0x01 && kvn <= 0x0F) || (kvn >= 0x30 && kvn <= 0x3F) || (kvn >= 0x40 && kvn <= 0x4F);
}

bool holds_keyset(const std::vector<gp::KeyInformation>& keys, std::uint8_t kvn) {
    return std::any_of(keys.begin(), keys.end(), [&](const gp::KeyInformation& key) { return key.version == kvn; });
}

void check_old_keysets(const std::set<std::uint8_t>& fresh,
                       const std::optional<std::vector<sgp02::KeysetRange>>& explicit_old) {
    if (!explicit_old) {
        return;
    }
    for (const sgp02::KeysetRange& old : *explicit_old) {
        if (fresh.count(old.version) != 0) {
            throw std::invalid_argument("SM-SR change: keyset " + to_hex(Bytes{old.version}) +
                                        " is both new and to be removed");
        }
    }
}

SmsrChangeScope smsr_change_scope(const std::vector<gp::KeyInformation>& before, const std::set<std::uint8_t>& fresh,
                                  const std::optional<std::vector<sgp02::KeysetRange>>& explicit_old) {
    check_old_keysets(fresh, explicit_old);
    SmsrChangeScope out;
    if (explicit_old) {
        out.old_keysets = *explicit_old;
    } else {
        std::map<std::uint8_t, sgp02::KeysetRange> ranges;
        for (const gp::KeyInformation& key : before) {
            if (!is_smsr_keyset_version(key.version) || fresh.count(key.version) != 0) {
                continue;
            }
            auto [it, inserted] = ranges.try_emplace(key.version, sgp02::KeysetRange{key.version, key.id, key.id});
            if (!inserted) {
                it->second.first_key_id = std::min(it->second.first_key_id, key.id);
                it->second.last_key_id = std::max(it->second.last_key_id, key.id);
            }
        }
        for (const auto& [kvn, range] : ranges) {
            out.old_keysets.push_back(range);
        }
    }
    for (const std::uint8_t kvn : fresh) {
        if (holds_keyset(before, kvn)) {
            out.replaced.push_back(kvn);
        }
    }
    return out;
}

void check_smsr_change(const SmsrChange& change) {
    for (const std::uint8_t kvn : change.installed_kvns) {
        if (!holds_keyset(change.keys_after, kvn)) {
            throw Error("SM-SR change: the ISD-R does not list the new keyset " + to_hex(Bytes{kvn}));
        }
    }
    for (const std::uint8_t kvn : change.deleted_kvns) {
        if (holds_keyset(change.keys_after, kvn)) {
            throw Error("SM-SR change: the ISD-R still lists the old keyset " + to_hex(Bytes{kvn}));
        }
    }
}

} // namespace euicc::host
