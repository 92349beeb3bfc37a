// SPDX-License-Identifier: Apache-2.0
// pybind11 casters: apdu::StatusWord <-> int (ISO 7816-4 §5.6 SW1SW2), std::chrono::seconds / milliseconds <->
// timedelta.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <pybind11/pybind11.h>

#include <euicc/apdu/status_word.hpp>

// Included by every binding file (through bindings.hpp), so each type has one caster in every translation unit.
// Status words travel as plain ints (0x9000), as ResponseApdu.sw already does; durations as datetime.timedelta.
namespace pybind11::detail {

/// StatusWord: an int 0..0xFFFF in, an int out.
template <>
struct type_caster<euicc::apdu::StatusWord> {
    PYBIND11_TYPE_CASTER(euicc::apdu::StatusWord, const_name("int"));

    bool load(handle src, bool /*convert*/) {
        if (!src || !PyLong_Check(src.ptr()) || PyBool_Check(src.ptr())) {
            return false;
        }
        const long long v = PyLong_AsLongLong(src.ptr());
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return false;
        }
        if (v < 0 || v > 0xFFFF) {
            throw value_error("status word out of range [0, 0xFFFF]: " + std::to_string(v));
        }
        value = euicc::apdu::StatusWord(static_cast<std::uint16_t>(v));
        return true;
    }

    static handle cast(euicc::apdu::StatusWord src, return_value_policy /*policy*/, handle /*parent*/) {
        return PyLong_FromLong(src.value());
    }
};

/// A duration from Python: a timedelta, an int or a float (seconds), rounded to the nearest `Duration` tick.
/// False (no error set) for other types; value_error for values out of range.
template <class Duration>
bool load_duration(handle src, Duration& value) {
    if (!src || PyBool_Check(src.ptr())) {
        return false;
    }
    double seconds = 0;
    if (PyLong_Check(src.ptr())) {
        const long long v = PyLong_AsLongLong(src.ptr());
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return false;
        }
        seconds = static_cast<double>(v);
        if constexpr (std::is_same_v<Duration, std::chrono::seconds>) {
            value = std::chrono::duration_cast<Duration>(std::chrono::seconds(v)); // exact for whole seconds
            return true;
        }
    } else if (PyFloat_Check(src.ptr())) {
        seconds = PyFloat_AsDouble(src.ptr());
    } else if (isinstance(src, module_::import("datetime").attr("timedelta"))) {
        seconds = src.attr("total_seconds")().cast<double>();
    } else {
        return false;
    }
    if (!std::isfinite(seconds) || std::fabs(seconds) > 1e12) {
        throw value_error("duration out of range");
    }
    using Ticks = std::chrono::duration<double, typename Duration::period>;
    value = Duration(std::llround(std::chrono::duration_cast<Ticks>(std::chrono::duration<double>(seconds)).count()));
    return true;
}

/// Whole seconds (CAT timer values, back-off timers, retry delays): datetime.timedelta out; a timedelta,
/// an int or a float (seconds) in. Fractions are rounded to the nearest second, as the codecs carry seconds.
template <>
struct type_caster<std::chrono::seconds> {
    PYBIND11_TYPE_CASTER(std::chrono::seconds, const_name("datetime.timedelta"));

    bool load(handle src, bool /*convert*/) { return load_duration(src, value); }

    static handle cast(std::chrono::seconds src, return_value_policy /*policy*/, handle /*parent*/) {
        return module_::import("datetime").attr("timedelta")(arg("seconds") = src.count()).release();
    }
};

/// Timeouts of the host's servers and sessions: datetime.timedelta out; a timedelta, an int or a float (seconds,
/// as everywhere in the Python API) in, rounded to the nearest millisecond.
template <>
struct type_caster<std::chrono::milliseconds> {
    PYBIND11_TYPE_CASTER(std::chrono::milliseconds, const_name("datetime.timedelta"));

    bool load(handle src, bool /*convert*/) { return load_duration(src, value); }

    static handle cast(std::chrono::milliseconds src, return_value_policy /*policy*/, handle /*parent*/) {
        return module_::import("datetime").attr("timedelta")(arg("milliseconds") = src.count()).release();
    }
};

} // namespace pybind11::detail
