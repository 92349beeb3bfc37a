// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::apdu: ISO 7816-4 APDUs and status words, BER-TLV, COMPREHENSION-TLV, hex, CLA, EID.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

#include "bindings.hpp"
#include "int_args.hpp"

namespace euicc::python {
namespace {

using apdu::CommandApdu;
using apdu::ResponseApdu;
using apdu::StatusWord;

/// "0x5A", "0x7F21": Python-style hex literals for reprs.
std::string hex_int(unsigned value, int digits = 2) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%0*X", digits, value);
    return text;
}

std::string repr(const CommandApdu& c) {
    std::string out = "CommandApdu(cla=" + hex_int(c.cla()) + ", ins=" + hex_int(c.ins()) +
                      ", p1=" + hex_int(c.p1()) + ", p2=" + hex_int(c.p2());
    if (!c.data().empty()) {
        out += ", data=" + to_hex(c.data());
    }
    if (c.ne()) {
        out += ", ne=" + std::to_string(*c.ne());
    }
    return out + ")";
}

std::string repr(const ResponseApdu& r) {
    return "ResponseApdu(data=" + to_hex(r.data()) + ", sw=" + r.sw().to_string() + ")";
}

std::string repr(const ber::Tlv& t) {
    std::string out = "BerTlv(tag=" + hex_int(t.tag);
    if (t.constructed() && !t.children.empty()) {
        out += ", children=[";
        for (std::size_t i = 0; i < t.children.size(); ++i) {
            out += (i ? ", " : "") + repr(t.children[i]);
        }
        return out + "])";
    }
    return out + ", value=" + to_hex(t.value) + ")";
}

std::string repr(const ctlv::Tlv& t) {
    return "ComprehensionTlv(tag=" + hex_int(t.tag, t.tag > 0xFF ? 4 : 2) +
           ", cr=" + (t.cr ? "True" : "False") + (t.three_byte ? ", three_byte=True" : "") +
           ", value=" + to_hex(t.value) + ")";
}

std::optional<std::uint32_t> ne_arg(const std::optional<long long>& ne) {
    if (!ne) {
        return std::nullopt;
    }
    return int_arg<std::uint32_t>(*ne, "ne", 1, 65536);
}

void bind_status_words(py::module_& m) {
    m.def(
        "describe_sw",
        [](long long sw) { return std::string(StatusWord(int_arg<std::uint16_t>(sw, "sw")).describe()); },
        "sw"_a, "Human-readable meaning of a status word (ISO 7816-4 §5.6, TS 102 221 §10.2), e.g. 0x6A82.");
    m.def(
        "sw_is_success",
        [](long long sw) { return StatusWord(int_arg<std::uint16_t>(sw, "sw")).is_success(); }, "sw"_a,
        "True for 9000, 61xx, 91xx and 92xx (TS 102 221 §10.2.1.1).");
    m.def(
        "expect",
        [](const ResponseApdu& resp, const std::string& command, const std::vector<long long>& allowed) {
            for (const long long sw : allowed) {
                if (resp.sw() == StatusWord(int_arg<std::uint16_t>(sw, "allowed"))) {
                    return resp;
                }
            }
            throw StatusWordError(command, resp.sw());
        },
        "resp"_a, "command"_a, "allowed"_a = std::vector<long long>{0x9000},
        "Returns `resp` if its SW is one of `allowed`, else raises StatusWordError naming `command`.");
}

void bind_command_apdu(py::module_& m) {
    py::class_<CommandApdu>(m, "CommandApdu", "ISO 7816-4 §5.1 command APDU, cases 1-4, short or extended.")
        .def(py::init([](long long cla, long long ins, long long p1, long long p2, Bytes data,
                         std::optional<long long> ne) {
                 return CommandApdu(int_arg<std::uint8_t>(cla, "cla"), int_arg<std::uint8_t>(ins, "ins"),
                                    int_arg<std::uint8_t>(p1, "p1"), int_arg<std::uint8_t>(p2, "p2"),
                                    std::move(data), ne_arg(ne));
             }),
             "cla"_a, "ins"_a, "p1"_a, "p2"_a, "data"_a = Bytes{}, "ne"_a = py::none())
        .def_static("parse", &CommandApdu::parse, "raw"_a, "Parses a complete C-APDU; raises CodecError.")
        .def("encode", &CommandApdu::encode)
        .def("__bytes__", &CommandApdu::encode)
        .def_property_readonly("cla", &CommandApdu::cla)
        .def_property_readonly("ins", &CommandApdu::ins)
        .def_property_readonly("p1", &CommandApdu::p1)
        .def_property_readonly("p2", &CommandApdu::p2)
        .def_property_readonly("data", &CommandApdu::data)
        .def_property_readonly("ne", &CommandApdu::ne)
        .def_property_readonly("apdu_case", &CommandApdu::apdu_case)
        .def_property("extended", &CommandApdu::extended, &CommandApdu::set_extended)
        .def(
            "with_cla",
            [](const CommandApdu& c, long long cla) { return c.with_cla(int_arg<std::uint8_t>(cla, "cla")); },
            "cla"_a)
        .def(
            "with_ne",
            [](const CommandApdu& c, std::optional<long long> ne) { return c.with_ne(ne_arg(ne)); }, "ne"_a)
        .def(
            "__eq__", [](const CommandApdu& a, const CommandApdu& b) { return a == b; }, py::is_operator())
        .def("__repr__", [](const CommandApdu& c) { return repr(c); })
        .attr("__hash__") = py::none();
}

void bind_response_apdu(py::module_& m) {
    py::class_<ResponseApdu>(m, "ResponseApdu", "ISO 7816-4 §5.1 response APDU: data + SW1 SW2.")
        .def(py::init([](Bytes data, long long sw) {
                 return ResponseApdu(std::move(data), StatusWord(int_arg<std::uint16_t>(sw, "sw")));
             }),
             "data"_a = Bytes{}, "sw"_a = 0x9000)
        .def_static("parse", &ResponseApdu::parse, "raw"_a,
                    "Splits data and SW; raises CodecError below 2 bytes.")
        .def("encode", &ResponseApdu::encode)
        .def("__bytes__", &ResponseApdu::encode)
        .def_property_readonly("data", &ResponseApdu::data)
        .def_property_readonly("sw", [](const ResponseApdu& r) { return r.sw().value(); })
        .def_property_readonly("sw1", [](const ResponseApdu& r) { return r.sw().sw1(); })
        .def_property_readonly("sw2", [](const ResponseApdu& r) { return r.sw().sw2(); })
        .def(
            "__eq__", [](const ResponseApdu& a, const ResponseApdu& b) { return a == b; }, py::is_operator())
        .def("__repr__", [](const ResponseApdu& r) { return repr(r); })
        .attr("__hash__") = py::none();
}

void bind_ber(py::module_& m) {
    py::class_<ber::Tlv>(m, "BerTlv",
                         "One BER-TLV (X.690 §8.1); `children` is filled for parsed constructed tags.")
        .def(py::init([](long long tag, Bytes value, std::vector<ber::Tlv> children) {
                 ber::Tlv t;
                 t.tag = int_arg<ber::Tag>(tag, "tag");
                 t.value = std::move(value);
                 t.children = std::move(children);
                 return t;
             }),
             "tag"_a, "value"_a = Bytes{}, "children"_a = std::vector<ber::Tlv>{})
        .def_property(
            "tag", [](const ber::Tlv& t) { return t.tag; },
            [](ber::Tlv& t, long long tag) { t.tag = int_arg<ber::Tag>(tag, "tag"); })
        .def_property(
            "value", [](const ber::Tlv& t) { return t.value; },
            [](ber::Tlv& t, Bytes v) { t.value = std::move(v); })
        // Copies, not views into the parent: a Python list must not dangle when the parent changes.
        .def_property(
            "children", [](const ber::Tlv& t) { return t.children; },
            [](ber::Tlv& t, std::vector<ber::Tlv> c) { t.children = std::move(c); })
        .def_readonly("indefinite", &ber::Tlv::indefinite)
        .def_property_readonly("constructed", &ber::Tlv::constructed)
        .def(
            "find",
            [](const ber::Tlv& t, long long tag) -> std::optional<ber::Tlv> {
                const ber::Tlv* child = t.find(int_arg<ber::Tag>(tag, "tag"));
                return child ? std::optional<ber::Tlv>(*child) : std::nullopt;
            },
            "tag"_a, "First direct child with `tag`, or None.")
        .def(
            "at", [](const ber::Tlv& t, long long tag) { return t.at(int_arg<ber::Tag>(tag, "tag")); },
            "tag"_a, "First direct child with `tag`; raises CodecError if missing.")
        .def("encode", [](const ber::Tlv& t) { return ber::encode(t); })
        .def("__bytes__", [](const ber::Tlv& t) { return ber::encode(t); })
        .def("__repr__", [](const ber::Tlv& t) { return repr(t); });

    auto options = [](bool der, bool allow_indefinite) { return ber::ParseOptions{der, allow_indefinite}; };
    m.def(
        "ber_parse",
        [options](ByteView data, bool der, bool indefinite) {
            return ber::parse_all(data, options(der, indefinite));
        },
        "data"_a, py::kw_only(), "der"_a = false, "allow_indefinite"_a = false,
        "Parses concatenated BER-TLVs covering all of `data`; raises CodecError.");
    m.def(
        "ber_parse_one",
        [options](ByteView data, bool der, bool indefinite) {
            return ber::parse_one(data, options(der, indefinite));
        },
        "data"_a, py::kw_only(), "der"_a = false, "allow_indefinite"_a = false,
        "Parses exactly one BER-TLV covering all of `data`; raises CodecError.");
    m.def(
        "ber_encode",
        [](long long tag, ByteView value) { return ber::encode(int_arg<ber::Tag>(tag, "tag"), value); },
        "tag"_a, "value"_a, "Tag + DER length + value.");
    m.def(
        "ber_encode", [](const ber::Tlv& tlv) { return ber::encode(tlv); }, "tlv"_a,
        "Encodes a BerTlv; constructed ones with children encode the children.");
    m.def(
        "ber_encode_tag", [](long long tag) { return ber::encode_tag(int_arg<ber::Tag>(tag, "tag")); },
        "tag"_a);
    m.def(
        "ber_encode_length",
        [](long long length) { return ber::encode_length(int_arg<std::size_t>(length, "length")); },
        "length"_a);
}

void bind_ctlv(py::module_& m) {
    py::class_<ctlv::Tlv>(m, "ComprehensionTlv",
                          "COMPREHENSION-TLV (TS 101 220 §7.1.1); tag without the CR bit.")
        .def(py::init([](long long tag, Bytes value, bool cr, bool three_byte) {
                 ctlv::Tlv t;
                 t.tag = int_arg<std::uint16_t>(tag, "tag", 1, 0x7FFF);
                 t.value = std::move(value);
                 t.cr = cr;
                 t.three_byte = three_byte;
                 return t;
             }),
             "tag"_a, "value"_a = Bytes{}, "cr"_a = false, "three_byte"_a = false)
        .def_property(
            "tag", [](const ctlv::Tlv& t) { return t.tag; },
            [](ctlv::Tlv& t, long long tag) { t.tag = int_arg<std::uint16_t>(tag, "tag", 1, 0x7FFF); })
        .def_readwrite("cr", &ctlv::Tlv::cr)
        .def_property(
            "value", [](const ctlv::Tlv& t) { return t.value; },
            [](ctlv::Tlv& t, Bytes v) { t.value = std::move(v); })
        .def_readwrite("three_byte", &ctlv::Tlv::three_byte)
        .def("encode", [](const ctlv::Tlv& t) { return ctlv::encode(t); })
        .def("__bytes__", [](const ctlv::Tlv& t) { return ctlv::encode(t); })
        .def(
            "__eq__", [](const ctlv::Tlv& a, const ctlv::Tlv& b) { return a == b; }, py::is_operator())
        .def("__repr__", [](const ctlv::Tlv& t) { return repr(t); })
        .attr("__hash__") = py::none();

    m.def("ctlv_parse", &ctlv::parse_all, "data"_a,
          "Parses COMPREHENSION-TLV objects covering all of `data`.");
    m.def(
        "ctlv_encode", [](const ctlv::Tlv& tlv) { return ctlv::encode(tlv); }, "tlv"_a);
    m.def("ctlv_encode", &ctlv::encode_all, "tlvs"_a);
    m.def(
        "ctlv_encode",
        [](long long tag, Bytes value, bool cr) {
            return ctlv::encode(
                ctlv::Tlv{int_arg<std::uint16_t>(tag, "tag", 1, 0x7FFF), cr, std::move(value), false});
        },
        "tag"_a, "value"_a, "cr"_a = false);
    m.def(
        "ctlv_find",
        [](const std::vector<ctlv::Tlv>& tlvs, long long tag) -> std::optional<ctlv::Tlv> {
            const ctlv::Tlv* found = ctlv::find(tlvs, int_arg<std::uint16_t>(tag, "tag"));
            return found ? std::optional<ctlv::Tlv>(*found) : std::nullopt;
        },
        "tlvs"_a, "tag"_a, "First object with `tag` (CR bit ignored), or None.");
}

void bind_helpers(py::module_& m) {
    m.def("to_hex", &to_hex, "data"_a, "Upper-case hex without separators.");
    m.def("from_hex", &from_hex, "text"_a,
          "Parses hex (whitespace and ':' allowed between pairs); raises CodecError.");

    m.def(
        "cla_with_channel",
        [](long long cla, unsigned channel) {
            return apdu::cla_with_channel(int_arg<std::uint8_t>(cla, "cla"), channel);
        },
        "cla"_a, "channel"_a, "Re-encodes `cla` for logical channel 0..19 (ISO 7816-4 §5.4.1).");
    m.def(
        "channel_of_cla",
        [](long long cla) { return apdu::channel_of_cla(int_arg<std::uint8_t>(cla, "cla")); }, "cla"_a);

    m.def("eid_is_valid", &apdu::eid_is_valid, "eid"_a, "32 decimal digits with value mod 97 == 1 (SGP.29).");
    m.def("eid_with_check_digits", &apdu::eid_with_check_digits, "eid"_a,
          "Completes a 30-digit prefix (or fixes 32 digits) with the check digits.");
    m.def("eid_to_bytes", &apdu::eid_to_bytes, "eid"_a,
          "16 bytes, two digits per byte (GET DATA 5A on the ECASD).");
    m.def("eid_from_bytes", &apdu::eid_from_bytes, "data"_a);
}

} // namespace

void bind_apdu(py::module_& m) {
    bind_command_apdu(m);
    bind_response_apdu(m);
    bind_status_words(m);
    bind_ber(m);
    bind_ctlv(m);
    bind_helpers(m);
}

} // namespace euicc::python
