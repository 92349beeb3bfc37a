// SPDX-License-Identifier: Apache-2.0
// Plain C++ structs (codec values: SMS, SCP80, CAT, trigger) as Python classes with keyword constructors.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <concepts>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "bindings.hpp"
#include "int_args.hpp"

namespace euicc::python {

/// `value` as the signed T, std::invalid_argument (ValueError) naming `name` outside T's range.
template <class T>
T signed_arg(long long value, const char* name) {
    if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max()) {
        throw std::invalid_argument(std::string(name) + " out of range [" +
                                    std::to_string(std::numeric_limits<T>::min()) + ", " +
                                    std::to_string(std::numeric_limits<T>::max()) + "]: " + std::to_string(value));
    }
    return static_cast<T>(value);
}

/// The repr of one field: pybind11 enums by their qualified name ("Ton.International"), protocol bytes and status
/// words (`hex`) as 0x7F / 0x9000, the rest by repr().
inline std::string field_repr(py::handle value, bool hex) {
    if (hex && PyLong_Check(value.ptr()) != 0 && PyBool_Check(value.ptr()) == 0) {
        return py::str("0x{:02X}").attr("format")(value).cast<std::string>();
    }
    const py::handle type = py::type::handle_of(value);
    if (py::hasattr(type, "__members__") && py::hasattr(type, "__int__")) {
        return py::str(value).cast<std::string>();
    }
    return py::repr(value).cast<std::string>();
}

/// `A | B | ...` of the classes named in `scope` (and None): the Python face of a C++ std::variant, usable with
/// isinstance() and in annotations (cat.ProactiveCommand, sms.ValidityPeriod, ...).
inline void add_union(py::module_& scope, const char* alias, std::initializer_list<const char*> names,
                      bool with_none = false) {
    py::object result = py::none();
    for (const char* name : names) {
        result = result.is_none() ? py::object(scope.attr(name)) : result.attr("__or__")(scope.attr(name));
    }
    if (with_none) {
        result = result.attr("__or__")(py::none());
    }
    scope.attr(alias) = result;
}

/// Binds a struct field by field. Integer fields take any Python int and raise ValueError out of range (as
/// int_args.hpp does for functions); other fields use pybind11's casters (bytes via bytes_caster.hpp, enums, None
/// for std::optional, lists for std::vector - a copy: assign a new list to change one). done() adds:
/// - `__init__(**fields)`: every field a keyword, the others keep the C++ defaults (a struct never half-built);
/// - `__repr__` listing the fields that differ from the defaults, so reprs stay short;
/// - `__eq__` where the C++ type has operator==, and `__copy__`/`__deepcopy__`.
template <class T, class... Options>
class Struct {
public:
    using Class = py::class_<T, Options...>;

    template <class... Extra>
    Struct(py::handle scope, const char* name, const Extra&... extra) : m_class(scope, name, extra...) {}

    template <class M>
    Struct& field(const char* name, M T::*member, const char* doc = "") {
        m_fields->push_back(name);
        if (std::is_same_v<M, apdu::StatusWord> || std::is_same_v<M, std::optional<apdu::StatusWord>>) {
            m_hex->push_back(name);
        }
        if constexpr (std::is_integral_v<M> && !std::is_same_v<M, bool>) {
            m_class.def_property(
                name, [member](const T& t) { return t.*member; },
                [member, name](T& t, long long v) {
                    if constexpr (std::is_signed_v<M>) {
                        t.*member = signed_arg<M>(v, name);
                    } else {
                        t.*member = int_arg<M>(v, name);
                    }
                },
                doc);
        } else {
            m_class.def_readwrite(name, member, doc);
        }
        return *this;
    }

    /// A field computed by `get` and stored by `set` (e.g. a time point shown as a datetime).
    template <class Get, class Set>
    Struct& property(const char* name, Get&& get, Set&& set, const char* doc = "") {
        m_fields->push_back(name);
        m_class.def_property(name, std::forward<Get>(get), std::forward<Set>(set), doc);
        return *this;
    }

