// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::sms (submodule euicc.sms): 3GPP TS 23.040 TPDUs, addresses, UDH, concatenation (TS 31.115 §4).
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <euicc/apdu/sms_address.hpp>
#include <euicc/apdu/sms_concatenation.hpp>
#include <euicc/apdu/sms_fields.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/apdu/sms_udh.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using namespace euicc::sms;

void bind_address(py::module_& sms) {
    py::enum_<Ton>(sms, "Ton", "Type of number (TS 23.040 §9.1.2.5), bits 7..5 of the type-of-address octet.")
        .value("Unknown", Ton::Unknown)
        .value("International", Ton::International)
        .value("National", Ton::National)
        .value("NetworkSpecific", Ton::NetworkSpecific)
        .value("Subscriber", Ton::Subscriber)
        .value("Alphanumeric", Ton::Alphanumeric)
        .value("Abbreviated", Ton::Abbreviated)
        .value("Reserved", Ton::Reserved);
    py::enum_<Npi>(sms, "Npi", "Numbering plan identification, bits 4..1 of the type-of-address octet.")
        .value("Unknown", Npi::Unknown)
        .value("IsdnTelephone", Npi::IsdnTelephone)
        .value("Data", Npi::Data)
        .value("Telex", Npi::Telex)
        .value("ServiceCentreSpecific5", Npi::ServiceCentreSpecific5)
        .value("ServiceCentreSpecific6", Npi::ServiceCentreSpecific6)
        .value("National", Npi::National)
        .value("Private", Npi::Private)
        .value("Ermes", Npi::Ermes)
        .value("Reserved", Npi::Reserved);

    Struct<Address>(sms, "Address",
                    "An SMS address (TS 23.040 §9.1.2.5): digits '0'-'9', '*', '#', 'a'-'c', or GSM 7-bit text for "
                    "Ton.Alphanumeric.")
        .field("ton", &Address::ton)
        .field("npi", &Address::npi)
        .field("digits", &Address::digits)
        .done()
        .def_static("international", &Address::international, "digits"_a,
                    "International E.164 number without '+': type of address 91.")
        .def_static("alphanumeric", &Address::alphanumeric, "text"_a, "Alphanumeric sender name: TOA D0.")
        .def_property_readonly("type_of_address", &Address::type_of_address, "1 TON NPI (bit 8 always 1).")
        .def("encode_tp", &Address::encode_tp, "TP-OA/TP-DA form: length in semi-octets, TOA, value.")
        .def_static("decode_tp", &Address::decode_tp, "data"_a, "Exactly one TP address; raises CodecError.")
        .def("encode_rp", &Address::encode_rp, "RP-layer / CAT form: TOA and BCD value, no length.")
        .def_static("decode_rp", &Address::decode_rp, "data"_a);
}

void bind_udh(py::module_& sms) {
    Struct<InformationElement>(sms, "InformationElement", "One UDH information element: IEI and its data.")
        .hex_field("iei", &InformationElement::iei)
        .field("data", &InformationElement::data)
        .done();

    Struct<Concatenation>(sms, "Concatenation",
                          "Concatenation IE content (IEI 00, or 08 with sixteen_bit), values as transmitted.")
        .field("reference", &Concatenation::reference)
        .field("sixteen_bit", &Concatenation::sixteen_bit)
        .field("total", &Concatenation::total)
        .field("sequence", &Concatenation::sequence)
        .done()
        .def("to_element", &Concatenation::to_element);

    Struct<Udh>(sms, "Udh", "User data header (TS 23.040 §9.2.3.24): IEs in order; encode() adds the UDHL octet.")
        .field("elements", &Udh::elements)
        .done()
        .def(
            "find",
            [](const Udh& h, long long iei) -> std::optional<InformationElement> {
                const auto* e = h.find(int_arg<std::uint8_t>(iei, "iei"));
                return e ? std::optional<InformationElement>(*e) : std::nullopt;
            },
            "iei"_a, "The last IE with `iei` (a copy), or None.")
        .def(
            "has", [](const Udh& h, long long iei) { return h.has(int_arg<std::uint8_t>(iei, "iei")); }, "iei"_a)
        .def_property_readonly("command_packet", &Udh::command_packet, "IEI 70 present (TS 31.115 §4).")
        .def_property_readonly("response_packet", &Udh::response_packet, "IEI 71 present.")
        .def_property_readonly("concatenation", &Udh::concatenation)
        .def_property_readonly("concatenation_index", &Udh::concatenation_index)
        .def("data_offset", &Udh::data_offset, "index"_a)
        .def_property_readonly("encoded_size", &Udh::encoded_size)
        .def("encode", &Udh::encode)
        .def("__bytes__", &Udh::encode)
        .def_static(
            "decode", [](ByteView user_data) { return Udh::decode(user_data); }, "user_data"_a,
            "The header at the start of a TP-UD; raises CodecError.")
        .def_static(
            "split",
            [](ByteView user_data) {
                ByteView rest;
                Udh header = Udh::decode(user_data, &rest);
                return std::make_pair(std::move(header), Bytes(rest.begin(), rest.end()));
            },
            "user_data"_a, "(header, the bytes after it) of a TP-UD that starts with a header.");
}

