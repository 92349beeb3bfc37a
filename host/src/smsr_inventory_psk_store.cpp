// SPDX-License-Identifier: Apache-2.0
// Admin server PSKs from the inventory: SGP.02 §2.4.4.1 identity (EID, ISD-R AID, KID, KVN) to the card's keyset.
#include <euicc/host/smsr/inventory_psk_store.hpp>

#include <stdexcept>

#include <euicc/apdu/eid.hpp>
#include <euicc/error.hpp>

namespace euicc::host::smsr {

InventoryPskStore::InventoryPskStore(std::shared_ptr<Inventory> inventory) : m_inventory(std::move(inventory)) {
    if (!m_inventory) {
        throw std::invalid_argument("InventoryPskStore: no inventory");
    }
}

std::optional<AdminCredentials> InventoryPskStore::find(const PskLookup& lookup) const {
    if (!lookup.parsed) {
        return std::nullopt;
    }
    const scp81::PskIdentity& id = *lookup.parsed;
    std::string eid;
    try {
        eid = apdu::eid_from_bytes(id.eid);
    } catch (const CodecError&) {
        return std::nullopt; // not a decimal EID: no card of the inventory
    }
    const auto card = m_inventory->card(eid);
    if (!card || card->isd_r_aid != id.isd_r_aid) {
        return std::nullopt;
    }
    for (CardKeyset& keyset : m_inventory->keysets(eid)) {
        auto* keys = std::get_if<Scp81Keyset>(&keyset);
        if (keys != nullptr && keys->kvn == id.key_version && keys->psk_id == id.key_id) {
            return AdminCredentials{std::move(eid), std::move(*keys)};
        }
    }
    return std::nullopt;
}

void InventoryPskStore::keysets_changed(std::string_view eid, const std::vector<std::uint8_t>& removed_kvns,
                                        const std::optional<Scp81Keyset>& added) {
    std::vector<CardKeyset> joining;
    if (added) {
        joining.emplace_back(*added);
    }
    m_inventory->update_keysets(eid, removed_kvns, joining);
}

} // namespace euicc::host::smsr
