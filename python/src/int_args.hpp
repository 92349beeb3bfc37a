// SPDX-License-Identifier: Apache-2.0
// Range-checked Python int arguments: out-of-range values raise ValueError naming the argument.
#pragma once

#include <limits>
#include <stdexcept>
#include <string>

namespace euicc::python {

/// `value` as T when lo <= value <= hi (defaults: T's range); std::invalid_argument (ValueError) otherwise.
/// Python ints arrive as long long so that 256 for a byte is a ValueError, not an overload mismatch.
template <class T>
T int_arg(long long value, const char* name, unsigned long long lo = std::numeric_limits<T>::min(),
          unsigned long long hi = std::numeric_limits<T>::max()) {
    if (value < 0 || static_cast<unsigned long long>(value) < lo ||
        static_cast<unsigned long long>(value) > hi) {
        throw std::invalid_argument(std::string(name) + " out of range [" + std::to_string(lo) + ", " +
                                    std::to_string(hi) + "]: " + std::to_string(value));
    }
    return static_cast<T>(value);
}

} // namespace euicc::python
