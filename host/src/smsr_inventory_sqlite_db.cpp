// SPDX-License-Identifier: Apache-2.0
// RAII over the SQLite C API (sqlite.org/c3ref): open with extended codes, cached statements, rollback by default.
#include "smsr_inventory_sqlite_db.hpp"

#include <sqlite3.h>

#include <limits>

#include <fcntl.h>
#include <unistd.h>

#include <euicc/host/smsr/inventory_errors.hpp>

namespace euicc::host::smsr::detail {

Database::Database(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : m_name(file.string()) {
    // A new inventory is owner-only: it holds identities and sealed keys. SQLite gives its -wal and -shm files
    // the database file's permissions.
    const int fd = ::open(m_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    }
    // NOMUTEX: the owner serialises every call on this connection (SqliteInventory's mutex).
    const int rc = sqlite3_open_v2(m_name.c_str(), &m_db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        throw InventoryStorageError("inventory " + m_name + ": cannot open: " + message, rc);
    }
    sqlite3_extended_result_codes(m_db, 1);
    const auto ms = busy_timeout.count();
    sqlite3_busy_timeout(m_db, static_cast<int>(std::min<decltype(ms)>(ms, std::numeric_limits<int>::max())));
}

Database::~Database() {
    for (auto& [sql, stmt] : m_statements) {
        sqlite3_finalize(stmt);
    }
    // sqlite3_close_v2 never fails for an unfinalised statement; all are finalised above anyway.
    sqlite3_close_v2(m_db);
}

void Database::fail(std::string_view doing, int rc) const {
    throw InventoryStorageError("inventory " + m_name + ": " + std::string(doing) + ": " + sqlite3_errmsg(m_db), rc);
}

void Database::exec(const std::string& sql) {
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        fail(sql.substr(0, sql.find_first_of("(\n")), rc);
    }
}

std::string Database::query_text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        fail(sql, rc);
    }
    std::string out;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, 0);
        out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        fail(sql, rc);
    }
    return out;
}

sqlite3_stmt* Database::prepared(const char* sql) {
    const auto it = m_statements.find(std::string_view(sql));
    if (it != m_statements.end()) {
        return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        fail("preparing a statement", rc);
    }
    m_statements.emplace(sql, stmt);
    return stmt;
}

Statement::Statement(Database& db, const char* sql) : m_db(db), m_stmt(db.prepared(sql)) {}

Statement::~Statement() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

void Statement::check_bind(int rc) {
    if (rc != SQLITE_OK) {
        m_db.fail("binding a value", rc);
    }
}

Statement& Statement::bind(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind(int index, ByteView blob) {
    // A zero-length blob must still be a blob, not NULL: SQLite reads a null pointer as NULL.
    static constexpr std::uint8_t empty = 0;
    check_bind(sqlite3_bind_blob64(m_stmt, index, blob.empty() ? &empty : blob.data(), blob.size(), SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    m_db.fail("running a statement", rc);
}

void Statement::run() {
    if (step()) {
        m_db.fail("a write returned rows", SQLITE_MISUSE);
    }
}

std::string Statement::text(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return text != nullptr ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)) : "";
}

Bytes Statement::blob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data != nullptr ? Bytes(data, data + size) : Bytes{};
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

Transaction::Transaction(Database& db, Mode mode) : m_db(db) {
    m_db.exec(mode == Mode::Write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (m_open) {
        // Nothing to report: the exception that got us here is the news, and ROLLBACK after a failed COMMIT
        // or on a connection SQLite already rolled back only says "no transaction is active".
        sqlite3_exec(m_db.m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_open = false;
}

} // namespace euicc::host::smsr::detail