    /// A byte-valued field (tag, PID, DCS, KIc, qualifier) shown in hex by repr.
    template <class M>
    Struct& hex_field(const char* name, M T::*member, const char* doc = "") {
        field(name, member, doc);
        m_hex->push_back(name);
        return *this;
    }

    /// A bulky byte field (a profile package) that repr shows by its size only: "<4096 bytes>".
    template <class M>
    Struct& summary_field(const char* name, M T::*member, const char* doc = "") {
        field(name, member, doc);
        m_summary->push_back(name);
        return *this;
    }

    /// A computed field that Python may read but not assign.
    template <class Get>
    Struct& readonly_property(const char* name, Get&& get, const char* doc = "") {
        m_fields->push_back(name);
        m_class.def_property_readonly(name, std::forward<Get>(get), doc);
        return *this;
    }

    /// A field that Python may read but not assign (results of a session).
    template <class M>
    Struct& readonly(const char* name, M T::*member, const char* doc = "") {
        m_fields->push_back(name);
        if (std::is_same_v<M, apdu::StatusWord> || std::is_same_v<M, std::optional<apdu::StatusWord>>) {
            m_hex->push_back(name);
        }
        m_class.def_readonly(name, member, doc);
        return *this;
    }

    Class& cls() noexcept { return m_class; }

    /// Adds the constructor (unless `keyword_init` is false), __repr__, __eq__ and copying; returns the class (a
    /// handle to the Python type, which outlives this builder) for further methods.
    Class done(bool keyword_init = true) {
        auto fields = m_fields;
        auto hex = m_hex;
        auto summary = m_summary;
        if constexpr (std::is_default_constructible_v<T> && std::is_copy_constructible_v<T>) {
            if (keyword_init) {
                m_class.def(py::init([fields](const py::kwargs& kwargs) {
                                py::object self = py::cast(T{});
                                for (const auto& [key, value] : kwargs) {
                                    const auto name = py::str(key).template cast<std::string>();
                                    if (std::find(fields->begin(), fields->end(), name) == fields->end()) {
                                        throw py::type_error(
                                            py::type::handle_of(self).attr("__name__").template cast<std::string>() +
                                            "() got an unexpected keyword argument '" + name + "'");
                                    }
                                    py::setattr(self, key, value);
                                }
                                return self.cast<T>();
                            }),
                            "Every field is a keyword argument; the fields not given keep their defaults.");
            }
        }
        m_class.def("__repr__", [fields, hex, summary](py::handle self) {
            py::object defaults = py::none();
            if constexpr (std::is_default_constructible_v<T>) {
                defaults = py::cast(T{});
            }
            std::string out = py::type::handle_of(self).attr("__name__").cast<std::string>() + "(";
            bool first = true;
            for (const auto& name : *fields) {
                py::object value = self.attr(name.c_str());
                if (!defaults.is_none() && value.equal(defaults.attr(name.c_str()))) {
                    continue;
                }
                const bool in_hex = std::find(hex->begin(), hex->end(), name) != hex->end();
                const bool in_summary = std::find(summary->begin(), summary->end(), name) != summary->end();
                out += (first ? "" : ", ") + name + "=" +
                       (in_summary ? "<" + std::to_string(py::len(value)) + " bytes>" : field_repr(value, in_hex));
                first = false;
            }
            return out + ")";
        });
        if constexpr (std::equality_comparable<T>) {
            m_class.def(
                "__eq__", [](const T& a, const T& b) { return a == b; }, py::is_operator());
            m_class.attr("__hash__") = py::none();
        }
        if constexpr (std::is_copy_constructible_v<T>) {
            m_class.def("__copy__", [](const T& t) { return T(t); });
            m_class.def(
                "__deepcopy__", [](const T& t, const py::handle&) { return T(t); }, "memo"_a);
        }
        return m_class;
    }

private:
    Class m_class;
    std::shared_ptr<std::vector<std::string>> m_fields = std::make_shared<std::vector<std::string>>();
    std::shared_ptr<std::vector<std::string>> m_hex = std::make_shared<std::vector<std::string>>();
    std::shared_ptr<std::vector<std::string>> m_summary = std::make_shared<std::vector<std::string>>();
};

} // namespace euicc::python
