// SPDX-License-Identifier: Apache-2.0
// Inventory error texts: they name cards, KVNs and fields, never key bytes.
#include <euicc/host/smsr/inventory_errors.hpp>

#include <utility>

#include <euicc/apdu/bytes.hpp>

namespace euicc::host::smsr {

UnknownCardError::UnknownCardError(std::string eid, const std::string& what)
    : InventoryError(what), m_eid(std::move(eid)) {}

InventoryConflictError::InventoryConflictError(std::optional<std::size_t> record, std::string field,
                                               const std::string& what)
    : InventoryError(what), m_record(record), m_field(std::move(field)) {}

KeysetIntegrityError::KeysetIntegrityError(std::string eid, std::uint8_t kvn)
    : SecurityError("inventory: keyset " + to_hex(Bytes{kvn}) + " of EID " + eid +
                    " does not authenticate (wrong master key, or the stored row was altered or moved)"),
      m_eid(std::move(eid)), m_kvn(kvn) {}

} // namespace euicc::host::smsr
