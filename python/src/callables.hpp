// SPDX-License-Identifier: Apache-2.0
// Python callables behind C++ std::function (clocks, event callbacks) and time points as Python values.
#pragma once

#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/host/timer_table.hpp>

#include "bindings.hpp"
#include "trampolines.hpp"

namespace euicc::python {

/// A Python object that C++ may copy and drop on any thread: a std::function holding it is copied by the
/// libraries while the GIL is released (the terminal hands its clock to the StandardTerminal, the card to its
/// agents), so reference counts must not change there. Only the last owner touches Python, under the GIL.
class SharedPyObject {
public:
    explicit SharedPyObject(py::object object)
        : m_object(new py::object(std::move(object)), [](py::object* p) {
              if (Py_IsInitialized() != 0) {
                  py::gil_scoped_acquire gil;
                  delete p;
              } else {
                  (void)p->release(); // interpreter gone: leak rather than touch it
                  delete p;
              }
          }) {}

    /// The object; call with the GIL held.
    const py::object& get() const noexcept { return *m_object; }

private:
    std::shared_ptr<py::object> m_object;
};

// ---- time points --------------------------------------------------------------------------------------------

using SysTime = std::chrono::system_clock::time_point;

/// A wall-clock time from Python: a timezone-aware datetime, or int/float seconds since the Unix epoch. Naive
/// datetimes are refused (ValueError): whether they mean UTC or local time would be a guess.
inline SysTime sys_time_arg(py::handle value, const char* name) {
    if (PyBool_Check(value.ptr()) == 0 && (PyLong_Check(value.ptr()) != 0 || PyFloat_Check(value.ptr()) != 0)) {
        const double seconds = value.cast<double>();
        if (!std::isfinite(seconds) || std::fabs(seconds) > 1e13) {
            throw std::invalid_argument(std::string(name) + ": Unix time out of range");
        }
        return SysTime(std::chrono::duration_cast<SysTime::duration>(std::chrono::duration<double>(seconds)));
    }
    py::module_ datetime = py::module_::import("datetime");
    if (!py::isinstance(value, datetime.attr("datetime"))) {
        throw py::type_error(std::string(name) + " must be a timezone-aware datetime or Unix seconds (float)");
    }
    if (value.attr("tzinfo").is_none()) {
        throw std::invalid_argument(std::string(name) +
                                    ": naive datetime; give one with a timezone (datetime.timezone.utc)");
    }
    py::object epoch = datetime.attr("datetime")(1970, 1, 1, "tzinfo"_a = datetime.attr("timezone").attr("utc"));
    const auto micros = (value - epoch).attr("__floordiv__")(datetime.attr("timedelta")("microseconds"_a = 1));
    return SysTime(std::chrono::duration_cast<SysTime::duration>(std::chrono::microseconds(micros.cast<long long>())));
}

/// A timezone-aware UTC datetime (microsecond precision, as Python keeps it).
inline py::object utc_datetime(SysTime t) {
    py::module_ datetime = py::module_::import("datetime");
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    py::object epoch = datetime.attr("datetime")(1970, 1, 1, "tzinfo"_a = datetime.attr("timezone").attr("utc"));
    return epoch + datetime.attr("timedelta")("microseconds"_a = micros);
}

/// The terminal's clock (host::TerminalClock, monotonic) as float seconds, as a Python clock callable returns it.
inline double terminal_seconds(host::TerminalClock::time_point t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

inline host::TerminalClock::time_point terminal_time(double seconds) {
    if (!std::isfinite(seconds) || std::fabs(seconds) > 1e13) {
        throw std::invalid_argument("terminal clock value out of range: " + std::to_string(seconds));
    }
    return host::TerminalClock::time_point(
        std::chrono::duration_cast<host::TerminalClock::duration>(std::chrono::duration<double>(seconds)));
}

/// std::function<time_point()> from a Python callable returning float seconds; errors propagate to the caller of
/// the C++ function that asked for the time (the terminal's methods).
inline std::function<host::TerminalClock::time_point()> terminal_clock(py::object clock) {
    if (clock.is_none()) {
        return {};
    }
    if (!PyCallable_Check(clock.ptr())) {
        throw py::type_error("clock must be a callable returning seconds (float)");
    }
    return [shared = SharedPyObject(std::move(clock))] {
        py::gil_scoped_acquire gil;
        return terminal_time(shared.get()().cast<double>());
    };
}

/// std::function<system_clock::time_point()> from a Python callable returning Unix seconds or an aware datetime.
/// `noexcept_caller`: the C++ side must not see a Python exception as such (the card's process() is noexcept and
/// answers 6F00): the error is reported through sys.unraisablehook and a std::runtime_error thrown instead.
inline std::function<SysTime()> wall_clock(py::object clock, const char* where, bool noexcept_caller) {
    if (clock.is_none()) {
        return {};
    }
    if (!PyCallable_Check(clock.ptr())) {
        throw py::type_error(std::string(where) + ": clock must be a callable returning Unix seconds (float)");
    }
    return [shared = SharedPyObject(std::move(clock)), where, noexcept_caller] {
        py::gil_scoped_acquire gil;
        if (!noexcept_caller) {
            return sys_time_arg(shared.get()(), "clock()");
        }
        SysTime now{};
        if (!call_python_noexcept(where, [&] { now = sys_time_arg(shared.get()(), "clock()"); })) {
            throw std::runtime_error(std::string(where) + " failed (reported through sys.unraisablehook)");
        }
        return now;
    };
}

} // namespace euicc::python
