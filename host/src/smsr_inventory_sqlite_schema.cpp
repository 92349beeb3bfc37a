// SPDX-License-Identifier: Apache-2.0
// Inventory schema migrations (host/docs/smsr_inventory.md "Schema") and the master key check value.
#include "smsr_inventory_sqlite_schema.hpp"

#include <array>
#include <optional>
#include <string>

#include <euicc/host/smsr/inventory_errors.hpp>

#include "smsr_inventory_sealed.hpp"

namespace euicc::host::smsr::detail {

namespace {

struct Migration {
    int version;
    const char* description;
    const char* sql;
};

// Append only: a released migration never changes (files out there ran it). STRICT tables make SQLite check
// column types. At most one enabled and one fall-back profile per card (spec/sgp02.md §2) are partial unique
// indexes, so no writer can break them.
constexpr std::array migrations{
    Migration{1, "cards, identities, keysets (sealed), profiles", R"sql(
CREATE TABLE meta (
    name  TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) STRICT;
CREATE TABLE cards (
    eid       TEXT PRIMARY KEY NOT NULL CHECK (length(eid) = 32),
    isd_r_aid BLOB NOT NULL CHECK (length(isd_r_aid) BETWEEN 5 AND 16),
    isd_r_tar BLOB NOT NULL CHECK (length(isd_r_tar) = 3),
    smsr_id   TEXT NOT NULL CHECK (length(smsr_id) BETWEEN 1 AND 128)
) STRICT;
CREATE TABLE identities (
    kind  TEXT NOT NULL CHECK (kind IN ('imsi', 'msisdn', 'impu', 'impi')),
    value TEXT NOT NULL,
    eid   TEXT NOT NULL REFERENCES cards (eid) ON DELETE CASCADE,
    PRIMARY KEY (kind, value)
) STRICT;
CREATE INDEX identities_of_card ON identities (eid);
CREATE TABLE keysets (
    eid        TEXT NOT NULL REFERENCES cards (eid) ON DELETE CASCADE,
    kvn        INTEGER NOT NULL CHECK (kvn BETWEEN 1 AND 127),
    kind       TEXT NOT NULL CHECK (kind IN ('scp80', 'scp81', 'scp03')),
    nonce      BLOB NOT NULL CHECK (length(nonce) = 12),
    ciphertext BLOB NOT NULL,
    tag        BLOB NOT NULL CHECK (length(tag) = 16),
    PRIMARY KEY (eid, kvn)
) STRICT;
CREATE TABLE profiles (
    eid       TEXT NOT NULL REFERENCES cards (eid) ON DELETE CASCADE,
    isd_p_aid BLOB NOT NULL CHECK (length(isd_p_aid) BETWEEN 5 AND 16),
    iccid     TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('created', 'disabled', 'enabled', 'deleted')),
    fallback  INTEGER NOT NULL DEFAULT 0 CHECK (fallback IN (0, 1)),
    PRIMARY KEY (eid, isd_p_aid)
) STRICT;
CREATE UNIQUE INDEX one_enabled_profile ON profiles (eid) WHERE state = 'enabled';
CREATE UNIQUE INDEX one_fallback_profile ON profiles (eid) WHERE fallback = 1;
)sql"},
};

constexpr const char* key_check_name = "master_key_check";

int applied_version(Database& db) {
    Statement query(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    query.step();
    return static_cast<int>(query.integer(0));
}

std::optional<Bytes> stored_key_check(Database& db) {
    Statement read(db, "SELECT value FROM meta WHERE name = ?1");
    read.bind(1, std::string_view(key_check_name));
    if (!read.step()) {
        return std::nullopt;
    }
    return read.blob(0);
}

} // namespace

int latest_schema_version() noexcept {
    return migrations.back().version;
}

void prepare_schema(Database& db) {
    // journal_mode answers the mode in force: anything but "wal" (an in-memory database, a file system
    // without shared memory) means readers would block the writer, which the SM-SR cannot accept.
    const std::string mode = db.query_text("PRAGMA journal_mode = WAL");
    if (mode != "wal") {
        throw InventoryStorageError("inventory " + db.name() + ": cannot use WAL (journal mode \"" + mode + "\")");
    }
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA synchronous = FULL");
    for (const Migration& migration : migrations) {
        Transaction tx(db, Transaction::Mode::Write);
        // Inside the write lock: another process may have migrated the file since we looked.
        db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY NOT NULL,"
                " description TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))) STRICT");
        const int current = applied_version(db);
        if (current > latest_schema_version()) {
            throw InventoryStorageError("inventory " + db.name() + ": schema version " + std::to_string(current) +
                                        " is newer than this build's " + std::to_string(latest_schema_version()));
        }
        if (current >= migration.version) {
            continue;
        }
        db.exec(migration.sql);
        Statement record(db, "INSERT INTO schema_migrations (version, description) VALUES (?1, ?2)");
        record.bind(1, std::int64_t{migration.version}).bind(2, std::string_view(migration.description)).run();
        tx.commit();
    }
}

void check_master_key(Database& db, const InventoryMasterKey& key, Rng& rng) {
    Transaction tx(db, Transaction::Mode::Write);
    const std::optional<Bytes> value = stored_key_check(db);
    if (!value) {
        // A GCM tag over no plaintext is a key check value that reveals nothing about the key (SP 800-38D
        // GMAC), unlike a hash of it.
        const Sealed check = seal(key.view(), key_check_aad(), {}, rng);
        Bytes fresh = check.nonce;
        append(fresh, check.tag);
        Statement write(db, "INSERT INTO meta (name, value) VALUES (?1, ?2)");
        write.bind(1, std::string_view(key_check_name)).bind(2, ByteView(fresh)).run();
        tx.commit();
        return;
    }
    if (value->size() != gcm_nonce_size + gcm_tag_size) {
        throw InventoryStorageError("inventory " + db.name() + ": the master key check value is malformed");
    }
    const auto tag_at = value->begin() + static_cast<std::ptrdiff_t>(gcm_nonce_size);
    const Sealed check{Bytes(value->begin(), tag_at), {}, Bytes(tag_at, value->end())};
    if (!open(key.view(), key_check_aad(), check)) {
        throw MasterKeyMismatchError("inventory " + db.name() +
                                     ": the master key is not the one this inventory was created with");
    }
}

} // namespace euicc::host::smsr::detail
