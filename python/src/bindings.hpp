// SPDX-License-Identifier: Apache-2.0
// Entry points of the _euicc binding files (one per library folder) and their shared includes.
#pragma once

// Order matters: the Bytes/ByteView casters are declared before stl.h's list caster could ever be
// instantiated for std::vector<uint8_t>, in every binding file.
// clang-format off
#include "bytes_caster.hpp"
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
// clang-format on

namespace euicc::python {

namespace py = pybind11;
using namespace pybind11::literals;

void bind_errors(py::module_& m);
void bind_apdu(py::module_& m);
void bind_transport(py::module_& m);
void bind_card(py::module_& m);
void bind_pcsc(py::module_& m);

} // namespace euicc::python