void bind_fields(py::module_& sms) {
    py::enum_<Alphabet>(sms, "Alphabet", "Character set of the user data (TS 23.038 §4).")
        .value("Gsm7", Alphabet::Gsm7)
        .value("Data8", Alphabet::Data8)
        .value("Ucs2", Alphabet::Ucs2);

    Struct<DataCoding>(sms, "DataCoding", "What a TP-DCS octet says (TS 23.038 §4); build it with decode(dcs).")
        .field("alphabet", &DataCoding::alphabet)
        .field("compressed", &DataCoding::compressed)
        .field("message_class", &DataCoding::message_class)
        .done()
        .def_static(
            "decode", [](long long dcs) { return DataCoding::decode(int_arg<std::uint8_t>(dcs, "dcs")); }, "dcs"_a)
        .def_property_readonly("udl_in_septets", &DataCoding::udl_in_septets);

    Struct<Timestamp>(sms, "Timestamp",
                      "TP-SCTS / absolute TP-VP (TS 23.040 §9.2.3.11): two-digit year, offset in quarter hours.")
        .field("year", &Timestamp::year)
        .field("month", &Timestamp::month)
        .field("day", &Timestamp::day)
        .field("hour", &Timestamp::hour)
        .field("minute", &Timestamp::minute)
        .field("second", &Timestamp::second)
        .field("utc_offset_quarters", &Timestamp::utc_offset_quarters)
        .done()
        .def("encode", &Timestamp::encode)
        .def("__bytes__", &Timestamp::encode)
        .def_static(
            "decode", [](ByteView data) { return Timestamp::decode(data); }, "data"_a);

    Struct<RelativeValidity>(sms, "RelativeValidity", "TP-VP relative format (§9.2.3.12.1): one octet.")
        .field("value", &RelativeValidity::value)
        .done()
        .def_property_readonly("minutes", &RelativeValidity::minutes);

    Struct<EnhancedValidity>(sms, "EnhancedValidity", "TP-VP enhanced format (§9.2.3.12.3): 7 octets as sent.")
        .property(
            "octets",
            [](const EnhancedValidity& v) { return Bytes(v.octets.begin(), v.octets.end()); },
            [](EnhancedValidity& v, ByteView octets) {
                if (octets.size() != v.octets.size()) {
                    throw std::invalid_argument("octets must be 7 bytes");
                }
                std::copy(octets.begin(), octets.end(), v.octets.begin());
            })
        .done();
}

