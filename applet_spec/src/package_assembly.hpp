// SPDX-License-Identifier: Apache-2.0
// SAIP (saip.md §1, §9.1): reassembles a profile package from SCP03t segments that ignore PE boundaries, and tells
// when its `end` PE has arrived.
#pragma once

#include <cstddef>

#include <euicc/apdu/bytes.hpp>

namespace euicc::card {

/// The package bytes received so far. It finds PE boundaries as segments arrive (DER definite lengths), so the
/// package is known complete when the `end` PE (tag AA) is whole, and a broken TLV header is found at once.
class PackageAssembly {
public:
    enum class Progress {
        More,      ///< no complete `end` PE yet
        Complete,  ///< the bytes end exactly with a complete `end` PE
        TooLarge,  ///< more than `limit` bytes arrived (not-enough-memory)
        Malformed, ///< a PE header cannot be DER, or bytes follow the `end` PE (fault_offset() says where)
    };

    explicit PackageAssembly(std::size_t limit) : m_limit(limit) {}

    /// Appends one decrypted segment. After anything but More the assembly takes no more segments (More again
    /// would be a caller error: std::logic_error).
    Progress add(ByteView segment);

    const Bytes& package() const noexcept { return m_data; }
    std::size_t fault_offset() const noexcept { return m_fault; }

private:
    /// Advances m_scanned over complete TLVs; returns Complete/Malformed when decided, More otherwise.
    Progress scan();

    std::size_t m_limit;
    Bytes m_data;
    std::size_t m_scanned = 0; ///< offset of the first PE not yet seen whole
    std::size_t m_fault = 0;
    bool m_finished = false;
};

} // namespace euicc::card
