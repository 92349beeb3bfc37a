// SPDX-License-Identifier: Apache-2.0
// Python callbacks that C++ calls from its own threads (admin server planner, live logs): the first exception they
// raise is kept and raised in the Python caller's thread once the C++ call is over.
#pragma once

#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "bindings.hpp"

namespace euicc::python {

/// What a group of callbacks raised. C++ never sees a Python exception: call() catches it, keeps the first one
/// (later ones are reported through sys.unraisablehook, never dropped silently) and says what it was; the binding
/// that started the C++ work raises it with rethrow() when that work is over. Thread-safe.
class CallbackErrors {
public:
    /// Runs f() with the GIL held. nullopt when it returned; when it raised, what it raised in one line
    /// ("ValueError: no plan", no traceback), for C++ to record (server journals).
    template <class F>
    std::optional<std::string> call(const char* where, F&& f) noexcept {
        py::gil_scoped_acquire gil;
        try {
            std::forward<F>(f)();
            return std::nullopt;
        } catch (py::error_already_set& e) {
            return keep(where, std::move(e));
        } catch (const py::builtin_exception& e) {
            e.set_error();
        } catch (const std::exception& e) {
            PyErr_SetString(PyExc_RuntimeError, e.what());
        } catch (...) {
            PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception");
        }
        return keep(where, py::error_already_set());
    }

    /// Raises the first kept exception, if any (GIL held), and forgets it.
    void rethrow() {
        std::optional<py::error_already_set> error = take();
        if (error) {
            throw std::move(*error);
        }
    }

    /// For a C++ error that takes precedence: the kept exception goes to sys.unraisablehook (GIL held).
    void discard(const char* where) {
        std::optional<py::error_already_set> error = take();
        if (error) {
            error->discard_as_unraisable(where);
        }
    }

private:
    std::optional<py::error_already_set> take() {
        const std::lock_guard lock(m_mutex);
        std::optional<py::error_already_set> error;
        if (m_first) {
            error.emplace(std::move(*m_first));
            m_first.reset();
        }
        return error;
    }

    std::string keep(const char* where, py::error_already_set error) noexcept {
        std::string summary;
        try {
            summary = py::str(error.type().attr("__name__")).cast<std::string>() + ": " +
                      py::str(error.value()).cast<std::string>();
        } catch (...) {
            summary = "a Python callback raised";
        }
        const std::lock_guard lock(m_mutex);
        if (!m_first) {
            m_first.emplace(std::move(error));
        } else {
            error.discard_as_unraisable(where);
        }
        return summary;
    }

    std::mutex m_mutex;
    std::optional<py::error_already_set> m_first;
};

} // namespace euicc::python