void bind_tpdus(py::module_& sms) {
    add_union(sms, "ValidityPeriod", {"RelativeValidity", "EnhancedValidity", "Timestamp"}, true);
    Struct<UserData>(sms, "UserData",
                     "TP-UD: optional header and body (octets, or one septet per byte for GSM 7-bit text).")
        .field("header", &UserData::header)
        .field("body", &UserData::body)
        .done()
        .def("text", &UserData::text, "dcs"_a, "The message as text for GSM 7-bit and UCS2 data.")
        .def_static("gsm7_text", &UserData::gsm7_text, "text"_a);

    Struct<Deliver>(sms, "Deliver", "SMS-DELIVER, SC -> MS (TS 23.040 §9.2.2.1).")
        .field("reply_path", &Deliver::reply_path)
        .field("status_report_indication", &Deliver::status_report_indication)
        .field("loop_prevention", &Deliver::loop_prevention)
        .field("more_messages_waiting", &Deliver::more_messages_waiting,
               "True = TP-MMS bit 0 (inverted on the wire): more messages are waiting.")
        .field("originator", &Deliver::originator)
        .hex_field("pid", &Deliver::pid)
        .hex_field("dcs", &Deliver::dcs)
        .field("service_centre_time", &Deliver::service_centre_time)
        .field("user_data", &Deliver::user_data)
        .done()
        .def("encode", &Deliver::encode)
        .def("__bytes__", &Deliver::encode)
        .def_static(
            "decode", [](ByteView tpdu) { return Deliver::decode(tpdu); }, "tpdu"_a,
            "Strict decoding; raises CodecError('SMS-DELIVER', offset).");

    Struct<Submit>(sms, "Submit", "SMS-SUBMIT, MS -> SC (TS 23.040 §9.2.2.2); validity None = no TP-VP.")
        .field("reply_path", &Submit::reply_path)
        .field("status_report_request", &Submit::status_report_request)
        .field("reject_duplicates", &Submit::reject_duplicates)
        .field("message_reference", &Submit::message_reference)
        .field("destination", &Submit::destination)
        .hex_field("pid", &Submit::pid)
        .hex_field("dcs", &Submit::dcs)
        .field("validity", &Submit::validity, "None, RelativeValidity, EnhancedValidity or Timestamp (absolute).")
        .field("user_data", &Submit::user_data)
        .done()
        .def("encode", &Submit::encode)
        .def("__bytes__", &Submit::encode)
        .def_static(
            "decode", [](ByteView tpdu) { return Submit::decode(tpdu); }, "tpdu"_a);

    Struct<DeliverReport> report(sms, "DeliverReport",
                                 "SMS-DELIVER-REPORT (TS 23.040 §9.2.2.1a): failure_cause set = the RP-ERROR form.");
    py::enum_<DeliverReport::Kind>(report.cls(), "Kind", "RP-ACK or RP-ERROR: decoding needs to know which.")
        .value("Ack", DeliverReport::Kind::Ack)
        .value("Error", DeliverReport::Kind::Error);
    report.hex_field("failure_cause", &DeliverReport::failure_cause)
        .hex_field("pid", &DeliverReport::pid)
        .hex_field("dcs", &DeliverReport::dcs)
        .field("user_data", &DeliverReport::user_data)
        .done()
        .def_property_readonly("kind", &DeliverReport::kind)
        .def("encode", &DeliverReport::encode)
        .def("__bytes__", &DeliverReport::encode)
        .def_static(
            "decode", [](ByteView tpdu, DeliverReport::Kind kind) { return DeliverReport::decode(tpdu, kind); },
            "tpdu"_a, "kind"_a);

    sms.def("make_sms_pp_deliver", &make_sms_pp_deliver, "originator"_a, "service_centre_time"_a, "user_data"_a,
            "An SMS-DELIVER for (U)SIM data download: PID 7F, DCS F6 (TS 31.115 §4, TS 31.111 §7.1.1).");
    sms.attr("max_user_data_octets") = max_user_data_octets;
    sms.attr("max_user_data_septets") = max_user_data_septets;
}

