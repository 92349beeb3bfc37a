// SPDX-License-Identifier: Apache-2.0
// The SCP81 admin server's PSK source backed by the SM-SR inventory (SGP.02 §2.4.4.1 PSK identity, spec/scp81.md §4).
#pragma once

#include <memory>

#include <euicc/host/admin_psk_store.hpp>
#include <euicc/host/smsr/inventory.hpp>

namespace euicc::host::smsr {

/// A PskStore that reads the keysets the inventory holds, so the admin server opens sessions for exactly the
/// cards of the EIS. An SGP.02 identity finds the SCP81 keyset of its EID with its KVN whose PSK has its KID,
/// when its ISD-R AID is the card's. Raw identities (a trigger's `85` text) are not in the inventory: find()
/// gives nullopt for them. find() throws what the inventory throws (KeysetIntegrityError for a row that does
/// not authenticate); the admin server then refuses the handshake and records why.
class InventoryPskStore final : public PskStore {
public:
    /// Throws std::invalid_argument for a null inventory.
    explicit InventoryPskStore(std::shared_ptr<Inventory> inventory);

    std::optional<AdminCredentials> find(const PskLookup& lookup) const override;
    /// Inventory::update_keysets: the removed KVNs go and `added` joins, in one write.
    void keysets_changed(std::string_view eid, const std::vector<std::uint8_t>& removed_kvns,
                         const std::optional<Scp81Keyset>& added) override;

private:
    std::shared_ptr<Inventory> m_inventory;
};

} // namespace euicc::host::smsr
