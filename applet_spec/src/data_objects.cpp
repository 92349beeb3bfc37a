// SPDX-License-Identifier: Apache-2.0
// GPCS §11.3: the data objects GET DATA can read, keyed by the application that holds them and their tag.
#include "data_objects.hpp"

namespace euicc::card {

void DataObjects::put(Selectable owner, ber::Tag tag, Bytes value) {
    m_values.insert_or_assign({owner, tag}, std::move(value));
}

const Bytes* DataObjects::find(Selectable owner, ber::Tag tag) const noexcept {
    const auto it = m_values.find({owner, tag});
    return it == m_values.end() ? nullptr : &it->second;
}

} // namespace euicc::card
