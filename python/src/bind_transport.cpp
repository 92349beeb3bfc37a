// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::transport: CardChannel (ISO 7816-4 §5.1.3 procedure), CardEndpoint, tracers, vpcd link.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/transport/apdu_tracer.hpp>
#include <euicc/transport/card_channel.hpp>
#include <euicc/transport/card_endpoint.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>
#include <euicc/transport/vpcd_link.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "text_tracer.hpp"
#include "trampolines.hpp"

namespace euicc::python {
namespace {

using apdu::CommandApdu;
using apdu::ResponseApdu;
using transport::ApduTracer;
using transport::CardChannel;
using transport::CardEndpoint;
using release_gil = py::call_guard<py::gil_scoped_release>;

ResponseApdu transmit(CardChannel& channel, const CommandApdu& command, std::optional<unsigned> logical) {
    return logical ? channel.transmit(command, *logical) : channel.transmit(command);
}

void bind_tracers(py::module_& m) {
    py::class_<ApduTracer, PyApduTracer, std::shared_ptr<ApduTracer>>(
        m, "ApduTracer",
        "Observer of every wire exchange of a channel. Subclass it in Python and override "
        "on_exchange(command, response) (and optionally on_reset(atr)); it runs on the transmitting thread.")
        .def(py::init<>())
        .def("on_exchange", &ApduTracer::on_exchange, "command"_a, "response"_a)
        .def("on_reset", &ApduTracer::on_reset, "atr"_a);

    py::class_<TextTracer, ApduTracer, std::shared_ptr<TextTracer>>(
        m, "TextTracer",
        "StreamTracer's text ('-> 80CA005A 00', '<- 5A10... 9000'; key data redacted) passed line by line "
        "to `callback`, e.g. print or logging.getLogger('euicc.apdu').debug.")
        .def(py::init<py::function, std::string>(), "callback"_a, "prefix"_a = std::string());

    py::class_<transport::RecordingTracer, ApduTracer, std::shared_ptr<transport::RecordingTracer>>(
        m, "RecordingTracer", "Keeps every exchange in memory (compare transcripts of two transports).")
        .def(py::init<>())
        .def("exchanges",
             [](const transport::RecordingTracer& t) {
                 std::vector<std::pair<Bytes, Bytes>> out;
                 for (auto& e : t.exchanges()) {
                     out.emplace_back(std::move(e.command), std::move(e.response));
                 }
                 return out;
             })
        .def("clear", &transport::RecordingTracer::clear);

    using transport::GsmtapPcapTracer;
    py::class_<GsmtapPcapTracer, ApduTracer, std::shared_ptr<GsmtapPcapTracer>>(
        m, "GsmtapPcapTracer",
        "Writes a pcap of GSMTAP SIM packets (one per exchange) that Wireshark/tshark decode as GSM SIM.")
        .def(py::init([](const std::filesystem::path& path, bool emit_atr, bool redact_keys) {
                 return std::make_shared<GsmtapPcapTracer>(path.string(),
                                                           GsmtapPcapTracer::Options{emit_atr, redact_keys});
             }),
             "path"_a, "emit_atr"_a = false, "redact_keys"_a = true)
        .def("flush", &GsmtapPcapTracer::flush, release_gil())
        .def_property_readonly("packets", &GsmtapPcapTracer::packets)
        .def_property_readonly("last_error", &GsmtapPcapTracer::last_error)
        .def_static("gsmtap_apdu_payload", &GsmtapPcapTracer::gsmtap_apdu_payload, "command"_a, "response"_a)
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](GsmtapPcapTracer& t, const py::args&) { t.flush(); });

    m.def("carries_secret", &transport::carries_secret, "command"_a,
          "True when `command` carries key material (GP PUT KEY) and its data must not be logged.");
}

