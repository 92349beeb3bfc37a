// SPDX-License-Identifier: Apache-2.0
// SCP81 keysets of the SM-SR admin server, found by SGP.02 §2.4.4.1 PSK identity or raw identity text.
#include <euicc/host/admin_psk_store.hpp>

#include <algorithm>
#include <stdexcept>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/error.hpp>

namespace euicc::host {

namespace {

constexpr std::size_t min_psk = 16;
constexpr std::size_t max_psk = 64;

std::string kvn_hex(std::uint8_t kvn) {
    return to_hex(Bytes{kvn});
}

void check_eid(std::string_view eid) {
    if (!apdu::eid_is_valid(eid)) {
        throw std::invalid_argument("PSK store: \"" + std::string(eid) + "\" is not a valid EID");
    }
}

bool valid_key_id(std::uint8_t id) noexcept {
    return id >= 0x01 && id <= 0x7F;
}

} // namespace

void Scp81Keyset::validate() const {
    // SGP.02 §2.2.5.1 / spec/scp81.md §6: the SM-SR's SCP81 keysets of the ISD-R are numbered 40..4F.
    if (kvn < 0x40 || kvn > 0x4F) {
        throw std::invalid_argument("SCP81 keyset: key version " + kvn_hex(kvn) + " outside 40..4F");
    }
    if (!valid_key_id(psk_id) || !valid_key_id(dek_id) || psk_id == dek_id) {
        throw std::invalid_argument("SCP81 keyset " + kvn_hex(kvn) +
                                    ": key identifiers must be distinct, 01..7F");
    }
    if (psk.size() < min_psk || psk.size() > max_psk) {
        throw std::invalid_argument("SCP81 keyset " + kvn_hex(kvn) + ": PSK of " +
                                    std::to_string(psk.size()) + " bytes, expected 16..64");
    }
    if (!dek.empty() && dek.size() != 16 && dek.size() != 24 && dek.size() != 32) {
        throw std::invalid_argument("SCP81 keyset " + kvn_hex(kvn) + ": DEK of " +
                                    std::to_string(dek.size()) + " bytes is not an AES key");
    }
}

Bytes InMemoryPskStore::default_isd_r_aid() {
    return Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end());
}

void InMemoryPskStore::add(std::string eid, Scp81Keyset keyset, Bytes isd_r_aid) {
    check_eid(eid);
    keyset.validate();
    if (isd_r_aid.size() < 5 || isd_r_aid.size() > 16) {
        throw std::invalid_argument("PSK store: ISD-R AID of " + std::to_string(isd_r_aid.size()) +
                                    " bytes, expected 5..16");
    }
    const std::lock_guard lock(m_mutex);
    const std::uint8_t kvn = keyset.kvn;
    m_by_eid.insert_or_assign(std::pair{std::move(eid), kvn}, Entry{std::move(keyset), std::move(isd_r_aid)});
}

void InMemoryPskStore::add_identity(std::string identity, std::string eid, Scp81Keyset keyset) {
    if (identity.empty()) {
        throw std::invalid_argument("PSK store: empty PSK identity");
    }
    check_eid(eid);
    keyset.validate();
    const std::lock_guard lock(m_mutex);
    m_by_identity.insert_or_assign(std::move(identity), RawEntry{std::move(eid), std::move(keyset)});
}

void InMemoryPskStore::remove(std::string_view eid, std::uint8_t kvn) {
    const std::lock_guard lock(m_mutex);
    m_by_eid.erase(std::pair{std::string(eid), kvn});
    std::erase_if(m_by_identity,
                  [&](const auto& item) { return item.second.eid == eid && item.second.keyset.kvn == kvn; });
}

std::optional<AdminCredentials> InMemoryPskStore::find(const PskLookup& lookup) const {
    const std::lock_guard lock(m_mutex);
    if (lookup.parsed) {
        const scp81::PskIdentity& id = *lookup.parsed;
        std::optional<std::string> eid;
        try {
            eid = apdu::eid_from_bytes(id.eid);
        } catch (const CodecError&) {
            // Not a decimal EID: no SGP.02 entry can match; the raw text may still be registered.
        }
        if (eid) {
            const auto it = m_by_eid.find(std::pair{*eid, id.key_version});
            if (it != m_by_eid.end() && it->second.keyset.psk_id == id.key_id &&
                it->second.isd_r_aid == id.isd_r_aid) {
                return AdminCredentials{*eid, it->second.keyset};
            }
        }
    }
    const auto raw = m_by_identity.find(lookup.identity);
    if (raw != m_by_identity.end()) {
        return AdminCredentials{raw->second.eid, raw->second.keyset};
    }
    return std::nullopt;
}

void InMemoryPskStore::keysets_changed(std::string_view eid, const std::vector<std::uint8_t>& removed_kvns,
                                       const std::optional<Scp81Keyset>& added) {
    Bytes isd_r_aid = default_isd_r_aid();
    {
        // The card keeps its ISD-R: the new keyset answers to the AID the card's entries named so far.
        const std::lock_guard lock(m_mutex);
        const auto it = m_by_eid.lower_bound(std::pair{std::string(eid), std::uint8_t{0}});
        if (it != m_by_eid.end() && it->first.first == eid) {
            isd_r_aid = it->second.isd_r_aid;
        }
    }
    for (const std::uint8_t kvn : removed_kvns) {
        remove(eid, kvn);
    }
    if (added) {
        add(std::string(eid), *added, std::move(isd_r_aid));
    }
}

} // namespace euicc::host
