// SPDX-License-Identifier: Apache-2.0
// Private: the rules a load table's rows obey (host/docs/smsr_api.md §Access control), shared by the constructor
// and the parsers so that each can report a bad row its own way.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <euicc/host/smsr/access_control.hpp>

namespace euicc::host::smsr::detail {

/// Why row `index` breaks the rules (given the rows before it), or nullopt.
std::optional<std::string> row_problem(const std::vector<LoadThreshold>& rows, std::size_t index);

} // namespace euicc::host::smsr::detail
