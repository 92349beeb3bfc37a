// SPDX-License-Identifier: Apache-2.0
// A thin RAII layer over the SQLite C API for the inventory: connection, cached statements, transactions.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

struct sqlite3;
struct sqlite3_stmt;

namespace euicc::host::smsr::detail {

/// One connection. Not thread-safe: its owner serialises calls. Every failure throws InventoryStorageError
/// naming the file, what was being done and SQLite's message (which names tables and columns, not values).
class Database {
public:
    Database(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements without results (schema, pragmas without rows, transaction control).
    void exec(const std::string& sql);
    /// The text of the first column of the first row of `sql` ("" when there is none): PRAGMA answers.
    std::string query_text(const std::string& sql);

    [[noreturn]] void fail(std::string_view doing, int rc) const;
    const std::string& name() const noexcept { return m_name; }

private:
    friend class Statement;
    friend class Transaction;
    sqlite3_stmt* prepared(const char* sql);

    sqlite3* m_db = nullptr;
    std::string m_name;
    std::map<std::string, sqlite3_stmt*, std::less<>> m_statements; ///< prepared once, reused
};

/// A cached prepared statement in use: bind, step, read columns; reset and unbound when it goes out of scope.
/// One use of a given SQL text at a time (the cache holds one statement per text).
class Statement {
public:
    Statement(Database& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, ByteView blob);
    Statement& bind(int index, std::int64_t value);

    /// True when a row is ready, false when the statement is done.
    bool step();
    /// Steps a statement that returns no rows.
    void run();

    std::string text(int column) const;
    Bytes blob(int column) const;
    std::int64_t integer(int column) const;

private:
    void check_bind(int rc);

    Database& m_db;
    sqlite3_stmt* m_stmt;
};

/// BEGIN IMMEDIATE (writes: the write lock is taken up front, so two writers never deadlock on an upgrade) or
/// BEGIN (reads: one snapshot for several queries); ROLLBACK unless commit() ran.
class Transaction {
public:
    enum class Mode : std::uint8_t { Read, Write };
    Transaction(Database& db, Mode mode);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_open = true;
};

} // namespace euicc::host::smsr::detail
