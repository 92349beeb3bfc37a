// SPDX-License-Identifier: Apache-2.0
// Trampolines letting Python subclass CardEndpoint (a card written in Python) and ApduTracer.
#pragma once

#include <exception>
#include <string>
#include <utility>

#include <euicc/transport/apdu_tracer.hpp>
#include <euicc/transport/card_endpoint.hpp>

#include "bindings.hpp"

namespace euicc::python {

/// Runs `f` with the GIL held (channels call tracers and cards with it released). The C++ interfaces
/// behind these calls are noexcept, so an exception is not swallowed but reported through
/// sys.unraisablehook (pytest turns that into a warning) and `false` is returned.
template <class F>
bool call_python_noexcept(const char* where, F&& f) noexcept {
    py::gil_scoped_acquire gil;
    try {
        std::forward<F>(f)();
        return true;
    } catch (py::error_already_set& e) {
        e.discard_as_unraisable(where);
        return false;
    } catch (const py::builtin_exception& e) {
        e.set_error();
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (...) {
        PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception");
    }
    PyErr_WriteUnraisable(py::str(where).ptr());
    return false;
}

/// Converts what a Python override returned to Bytes, with a message naming the method on failure.
inline Bytes bytes_result(py::handle result, const char* method) {
    py::detail::make_caster<Bytes> caster;
    if (!caster.load(result, true)) {
        throw py::type_error(std::string(method) + " must return bytes, not " +
                             Py_TYPE(result.ptr())->tp_name);
    }
    return std::move(static_cast<Bytes&>(caster));
}

/// A card written in Python: override atr() and process(); power_on/power_off/reset are optional.
class PyCardEndpoint : public transport::CardEndpoint {
public:
    Bytes atr() const override {
        py::gil_scoped_acquire gil;
        return bytes_result(override_of("atr", true)(), "CardEndpoint.atr()");
    }
    void power_on() override { call_optional("power_on"); }
    void power_off() override { call_optional("power_off"); }
    void reset() override { call_optional("reset"); }

    /// Any failure of the Python code becomes 6F00 (CardEndpoint contract) after being reported.
    Bytes process(ByteView command) noexcept override {
        Bytes out{0x6F, 0x00};
        call_python_noexcept("euicc.CardEndpoint.process", [&] {
            Bytes r =
                bytes_result(override_of("process", true)(to_py_bytes(command)), "CardEndpoint.process()");
            if (r.size() < 2) {
                throw py::value_error("CardEndpoint.process() must return at least SW1 SW2, got " +
                                      std::to_string(r.size()) + " bytes");
            }
            out = std::move(r);
        });
        return out;
    }

private:
    py::function override_of(const char* name, bool required) const {
        py::function f = py::get_override(static_cast<const transport::CardEndpoint*>(this), name);
        if (!f && required) {
            throw py::type_error(std::string("CardEndpoint subclass does not implement ") + name + "()");
        }
        return f;
    }
    void call_optional(const char* name) {
        py::gil_scoped_acquire gil;
        if (py::function f = override_of(name, false)) {
            f();
        }
    }
};

/// A tracer written in Python: override on_exchange(command, response); on_reset(atr) is optional.
class PyApduTracer : public transport::ApduTracer {
public:
    void on_exchange(ByteView command, ByteView response) noexcept override {
        call_python_noexcept("euicc.ApduTracer.on_exchange", [&] {
            py::function f = py::get_override(static_cast<const transport::ApduTracer*>(this), "on_exchange");
            if (!f) {
                throw py::type_error("ApduTracer subclass does not implement on_exchange()");
            }
            f(to_py_bytes(command), to_py_bytes(response));
        });
    }
    void on_reset(ByteView atr) noexcept override {
        call_python_noexcept("euicc.ApduTracer.on_reset", [&] {
            if (py::function f =
                    py::get_override(static_cast<const transport::ApduTracer*>(this), "on_reset")) {
                f(to_py_bytes(atr));
            }
        });
    }
};

} // namespace euicc::python
