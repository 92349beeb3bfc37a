// SPDX-License-Identifier: Apache-2.0
// euicc::Error hierarchy (apdu/include/euicc/error.hpp) mapped 1:1 onto Python exceptions under euicc.Error.
#include <exception>
#include <initializer_list>
#include <utility>

#include <euicc/apdu/remote_script.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/scp80_key_file.hpp>
#include <euicc/error.hpp>

#include "bindings.hpp"

namespace euicc::python {
namespace {

// Exception types live as long as the interpreter: owned references that are never released, so no
// destructor runs after Python has finalised.
struct ErrorTypes {
    PyObject* error = nullptr;
    PyObject* codec = nullptr;
    PyObject* bad_format = nullptr;
    PyObject* security = nullptr;
    PyObject* transport = nullptr;
    PyObject* no_card = nullptr;
    PyObject* card_removed = nullptr;
    PyObject* reader = nullptr;
    PyObject* timeout = nullptr;
    PyObject* status_word = nullptr;
    PyObject* por = nullptr;
    PyObject* key_file = nullptr;
};
ErrorTypes g_types;

PyObject* new_type(py::module_& m, const char* name, PyObject* base, const char* doc) {
    const std::string qualified = std::string("euicc.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
    if (type == nullptr) {
        throw py::error_already_set();
    }
    m.add_object(name, py::reinterpret_borrow<py::object>(type));
    return type;
}

using Attributes = std::initializer_list<std::pair<const char*, py::object>>;

/// Raises `type(message)` with `attributes` set on the instance, so `except euicc.Error as e` sees them.
void raise(PyObject* type, const char* message, Attributes attributes = {}) {
    py::object instance = py::reinterpret_borrow<py::object>(type)(py::str(message));
    for (const auto& [name, value] : attributes) {
        instance.attr(name) = value;
    }
    PyErr_SetObject(type, instance.ptr());
}

void raise_transport(PyObject* type, const TransportError& e) {
    raise(type, e.what(), {{"native_code", py::int_(e.native_code())}});
}

void translate(std::exception_ptr p) {
    if (!p) {
        return;
    }
    // Most derived first; anything not from euicc falls through to pybind11's own translators
    // (std::invalid_argument -> ValueError, std::out_of_range -> IndexError, ...).
    try {
        std::rethrow_exception(p);
    } catch (const remote::BadFormatError& e) {
        // The enum values are cast when raised: the remote/scp80 submodules are bound by then.
        raise(g_types.bad_format, e.what(),
              {{"context", py::str(e.context())}, {"offset", py::int_(e.offset())}, {"kind", py::cast(e.kind())}});
    } catch (const CodecError& e) {
        raise(g_types.codec, e.what(), {{"context", py::str(e.context())}, {"offset", py::int_(e.offset())}});
    } catch (const StatusWordError& e) {
        raise(g_types.status_word, e.what(),
              {{"command", py::str(e.command())}, {"sw", py::int_(e.sw().value())}});
    } catch (const SecurityError& e) {
        raise(g_types.security, e.what());
    } catch (const NoCardError& e) {
        raise_transport(g_types.no_card, e);
    } catch (const CardRemovedError& e) {
        raise_transport(g_types.card_removed, e);
    } catch (const ReaderError& e) {
        raise_transport(g_types.reader, e);
    } catch (const TimeoutError& e) {
        raise_transport(g_types.timeout, e);
    } catch (const TransportError& e) {
        raise_transport(g_types.transport, e);
    } catch (const PorError& e) {
        raise(g_types.por, e.what(),
              {{"status", py::cast(e.status())}, {"description", py::str(e.description())}});
    } catch (const scp80::KeyFileError& e) {
        raise(g_types.key_file, e.what(), {{"member", py::str(e.member())}, {"reason", py::str(e.reason())}});
    } catch (const Error& e) {
        raise(g_types.error, e.what());
    }
}

} // namespace

void bind_errors(py::module_& m) {
    auto& t = g_types;
    t.error = new_type(m, "Error", PyExc_Exception,
                       "Root of every error euicc raises (bad arguments raise ValueError).");
    t.codec = new_type(
        m, "CodecError", t.error,
        "Malformed bytes. Attributes: context (what was parsed, e.g. 'C-APDU'), offset (byte offset).");
    t.bad_format = new_type(m, "BadFormatError", t.codec,
                            "A malformed expanded remote script (TS 102 226 §5.2). Attributes: context, offset, "
                            "kind (remote.BadFormat: the bad format code a card reports).");
    t.security =
        new_type(m, "SecurityError", t.error, "A cryptographic check failed (MAC, counter, cryptogram).");
    t.transport = new_type(m, "TransportError", t.error,
                           "Moving bytes failed. Attribute: native_code (SCARD_E_*, errno, ...; 0 if none).");
    t.no_card = new_type(m, "NoCardError", t.transport, "No card in the reader.");
    t.card_removed =
        new_type(m, "CardRemovedError", t.transport, "The card was removed or reset during a session.");
    t.reader = new_type(
        m, "ReaderError", t.transport,
        "Reader-level failure: unknown reader, reader unavailable, service stopped, sharing violation.");
    // Shadows the builtin inside the euicc namespace only; it is not a subclass of builtins.TimeoutError.
    t.timeout = new_type(m, "TimeoutError", t.transport,
                         "A wait (card insertion/removal, response) ran out of time.");
    t.status_word = new_type(m, "StatusWordError", t.error,
                             "The card answered with a status word the caller did not accept. "
                             "Attributes: command (str), sw (int, e.g. 0x6A82).");
    t.por = new_type(m, "PorError", t.error,
                     "The card's Proof of Receipt reported a failure (TS 102 225 §5.2). Attributes: status "
                     "(scp80.ResponseStatus, int(status) is the code), description (its meaning).");
    t.key_file = new_type(m, "KeyFileError", t.error,
                          "A keys file that cannot be used. Attributes: member (the JSON member at fault, '' for "
                          "the document), reason. Never holds a member's value.");
    py::register_exception_translator(&translate);
}

} // namespace euicc::python
