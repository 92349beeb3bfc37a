// SPDX-License-Identifier: Apache-2.0
// The private _euicc extension module; the `euicc` package (python/euicc) re-exports it.
#include "bindings.hpp"

PYBIND11_MODULE(_euicc, m) {
    using namespace euicc::python;
    m.doc() = "euicc-host native core (private; import `euicc` instead).";
    // Errors first: later bindings' docstrings and default arguments may raise them.
    bind_errors(m);
    bind_apdu(m);
    bind_transport(m);
    bind_card(m);
    bind_pcsc(m);
}