void bind_channels(py::module_& m) {
    py::class_<CardChannel>(
        m, "CardChannel",
        "Host side of a card: transmit() handles 61xx (GET RESPONSE) and 6Cxx (re-send) once. "
        "Blocking calls release the GIL. Use `with` to release the connection at the end.")
        .def(
            "transmit",
            [](CardChannel& ch, ByteView raw, std::optional<unsigned> logical) {
                return logical ? ch.transmit(CommandApdu::parse(raw), *logical) : ch.transmit(raw);
            },
            "apdu"_a, "channel"_a = py::none(), release_gil(),
            "Parses the C-APDU bytes (CodecError if malformed, nothing sent), sends them as given and "
            "returns the final ResponseApdu. Registered first: bytes is the hot path.")
        .def("transmit", &transmit, "apdu"_a, "channel"_a = py::none(), release_gil(),
             "Sends a CommandApdu (re-addressed to logical `channel` if given).")
        .def("transmit_raw", &CardChannel::transmit_raw, "command"_a, release_gil(),
             "One wire exchange, no 61xx/6Cxx processing; returns data + SW1 SW2.")
        .def("open_logical_channel", &CardChannel::open_logical_channel, release_gil(),
             "MANAGE CHANNEL open; returns the channel number; StatusWordError unless 9000.")
        .def("close_logical_channel", &CardChannel::close_logical_channel, "channel"_a, release_gil())
        .def("atr", &CardChannel::atr, release_gil())
        .def("reset", &CardChannel::reset, "cold"_a = false, release_gil(),
             "Warm reset (cold: power cycle); tracers see on_reset.")
        // The channel keeps the tracer (and a Python subclass's Python half) alive; not thread-safe against
        // a concurrent transmit on the same channel.
        .def("add_tracer", &CardChannel::add_tracer, "tracer"_a, py::keep_alive<1, 2>())
        .def("remove_tracer", &CardChannel::remove_tracer, "tracer"_a)
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](CardChannel&, const py::args&) {});

    py::class_<transport::InProcessChannel, CardChannel>(
        m, "InProcessChannel",
        "A channel wired straight to a CardEndpoint in this process (which it keeps alive). With "
        "t0_procedure=True it answers case-4 commands with 61xx like a T=0 reader, exercising GET RESPONSE.")
        .def(py::init([](CardEndpoint& card, bool t0_procedure) {
                 return std::make_unique<transport::InProcessChannel>(
                     card, transport::InProcessChannel::Options{t0_procedure});
             }),
             "card"_a, py::kw_only(), "t0_procedure"_a = false, py::keep_alive<1, 2>());
}

void bind_endpoints(py::module_& m) {
    py::class_<CardEndpoint, PyCardEndpoint>(
        m, "CardEndpoint",
        "A card. Subclass it in Python (call super().__init__()) and override atr() -> bytes and "
        "process(command: bytes) -> bytes (data + SW1 SW2); power_on/power_off/reset are optional. An "
        "exception in process() is reported through sys.unraisablehook and answered with 6F00.")
        .def(py::init<>())
        .def("atr", &CardEndpoint::atr)
        .def("power_on", &CardEndpoint::power_on)
        .def("power_off", &CardEndpoint::power_off)
        .def("reset", &CardEndpoint::reset)
        .def("process", &CardEndpoint::process, "command"_a, release_gil());

    py::class_<transport::ScriptedCard, CardEndpoint>(
        m, "ScriptedCard",
        "Replays (expected command, response) steps; a mismatch answers 6F00 and is listed in failures.")
        .def(py::init([](std::vector<std::pair<Bytes, Bytes>> steps, Bytes atr) {
                 std::vector<transport::ScriptedCard::Step> s;
                 for (auto& [command, response] : steps) {
                     s.push_back({std::move(command), std::move(response)});
                 }
                 return std::make_unique<transport::ScriptedCard>(std::move(s), std::move(atr));
             }),
             "steps"_a, "atr"_a = Bytes{0x3B, 0x00})
        .def_property_readonly("finished", &transport::ScriptedCard::finished)
        .def_property_readonly("failures", &transport::ScriptedCard::failures);

    using transport::VpcdLink;
    py::class_<VpcdLink>(
        m, "VpcdLink",
        "Serves a CardEndpoint (kept alive) to pcscd's vpcd driver on host:port (35963 = "
        "'Virtual PCD 00 00'). run() blocks (GIL released) until stop() from another thread.")
        .def(py::init([](CardEndpoint& card, std::string host, long long port, bool reconnect,
                         double reconnect_delay_s) {
                 if (!(reconnect_delay_s >= 0)) {
                     throw std::invalid_argument("reconnect_delay_s must be >= 0");
                 }
                 VpcdLink::Options o;
                 o.host = std::move(host);
                 o.port = int_arg<std::uint16_t>(port, "port", 1, 65535);
                 o.reconnect = reconnect;
                 o.reconnect_delay =
                     std::chrono::milliseconds(static_cast<long long>(reconnect_delay_s * 1000));
                 return std::make_unique<VpcdLink>(card, std::move(o));
             }),
             "card"_a, py::kw_only(), "host"_a = "127.0.0.1", "port"_a = 35963, "reconnect"_a = true,
             "reconnect_delay_s"_a = 0.2, py::keep_alive<1, 2>())
        .def("run", &VpcdLink::run, release_gil())
        .def("stop", &VpcdLink::stop)
        .def_property_readonly("apdus_served", &VpcdLink::apdus_served);
}

} // namespace

void bind_transport(py::module_& m) {
    // Endpoints before channels, so InProcessChannel's signature names the Python type.
    bind_tracers(m);
    bind_endpoints(m);
    bind_channels(m);
}

} // namespace euicc::python
