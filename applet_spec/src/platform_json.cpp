// SPDX-License-Identifier: Apache-2.0
// The platform part of the state file card.json (layout in applet_spec/sgp02.md §9): PlatformState <-> JSON.
#include "platform_json.hpp"

#include <set>

#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

namespace euicc::card {

namespace {

using nlohmann::json;

std::string byte_hex(std::uint8_t value) { return to_hex(ByteView(&value, 1)); }

[[noreturn]] void damaged(const std::string& file, const std::string& what) {
    throw Error("card state: " + file + " holds " + what);
}

Bytes hex(const json& value, const std::string& file, const char* what) {
    try {
        return from_hex(value.get<std::string>());
    } catch (const CodecError&) {
        damaged(file, std::string("a ") + what + " that is not hex");
    }
}

std::uint8_t hex_byte(const json& value, const std::string& file, const char* what) {
    const Bytes bytes = hex(value, file, what);
    if (bytes.size() != 1) {
        damaged(file, std::string("a ") + what + " that is not one byte");
    }
    return bytes[0];
}

Bytes aid(const json& value, const std::string& file) {
    Bytes bytes = hex(value, file, "AID");
    if (bytes.size() < 5 || bytes.size() > 16) {
        damaged(file, "an AID of " + std::to_string(bytes.size()) + " bytes");
    }
    return bytes;
}

std::uint32_t number(const json& value, const std::string& file, const char* what, std::uint64_t max) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
        damaged(file, std::string("an impossible ") + what);
    }
    return static_cast<std::uint32_t>(value.get<std::uint64_t>());
}

json keystore_to_json(const Keystore& store, bool with_keys) {
    json out = json::object();
    if (with_keys) {
        json keys = json::array();
        for (const StoredKey& key : store.keys) {
            // The state directory is the card's non-volatile memory: keys are kept there as the card keeps them.
            keys.push_back({{"kvn", byte_hex(key.version)},
                            {"kid", byte_hex(key.id)},
                            {"type", byte_hex(key.type)},
                            {"value", to_hex(key.value.view())}});
        }
        out["keys"] = std::move(keys);
        json coding = json::object();
        for (const auto& [kvn, bytes] : store.scp80_coding) {
            coding[byte_hex(kvn)] = to_hex(bytes);
        }
        out["scp80_coding"] = std::move(coding);
    }
    json counters = json::object();
    for (const auto& [kvn, counter] : store.sequence_counters) {
        counters[byte_hex(kvn)] = counter;
    }
    out["sequence_counters"] = std::move(counters);
    return out;
}

/// Reads a keystore; `keys_present` reports whether it carried keys.
Keystore keystore_from_json(const json& in, const std::string& file, bool& keys_present) {
    Keystore store;
    keys_present = false;
    if (const auto keys = in.find("keys"); keys != in.end()) {
        keys_present = true;
        std::set<std::pair<std::uint8_t, std::uint8_t>> seen;
        for (const json& entry : keys->get_ref<const json::array_t&>()) {
            StoredKey key;
            key.version = hex_byte(entry.at("kvn"), file, "KVN");
            key.id = hex_byte(entry.at("kid"), file, "KID");
            key.type = hex_byte(entry.at("type"), file, "key type");
            key.value = SecretBytes(hex(entry.at("value"), file, "key"));
            if (key.value.empty() || !seen.insert({key.version, key.id}).second) {
                damaged(file, "an empty or repeated key " + byte_hex(key.version) + "/" + byte_hex(key.id));
            }
            store.insert(std::move(key));
        }
        if (const auto coding = in.find("scp80_coding"); coding != in.end()) {
            for (const auto& [kvn, bytes] : coding->items()) {
                const Bytes pair = hex(bytes, file, "SCP80 coding");
                if (pair.size() != 2) {
                    damaged(file, "an SCP80 coding that is not KIc and KID");
                }
                store.scp80_coding[hex_byte(kvn, file, "KVN")] = {pair[0], pair[1]};
            }
        }
    }
    if (const auto counters = in.find("sequence_counters"); counters != in.end()) {
        for (const auto& [kvn, counter] : counters->items()) {
            store.sequence_counters[hex_byte(kvn, file, "KVN")] =
                number(counter, file, "SCP03 sequence counter", scp03::max_sequence_counter);
        }
    }
    return store;
}

json isdp_to_json(const IsdpRecord& isdp) {
    json out = {{"aid", to_hex(isdp.aid)},
                {"life_cycle", byte_hex(isdp.life_cycle)},
                {"fallback", isdp.fallback},
                {"keys", keystore_to_json(isdp.keys, true)}};
    if (isdp.non_volatile_quota) {
        out["non_volatile_quota"] = *isdp.non_volatile_quota;
    }
    if (isdp.volatile_quota) {
        out["volatile_quota"] = *isdp.volatile_quota;
    }
    if (isdp.has_profile()) {
        out["iccid"] = isdp.iccid;
        out["profile_type"] = isdp.profile_type;
        out["pol1"] = byte_hex(isdp.pol1);
        out["profile_size"] = isdp.profile_size;
    }
    if (!isdp.connectivity_parameters.empty()) {
        out["connectivity_parameters"] = to_hex(isdp.connectivity_parameters);
    }
    return out;
}

