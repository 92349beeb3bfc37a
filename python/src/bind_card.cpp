// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::card: the virtual SGP.02 eUICC (applet_spec/README.md) as a CardEndpoint.
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include <euicc/card/virtual_euicc.hpp>

#include "bindings.hpp"

namespace euicc::python {

void bind_card(py::module_& m) {
    using card::VirtualEuicc;
    // Not thread-safe by itself: share it through one InProcessChannel or VpcdLink, which serialise.
    py::class_<VirtualEuicc, transport::CardEndpoint>(
        m, "VirtualEuicc",
        "The virtual SGP.02 eUICC (ISD-R, ECASD, MF, logical channels). eid: 32 digits with valid check "
        "digits, or '' for the stored/default one; state_dir: durable state, or '' to keep it in memory.")
        .def(py::init([](std::string eid, std::filesystem::path state_dir) {
                 return std::make_unique<VirtualEuicc>(
                     card::VirtualEuiccConfig{std::move(eid), std::move(state_dir)});
             }),
             "eid"_a = "", "state_dir"_a = "")
        .def_property_readonly("eid", &VirtualEuicc::eid);
}

} // namespace euicc::python
