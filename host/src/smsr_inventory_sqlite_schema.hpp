// SPDX-License-Identifier: Apache-2.0
// The inventory's SQLite schema: connection settings, versioned migrations, the master key's check value.
#pragma once

#include <euicc/apdu/rng.hpp>
#include <euicc/host/smsr/inventory_master_key.hpp>

#include "smsr_inventory_sqlite_db.hpp"

namespace euicc::host::smsr::detail {

/// The highest migration this build knows.
int latest_schema_version() noexcept;

/// WAL journal, foreign keys, synchronous FULL; then every missing migration in order, each in its own
/// IMMEDIATE transaction that records it in `schema_migrations`. Throws InventoryStorageError when WAL cannot
/// be used or the file holds a newer schema than this build knows.
void prepare_schema(Database& db);

/// Stores the key's check value on first use; afterwards verifies it. Throws MasterKeyMismatchError.
void check_master_key(Database& db, const InventoryMasterKey& key, Rng& rng);

} // namespace euicc::host::smsr::detail
