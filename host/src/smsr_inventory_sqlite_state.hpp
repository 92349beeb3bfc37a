// SPDX-License-Identifier: Apache-2.0
// SqliteInventory's connection state and the row helpers its reads and writes share.
#pragma once

#include <string_view>

#include <euicc/apdu/rng.hpp>
#include <euicc/host/smsr/inventory_sqlite.hpp>

#include "smsr_inventory_sqlite_db.hpp"

namespace euicc::host::smsr {

/// Everything behind SqliteInventory's mutex. Callers hold the mutex and, for writes, a Write transaction.
struct SqliteInventory::State {
    State(const std::filesystem::path& file, InventoryMasterKey master_key, const SqliteInventoryOptions& options);

    /// Throws UnknownCardError unless the card is in the inventory.
    void require_card(std::string_view eid);
    bool has_card(std::string_view eid);
    /// The state of the profile, throwing UnknownCardError when the card has no such ISD-P.
    ProfileState require_profile(std::string_view eid, ByteView isd_p_aid);
    /// Seals `keyset` under the master key and inserts or replaces the row of its KVN.
    void put_keyset(std::string_view eid, const CardKeyset& keyset);
    std::vector<Identity> identities_of(std::string_view eid);

    detail::Database db;
    InventoryMasterKey key;
    OpenSslRng rng;
};

} // namespace euicc::host::smsr
