// SPDX-License-Identifier: Apache-2.0
// GPCS §11.3: the data objects GET DATA can read, keyed by the application that holds them and their tag.
#pragma once

#include <map>
#include <utility>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>

#include "applications.hpp"

namespace euicc::card {

/// Values of data objects (without tag and length) per owning application, e.g. ECASD '5A' = EID.
class DataObjects {
public:
    /// Stores (or replaces) the value of `tag` held by `owner`.
    void put(Selectable owner, ber::Tag tag, Bytes value);
    /// The value of `tag` held by `owner`, or nullptr. Valid until the next put().
    const Bytes* find(Selectable owner, ber::Tag tag) const noexcept;

private:
    std::map<std::pair<Selectable, ber::Tag>, Bytes> m_values;
};

} // namespace euicc::card