void bind_concatenation(py::module_& sms) {
    Struct<ConcatenationReference>(sms, "ConcatenationReference",
                                   "Concatenation reference and its IE (sixteen_bit: IEI 08, else 00).")
        .field("value", &ConcatenationReference::value)
        .field("sixteen_bit", &ConcatenationReference::sixteen_bit)
        .done()
        .def_static(
            "eight_bit",
            [](long long v) { return ConcatenationReference::eight_bit(int_arg<std::uint8_t>(v, "value")); },
            "value"_a)
        .def_static(
            "wide", [](long long v) { return ConcatenationReference::wide(int_arg<std::uint16_t>(v, "value")); },
            "value"_a);
    sms.attr("max_single_packet") = max_single_packet;

    sms.def(
        "split_packet",
        [](ByteView packet, long long packet_iei, const ConcatenationReference& reference) {
            return split_packet(packet, int_arg<std::uint8_t>(packet_iei, "packet_iei"), reference);
        },
        "packet"_a, "packet_iei"_a, "reference"_a = ConcatenationReference{},
        "TP-UD values for a secured packet (TS 31.115 §4): one `02 <iei> 00 <packet>` up to 137 octets, "
        "else concatenated parts.");
    sms.def("split_command_packet", &split_command_packet, "packet"_a, "reference"_a = ConcatenationReference{},
            "split_packet with the Command Packet Identifier 70.");
    sms.def("split_response_packet", &split_response_packet, "packet"_a, "reference"_a = ConcatenationReference{},
            "split_packet with the Response Packet Identifier 71.");

    Struct<ConcatenationKey>(sms, "ConcatenationKey", "One concatenated message: originator, reference, total.")
        .field("originator", &ConcatenationKey::originator)
        .field("reference", &ConcatenationKey::reference)
        .field("sixteen_bit", &ConcatenationKey::sixteen_bit)
        .field("total", &ConcatenationKey::total)
        .done();

    Struct<ReassembledMessage>(sms, "ReassembledMessage", "A complete message: UDHs stripped, bodies joined.")
        .field("body", &ReassembledMessage::body)
        .field("command_packet", &ReassembledMessage::command_packet)
        .field("response_packet", &ReassembledMessage::response_packet)
        .field("parts", &ReassembledMessage::parts)
        .done();

    py::class_<Reassembler>(sms, "Reassembler",
                            "Collects the parts of concatenated messages (TS 23.040 §9.2.3.24.1); a message is "
                            "returned only when every part is present. No clock: call expire() for stale keys.")
        .def(py::init([](long long max_pending) {
                 return Reassembler(int_arg<std::size_t>(max_pending, "max_pending", 1));
             }),
             "max_pending"_a = 64)
        .def(
            "add", [](Reassembler& r, const Deliver& sms_deliver) { return r.add(sms_deliver); }, "sms"_a,
            "Adds an SMS-DELIVER keyed by its TP-OA; the message once complete, else None.")
        .def(
            "add",
            [](Reassembler& r, const Address& originator, long long dcs, const UserData& user_data) {
                return r.add(originator, int_arg<std::uint8_t>(dcs, "dcs"), user_data);
            },
            "originator"_a, "dcs"_a, "user_data"_a, "Adds a part that came by another route.")
        .def("pending", &Reassembler::pending)
        .def(
            "missing_parts",
            [](const Reassembler& r, const ConcatenationKey& key) {
                const auto missing = r.missing_parts(key);
                return std::vector<int>(missing.begin(), missing.end()); // sequence numbers, not bytes
            },
            "key"_a, "Sequence numbers still missing, ascending.")
        .def("describe_missing", &Reassembler::describe_missing, "key"_a)
        .def("expire", &Reassembler::expire, "keys"_a)
        .def("clear", &Reassembler::clear);
}

} // namespace

void bind_sms(py::module_& m) {
    py::module_ sms = m.def_submodule(
        "sms", "3GPP TS 23.040 SMS TPDUs for OTA: SMS-DELIVER/SUBMIT/DELIVER-REPORT, addresses, user data header, "
               "concatenation of secured packets (TS 31.115 §4).");
    bind_address(sms);
    bind_udh(sms);
    bind_fields(sms);
    bind_tpdus(sms);
    bind_concatenation(sms);
}

} // namespace euicc::python