IsdpRecord isdp_from_json(const json& in, const std::string& file) {
    IsdpRecord isdp;
    isdp.aid = aid(in.at("aid"), file);
    isdp.life_cycle = hex_byte(in.at("life_cycle"), file, "life cycle");
    static const std::set<std::uint8_t> states{isdp_state::installed, isdp_state::selectable,
                                               isdp_state::personalized, isdp_state::disabled, isdp_state::enabled};
    if (states.count(isdp.life_cycle) == 0) {
        damaged(file, "ISD-P life cycle " + byte_hex(isdp.life_cycle));
    }
    isdp.fallback = in.at("fallback").get<bool>();
    bool keys_present = false;
    isdp.keys = keystore_from_json(in.at("keys"), file, keys_present);
    if (const auto quota = in.find("non_volatile_quota"); quota != in.end()) {
        isdp.non_volatile_quota = number(*quota, file, "memory quota", 0xFFFFFFFF);
    }
    if (const auto quota = in.find("volatile_quota"); quota != in.end()) {
        isdp.volatile_quota = number(*quota, file, "memory quota", 0xFFFFFFFF);
    }
    if (isdp.has_profile()) {
        isdp.iccid = in.at("iccid").get<std::string>();
        isdp.profile_type = in.at("profile_type").get<std::string>();
        isdp.pol1 = hex_byte(in.at("pol1"), file, "POL1");
        isdp.profile_size = number(in.at("profile_size"), file, "profile size", 0xFFFFFFFF);
    }
    if (const auto parameters = in.find("connectivity_parameters"); parameters != in.end()) {
        isdp.connectivity_parameters = hex(*parameters, file, "connectivity parameters");
    }
    return isdp;
}

json notification_to_json(const PendingNotification& notification) {
    json out = {{"sequence", notification.sequence}, {"type", byte_hex(notification.type)}};
    if (notification.isdp_aid) {
        out["aid"] = to_hex(*notification.isdp_aid);
    }
    json deleted = json::array();
    for (const Bytes& isdp : notification.deleted_isdps) {
        deleted.push_back(to_hex(isdp));
    }
    out["deleted"] = std::move(deleted);
    return out;
}

PendingNotification notification_from_json(const json& in, const std::string& file) {
    PendingNotification notification;
    notification.sequence = static_cast<std::uint16_t>(number(in.at("sequence"), file, "sequence number", 0xFFFF));
    notification.type = hex_byte(in.at("type"), file, "notification type");
    if (const auto isdp = in.find("aid"); isdp != in.end()) {
        notification.isdp_aid = aid(*isdp, file);
    }
    for (const json& deleted : in.at("deleted").get_ref<const json::array_t&>()) {
        notification.deleted_isdps.push_back(aid(deleted, file));
    }
    return notification;
}

/// SGP.02 invariants a damaged file could break: unique AIDs, at most one enabled ISD-P, at most one fall-back.
void check_invariants(const PlatformState& state, const std::string& file) {
    std::set<Bytes> aids;
    unsigned enabled = 0;
    unsigned fallback = 0;
    for (const IsdpRecord& isdp : state.isdps) {
        if (!aids.insert(isdp.aid).second) {
            damaged(file, "two ISD-Ps with AID " + to_hex(isdp.aid));
        }
        enabled += isdp.life_cycle == isdp_state::enabled ? 1U : 0U;
        fallback += isdp.fallback ? 1U : 0U;
    }
    if (enabled > 1 || fallback > 1) {
        damaged(file, "more than one enabled or fall-back ISD-P");
    }
}

} // namespace

nlohmann::json platform_to_json(const PlatformState& state) {
    json isdps = json::array();
    for (const IsdpRecord& isdp : state.isdps) {
        isdps.push_back(isdp_to_json(isdp));
    }
    json notifications = json::array();
    for (const PendingNotification& notification : state.notifications) {
        notifications.push_back(notification_to_json(notification));
    }
    json out = {{"isd_r", keystore_to_json(state.isd_r, state.isd_r_keys_stored)},
                {"isdps", std::move(isdps)},
                {"notifications", std::move(notifications)},
                {"next_notification", state.next_notification}};
    if (state.smsr_address) {
        out["smsr_address"] = {{"digits", state.smsr_address->digits},
                               {"ton_npi", byte_hex(state.smsr_address->ton_npi)}};
    }
    return out;
}

PlatformState platform_from_json(const nlohmann::json& in, const std::string& file) {
    PlatformState state;
    state.isd_r = keystore_from_json(in.at("isd_r"), file, state.isd_r_keys_stored);
    for (const json& isdp : in.at("isdps").get_ref<const json::array_t&>()) {
        state.isdps.push_back(isdp_from_json(isdp, file));
    }
    for (const json& notification : in.at("notifications").get_ref<const json::array_t&>()) {
        state.notifications.push_back(notification_from_json(notification, file));
    }
    state.next_notification =
        static_cast<std::uint16_t>(number(in.at("next_notification"), file, "notification number", 0xFFFF));
    if (const auto address = in.find("smsr_address"); address != in.end()) {
        state.smsr_address = sgp02::SmsrAddress{address->at("digits").get<std::string>(),
                                                hex_byte(address->at("ton_npi"), file, "TON/NPI")};
    }
    check_invariants(state, file);
    return state;
}

} // namespace euicc::card
