// SPDX-License-Identifier: Apache-2.0
// SqliteInventory updates: profile states and the Fall-Back attribute (spec/sgp02.md §2), SM-SR change (§6).
#include <euicc/host/smsr/inventory_sqlite.hpp>

#include <set>
#include <stdexcept>

#include "smsr_inventory_sqlite_state.hpp"

namespace euicc::host::smsr {

using detail::Statement;
using detail::Transaction;

namespace {

/// validate() of each keyset and distinct KVNs, before any write.
void check_keysets(std::string_view eid, std::span<const CardKeyset> keysets) {
    std::set<std::uint8_t> kvns;
    for (const CardKeyset& keyset : keysets) {
        validate(keyset);
        if (!kvns.insert(kvn_of(keyset)).second) {
            throw std::invalid_argument("EID " + std::string(eid) + ": keyset " + to_hex(Bytes{kvn_of(keyset)}) +
                                        " given twice");
        }
    }
}

} // namespace

void SqliteInventory::set_profile_state(std::string_view eid, ByteView isd_p_aid, ProfileState state) {
    const std::lock_guard lock(m_mutex);
    State& s = *m_state;
    Transaction tx(s.db, Transaction::Mode::Write);
    s.require_profile(eid, isd_p_aid);
    if (state == ProfileState::Enabled) {
        // SGP.02 EnableProfile: the previously enabled profile is disabled by the same operation.
        Statement disable(s.db, "UPDATE profiles SET state = 'disabled'"
                                " WHERE eid = ?1 AND state = 'enabled' AND isd_p_aid <> ?2");
        disable.bind(1, eid).bind(2, isd_p_aid).run();
    }
    // A deleted ISD-P carries no attribute any more (DeleteProfile refuses the fall-back profile, so this only
    // tidies records the card already lost).
    Statement update(s.db, "UPDATE profiles SET state = ?3, fallback = CASE WHEN ?3 = 'deleted' THEN 0 ELSE fallback END"
                           " WHERE eid = ?1 AND isd_p_aid = ?2");
    update.bind(1, eid).bind(2, isd_p_aid).bind(3, to_string(state)).run();
    tx.commit();
}

void SqliteInventory::put_profile(std::string_view eid, const ProfileRecord& profile) {
    profile.validate();
    const std::lock_guard lock(m_mutex);
    State& s = *m_state;
    Transaction tx(s.db, Transaction::Mode::Write);
    s.require_card(eid);
    Statement others(s.db, "SELECT sum(state = 'enabled'), sum(fallback) FROM profiles WHERE eid = ?1 AND isd_p_aid <> ?2");
    others.bind(1, eid).bind(2, ByteView(profile.isd_p_aid)).step();
    if ((profile.state == ProfileState::Enabled && others.integer(0) > 0) || (profile.fallback && others.integer(1) > 0)) {
        throw InventoryConflictError(std::nullopt, "profile",
                                     "inventory: EID " + std::string(eid) + " already has an " +
                                         (profile.fallback ? "enabled or fall-back" : "enabled") + " profile");
    }
    Statement upsert(s.db, "INSERT INTO profiles (eid, isd_p_aid, iccid, state, fallback) VALUES (?1, ?2, ?3, ?4, ?5)"
                           " ON CONFLICT (eid, isd_p_aid) DO UPDATE SET iccid = ?3, state = ?4, fallback = ?5");
    upsert.bind(1, eid)
        .bind(2, ByteView(profile.isd_p_aid))
        .bind(3, profile.iccid)
        .bind(4, to_string(profile.state))
        .bind(5, std::int64_t{profile.fallback ? 1 : 0})
        .run();
    tx.commit();
}

void SqliteInventory::set_fallback(std::string_view eid, ByteView isd_p_aid) {
    const std::lock_guard lock(m_mutex);
    State& s = *m_state;
    Transaction tx(s.db, Transaction::Mode::Write);
    if (s.require_profile(eid, isd_p_aid) == ProfileState::Deleted) {
        throw InventoryConflictError(std::nullopt, "profile",
                                     "inventory: ISD-P " + to_hex(isd_p_aid) + " of EID " + std::string(eid) +
                                         " is deleted and cannot carry the Fall-Back attribute");
    }
    // Clear first: the partial unique index allows one fall-back profile per card at every step.
    Statement clear(s.db, "UPDATE profiles SET fallback = 0 WHERE eid = ?1 AND isd_p_aid <> ?2");
    clear.bind(1, eid).bind(2, isd_p_aid).run();
    Statement set(s.db, "UPDATE profiles SET fallback = 1 WHERE eid = ?1 AND isd_p_aid = ?2");
    set.bind(1, eid).bind(2, isd_p_aid).run();
    tx.commit();
}

void SqliteInventory::set_smsr(std::string_view eid, std::string_view smsr_id) {
    validate_smsr_id(smsr_id);
    const std::lock_guard lock(m_mutex);
    State& s = *m_state;
    Transaction tx(s.db, Transaction::Mode::Write);
    s.require_card(eid);
    Statement update(s.db, "UPDATE cards SET smsr_id = ?2 WHERE eid = ?1");
    update.bind(1, eid).bind(2, smsr_id).run();
    tx.commit();
}

void SqliteInventory::replace_keysets(std::string_view eid, std::span<const CardKeyset> keysets,
                                      std::optional<std::string_view> smsr_id) {
    check_keysets(eid, keysets);
    if (smsr_id) {
        validate_smsr_id(*smsr_id);
    }
    const std::lock_guard lock(m_mutex);
    State& s = *m_state;
    Transaction tx(s.db, Transaction::Mode::Write);
    s.require_card(eid);
    Statement drop(s.db, "DELETE FROM keysets WHERE eid = ?1");
    drop.bind(1, eid).run();
    for (const CardKeyset& keyset : keysets) {
        s.put_keyset(eid, keyset);
    }
    if (smsr_id) {
        Statement update(s.db, "UPDATE cards SET smsr_id = ?2 WHERE eid = ?1");
        update.bind(1, eid).bind(2, *smsr_id).run();
    }
    tx.commit();
}

void SqliteInventory::update_keysets(std::string_view eid, std::span<const std::uint8_t> removed_kvns,
                                     std::span<const CardKeyset> added) {
    check_keysets(eid, added);
    const std::lock_guard lock(m_mutex);
    State& s = *m_state;
    Transaction tx(s.db, Transaction::Mode::Write);
    s.require_card(eid);
    for (const std::uint8_t kvn : removed_kvns) {
        Statement drop(s.db, "DELETE FROM keysets WHERE eid = ?1 AND kvn = ?2");
        drop.bind(1, eid).bind(2, std::int64_t{kvn}).run();
    }
    for (const CardKeyset& keyset : added) {
        s.put_keyset(eid, keyset);
    }
    tx.commit();
}

} // namespace euicc::host::smsr
