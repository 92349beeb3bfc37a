// SPDX-License-Identifier: Apache-2.0
// Errors of the SM-SR eUICC inventory (EIS store): unknown card, conflicts, storage faults, keys that do not open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <euicc/error.hpp>

namespace euicc::host::smsr {

/// Root of the inventory's own failures (keyset decryption failures are SecurityErrors, below).
class InventoryError : public Error {
public:
    using Error::Error;
};

/// An update named an EID (or an ISD-P of a card) the inventory does not hold.
class UnknownCardError : public InventoryError {
public:
    explicit UnknownCardError(std::string eid, const std::string& what);
    const std::string& eid() const noexcept { return m_eid; }

private:
    std::string m_eid;
};

/// A write would break a rule of the inventory: an EID already present, an identity that already belongs to a
/// card, a second enabled or fall-back profile. `record()` is the index of the offending card in the batch
/// given to Inventory::add_cards (so a CSV import can name the line), `field()` the field at fault ("eid",
/// "imsi", "msisdn", "impu", "impi", "profile").
class InventoryConflictError : public InventoryError {
public:
    InventoryConflictError(std::optional<std::size_t> record, std::string field, const std::string& what);
    const std::optional<std::size_t>& record() const noexcept { return m_record; }
    const std::string& field() const noexcept { return m_field; }

private:
    std::optional<std::size_t> m_record;
    std::string m_field;
};

/// The storage failed or holds what this build cannot read (SQLite error, schema from a newer build).
/// `native_code()` keeps the storage's own code (SQLite extended result code), 0 when there is none.
class InventoryStorageError : public InventoryError {
public:
    explicit InventoryStorageError(const std::string& what, int native_code = 0)
        : InventoryError(what), m_native_code(native_code) {}
    int native_code() const noexcept { return m_native_code; }

private:
    int m_native_code;
};

/// A stored keyset did not decrypt and authenticate (AES-256-GCM tag mismatch): the master key is not the one
/// it was written with, or the row was altered or moved to another card or KVN. Names the card and the KVN,
/// never a key.
class KeysetIntegrityError : public SecurityError {
public:
    KeysetIntegrityError(std::string eid, std::uint8_t kvn);
    const std::string& eid() const noexcept { return m_eid; }
    std::uint8_t kvn() const noexcept { return m_kvn; }

private:
    std::string m_eid;
    std::uint8_t m_kvn;
};

/// The master key given at open is not the one the inventory was created with (its key check value does not
/// verify). Names the inventory, never the key.
class MasterKeyMismatchError : public SecurityError {
public:
    using SecurityError::SecurityError;
};

} // namespace euicc::host::smsr
