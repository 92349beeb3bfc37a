// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the SGP.02 binding files (bind_sgp02.cpp, bind_sgp02_codecs.cpp).
#pragma once

#include <vector>

#include <euicc/apdu/gp.hpp>

#include "bindings.hpp"

namespace euicc::python {

/// euicc.scp03, euicc.saip, euicc.gp, euicc.sgp02: the codec values the SGP.02 operations take and return.
void bind_sgp02_codecs(py::module_& m);

/// Key check values (3 bytes each) as bytes, not stl.h's list[int] of a std::array.
std::vector<Bytes> key_check_values(const std::vector<gp::KeyCheckValue>& values);

} // namespace euicc::python
