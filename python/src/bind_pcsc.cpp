// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::transport_pcsc (pcsc-lite): readers, connect, card presence waits.
#include "bindings.hpp"

#ifdef EUICC_WITH_PCSC

#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include <euicc/error.hpp>
#include <euicc/transport/pcsc.hpp>

#include "int_args.hpp"
#include "owning_pcsc_channel.hpp"

namespace euicc::python {
namespace {

/// A reader argument as given: resolved by selector_of() once its Python type is known.
struct ReaderArg {
    py::object value;
};

} // namespace
} // namespace euicc::python

namespace pybind11::detail {
template <>
struct type_caster<euicc::python::ReaderArg> {
    PYBIND11_TYPE_CASTER(euicc::python::ReaderArg, const_name("str | int | ReaderInfo | None"));
    bool load(handle src, bool /*convert*/) {
        value.value = reinterpret_borrow<object>(src);
        return true;
    }
};
} // namespace pybind11::detail

namespace euicc::python {
namespace {

using transport::PcscContext;
using transport::ReaderInfo;
using transport::ReaderSelector;
using release_gil = py::call_guard<py::gil_scoped_release>;

/// None -> the first reader with a card; str -> ReaderSelector::parse (digits = index, "/re/" = regex,
/// else exact name); int -> index; ReaderInfo -> its name.
ReaderSelector selector_of(const ReaderArg& arg) {
    const py::handle reader = arg.value;
    if (reader.is_none()) {
        return ReaderSelector::any();
    }
    if (py::isinstance<py::str>(reader)) {
        return ReaderSelector::parse(reader.cast<std::string>());
    }
    if (py::isinstance<ReaderInfo>(reader)) {
        return ReaderSelector::name(reader.cast<const ReaderInfo&>().name);
    }
    if (PyLong_Check(reader.ptr()) && !PyBool_Check(reader.ptr())) {
        return ReaderSelector::by_index(int_arg<std::size_t>(reader.cast<long long>(), "reader"));
    }
    throw py::type_error("reader must be a name, a '/regex/', an index, a ReaderInfo or None");
}

std::chrono::milliseconds timeout_of(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e6) {
        throw std::invalid_argument("timeout_s must be in [0, 1e6] seconds");
    }
    return std::chrono::milliseconds(std::llround(seconds * 1000));
}

/// A wait needs one reader whether or not it holds a card: Any means the first reader listed.
std::string wait_target(PcscContext& context, const ReaderSelector& selector) {
    if (selector.kind != ReaderSelector::Kind::Any) {
        return context.select_reader(selector);
    }
    const auto readers = context.readers();
    if (readers.empty()) {
        throw ReaderError("no PC/SC reader to wait on");
    }
    return readers.front().name;
}

bool wait(PcscContext& context, const ReaderArg& reader, double timeout_s, bool for_card) {
    const auto selector = selector_of(reader);
    const auto timeout = timeout_of(timeout_s);
    py::gil_scoped_release release;
    const std::string name = wait_target(context, selector);
    return for_card ? context.wait_for_card(name, timeout) : context.wait_for_removal(name, timeout);
}

std::unique_ptr<OwningPcscChannel> connect(PcscContext& context, const ReaderArg& reader, bool exclusive) {
    const auto selector = selector_of(reader);
    py::gil_scoped_release release;
    auto channel =
        context.connect(context.select_reader(selector),
                        exclusive ? transport::ShareMode::Exclusive : transport::ShareMode::Shared);
    return std::make_unique<OwningPcscChannel>(std::move(channel));
}

std::string repr(const ReaderInfo& r) {
    std::string out = "ReaderInfo(name='" + r.name + "', card_present=" + (r.card_present ? "True" : "False");
    if (r.card_present) {
        out += ", atr=" + to_hex(r.atr);
    }
    if (r.exclusive) {
        out += ", exclusive=True";
    }
    if (r.in_use) {
        out += ", in_use=True";
    }
    return out + ")";
}

void bind_types(py::module_& m) {
    py::class_<ReaderInfo>(m, "ReaderInfo", "A PC/SC reader and its current state.")
        .def_readonly("name", &ReaderInfo::name)
        .def_readonly("card_present", &ReaderInfo::card_present)
        .def_readonly("exclusive", &ReaderInfo::exclusive)
        .def_readonly("in_use", &ReaderInfo::in_use)
        .def_readonly("atr", &ReaderInfo::atr)
        .def_readonly("event_state", &ReaderInfo::event_state)
        .def("__repr__", &repr);

    py::enum_<transport::Disposition>(m, "Disposition", "What happens to the card on disconnect.")
        .value("Leave", transport::Disposition::Leave)
        .value("Reset", transport::Disposition::Reset)
        .value("Unpower", transport::Disposition::Unpower)
        .value("Eject", transport::Disposition::Eject);

    py::class_<OwningPcscChannel, transport::CardChannel>(
        m, "PcscChannel",
        "A connected card; holds one PC/SC transaction until close() (or the end of a `with` block).")
        .def_property_readonly("reader", &OwningPcscChannel::reader)
        .def_property_readonly("protocol", &OwningPcscChannel::protocol, "1 for T=1 (vpcd), 0 for T=0.")
        .def("unpower", &OwningPcscChannel::unpower, release_gil(), "Power the card down and up again.")
        .def("set_disposition", &OwningPcscChannel::set_disposition, "disposition"_a)
        .def_property_readonly("native_handle", &OwningPcscChannel::native_handle, "The SCARDHANDLE.")
        .def_property_readonly("closed", &OwningPcscChannel::closed)
        .def("close", &OwningPcscChannel::close, release_gil(), "End the transaction and disconnect.")
        .def("__exit__", [](OwningPcscChannel& c, const py::args&) {
            py::gil_scoped_release release;
            c.close();
        });
}

void bind_context(py::module_& m) {
    // pcscd serialises calls per context (a wait blocks that context's transmits): the module-level
    // functions open a context per call, so Python threads using them never contend.
    py::class_<PcscContext>(m, "PcscContext",
                            "A pcsc-lite context (SCardEstablishContext). Use it from one thread at a time; "
                            "the module-level readers/connect/wait_* open their own.")
        .def(py::init<>(), release_gil())
        .def("readers", &PcscContext::readers, release_gil())
        .def(
            "select_reader",
            [](PcscContext& c, const ReaderArg& reader) {
                const auto selector = selector_of(reader);
                py::gil_scoped_release release;
                return c.select_reader(selector);
            },
            "reader"_a = py::none())
        .def(
            "wait_for_card",
            [](PcscContext& c, const ReaderArg& reader, double t) { return wait(c, reader, t, true); },
            "reader"_a, "timeout_s"_a)
        .def(
            "wait_for_removal",
            [](PcscContext& c, const ReaderArg& reader, double t) { return wait(c, reader, t, false); },
            "reader"_a, "timeout_s"_a)
        .def("connect", &connect, "reader"_a = py::none(), py::kw_only(), "exclusive"_a = false)
        .def_property_readonly("native_handle", &PcscContext::native_handle);

    m.def(
        "readers",
        [] {
            PcscContext context;
            return context.readers();
        },
        release_gil(), "All PC/SC readers with their state (empty list when there are none).");
    m.def(
        "connect",
        [](const ReaderArg& reader, bool exclusive) {
            PcscContext context; // the channel shares its SCARDCONTEXT and outlives this object
            return connect(context, reader, exclusive);
        },
        "reader"_a = py::none(), py::kw_only(), "exclusive"_a = false,
        "Connects to a reader: name, '/regex/', index, ReaderInfo, or None for the first reader with a "
        "card.");
    m.def(
        "wait_for_card",
        [](const ReaderArg& reader, double timeout_s) {
            PcscContext context;
            return wait(context, reader, timeout_s, true);
        },
        "reader"_a, "timeout_s"_a, "True once a card is present, False after the timeout.");
    m.def(
        "wait_for_removal",
        [](const ReaderArg& reader, double timeout_s) {
            PcscContext context;
            return wait(context, reader, timeout_s, false);
        },
        "reader"_a, "timeout_s"_a, "True once the card is gone, False after the timeout.");
}

} // namespace

void bind_pcsc(py::module_& m) {
    bind_types(m);
    bind_context(m);
}

} // namespace euicc::python

#else

void euicc::python::bind_pcsc(py::module_&) {}

#endif
