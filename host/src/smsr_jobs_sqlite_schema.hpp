// SPDX-License-Identifier: Apache-2.0
// The job store's SQLite schema (host/docs/smsr_jobs.md "Schema"): connection settings and versioned migrations.
#pragma once

#include "smsr_inventory_sqlite_db.hpp"

namespace euicc::host::smsr::detail {

/// The highest job store migration this build knows.
int latest_job_schema_version() noexcept;

/// WAL, foreign keys, synchronous FULL, then the missing migrations in order, each in its own IMMEDIATE
/// transaction recorded in `schema_migrations`. Throws InventoryStorageError when WAL cannot be used or the
/// file holds a newer schema.
void prepare_job_schema(Database& db);

} // namespace euicc::host::smsr::detail
