// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::scp81 (submodule euicc.scp81): the SGP.02 §2.4.4.1 PSK identity, GP Amd B §3.4 agent id,
// targeted application, script status, the service request header and the HTTP messages (spec/scp81.md §4-§5).
#include <cstddef>
#include <string>

#include <euicc/apdu/scp81.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using namespace euicc::scp81;

void bind_constants(py::module_& scp81) {
    scp81.attr("protocol") = std::string(protocol);
    scp81.attr("content_type_command") = std::string(content_type_command);
    scp81.attr("content_type_response") = std::string(content_type_response);
    scp81.attr("protocol_header") = std::string(protocol_header);
    scp81.attr("from_header") = std::string(from_header);
    scp81.attr("script_status_header") = std::string(script_status_header);
    scp81.attr("resume_header") = std::string(resume_header);
    scp81.attr("next_uri_header") = std::string(next_uri_header);
    scp81.attr("targeted_application_header") = std::string(targeted_application_header);
    scp81.attr("service_request_header") = std::string(service_request_header);
}

void bind_identities(py::module_& scp81) {
    Struct<PskIdentity>(scp81, "PskIdentity",
                        "The SGP.02 §2.4.4.1 PSK identity (format 02): EID (16 bytes), ISD-R AID, KID and KVN of the "
                        "PSK.")
        .field("eid", &PskIdentity::eid)
        .field("isd_r_aid", &PskIdentity::isd_r_aid)
        .hex_field("key_id", &PskIdentity::key_id)
        .hex_field("key_version", &PskIdentity::key_version)
        .done()
        .def("encode", [](const PskIdentity& i) { return encode_psk_identity(i); },
             "The upper-case hex text sent in the TLS ClientKeyExchange.");
    scp81.def("encode_psk_identity", &encode_psk_identity, "identity"_a,
              "Upper-case hex of `80 01 02 | 81 10 EID | 4F L AID | 82 01 KID | 83 01 KVN`; ValueError for an EID "
              "that is not 16 bytes or an AID outside 5..16.");
    scp81.def("parse_psk_identity", &parse_psk_identity, "text"_a,
              "Parses the hex text (any case, TLVs in any order); CodecError('PSK identity', offset) naming the "
              "fault.");

    Struct<AgentId>(scp81, "AgentId", "X-Admin-From of an SGP.02 ISD-R: EID and ISD-R AID.")
        .field("eid", &AgentId::eid)
        .field("isd_r_aid", &AgentId::isd_r_aid)
        .done();
    scp81.def("format_agent_id", &format_agent_id, "eid"_a, "isd_r_aid"_a,
              "'//se-id/eid/<EID>;//aa-id/aid/<RID>/<PIX>' (upper-case hex); ValueError for bad lengths.");
    scp81.def("parse_agent_id", &parse_agent_id, "text"_a,
              "Inverse of format_agent_id; CodecError('agent id', character offset).");
    scp81.def("format_targeted_application", &format_targeted_application, "aid"_a,
              "'//aid/<RID>/<PIX>' (X-Admin-Targeted-Application); ValueError for an AID outside 5..16 bytes.");
    scp81.def("parse_targeted_application", &parse_targeted_application, "text"_a,
              "Inverse of format_targeted_application; CodecError('targeted application', character offset).");
}

void bind_headers(py::module_& scp81) {
    py::enum_<ScriptStatus>(scp81, "ScriptStatus", "X-Admin-Script-Status (GP Amd B §3.4.1).")
        .value("Ok", ScriptStatus::Ok)
        .value("UnknownApplication", ScriptStatus::UnknownApplication)
        .value("NotASecurityDomain", ScriptStatus::NotASecurityDomain)
        .value("SecurityError", ScriptStatus::SecurityError);
    scp81.def(
        "to_string", [](ScriptStatus s) { return std::string(to_string(s)); }, "status"_a,
        "'ok', 'unknown-application', 'not-a-security-domain', 'security-error'.");
    scp81.def("parse_script_status", &parse_script_status, "text"_a,
              "Case-insensitive inverse of to_string; CodecError('X-Admin-Script-Status', 0) otherwise.");

    Struct<ServiceRequest>(scp81, "ServiceRequest",
                           "X-Admin-Service-Request (euicc-host extension, applet_spec/admin_agent.md §4): the "
                           "operation (trigger.OperationType) and mode (trigger.ManagementMode) of a session.")
        .field("operation", &ServiceRequest::operation)
        .field("mode", &ServiceRequest::mode)
        .done();
    scp81.def(
        "to_header_name", [](trigger::OperationType op) { return std::string(to_header_name(op)); }, "operation"_a,
        "'profile-download', 'profile-installation', 'profile-deletion', 'enabling', 'disabling', "
        "'status-change' or 'smsr-change'.");
    scp81.def(
        "to_header_name", [](trigger::ManagementMode mode) { return std::string(to_header_name(mode)); }, "mode"_a,
        "'push' or 'pull'.");
    scp81.def("format_service_request", &format_service_request, "request"_a,
              "'operation=profile-installation; mode=push'.");
    scp81.def("parse_service_request", &parse_service_request, "text"_a,
              "Both parameters exactly once, any case and spacing; CodecError('X-Admin-Service-Request', character "
              "offset) otherwise.");
}

/// RequestParser / ResponseParser: the same incremental contract, one binding.
template <class Parser>
void bind_parser(py::module_& scp81, const char* name, const char* doc) {
    py::class_<Parser>(scp81, name, doc)
        .def(py::init([](long long body_limit) { return Parser(int_arg<std::size_t>(body_limit, "body_limit")); }),
             "body_limit"_a = 65536)
        .def("feed", &Parser::feed, "data"_a,
             "Consumes bytes of the current message; returns how many it took (fewer once the message is complete: "
             "the rest belongs to the next one, 0 while done). Raises CodecError for a malformed message; the "
             "parser is spent afterwards (RuntimeError): answer 400 / drop the connection.")
        .def_property_readonly("done", &Parser::done, "A whole message has been parsed.")
        .def("take", &Parser::take, "The parsed message; resets for the next one (RuntimeError unless done).");
}

void bind_messages(py::module_& scp81) {
    Struct<AdminRequest>(scp81, "AdminRequest",
                         "One POST of the card's admin agent (GP Amd B §3.4.1): URI, Host, X-Admin-From, script "
                         "status (None on the first POST), X-Admin-Resume, the service request, the response script.")
        .field("uri", &AdminRequest::uri)
        .field("host", &AdminRequest::host)
        .field("agent_id", &AdminRequest::agent_id)
        .field("script_status", &AdminRequest::script_status)
        .field("resume", &AdminRequest::resume)
        .field("service_request", &AdminRequest::service_request)
        .field("body", &AdminRequest::body)
        .done();
    scp81.def("encode_request", &encode_request, "request"_a, "chunked"_a = false,
              "The complete HTTP/1.1 POST (Content-Length, or Transfer-Encoding: chunked); ValueError for an empty "
              "URI or values with control characters.");
    bind_parser<RequestParser>(scp81, "RequestParser",
                               "The server side: parses the card's POSTs on one keep-alive connection, input split "
                               "anywhere.");

    Struct<AdminResponse> response(scp81, "AdminResponse",
                                   "The server's answer to one POST (GP Amd B §3.4.2): a script (200 + "
                                   "X-Admin-Next-URI), the end (204), busy (503 + Retry-After) or a refusal (4xx/5xx).");
    py::enum_<AdminResponse::Kind>(response.cls(), "Kind")
        .value("Script", AdminResponse::Kind::Script)
        .value("End", AdminResponse::Kind::End)
        .value("Busy", AdminResponse::Kind::Busy)
        .value("BadRequest", AdminResponse::Kind::BadRequest);
    response.field("kind", &AdminResponse::kind)
        .field("status", &AdminResponse::status, "parsed status code; encode uses it for BadRequest only (0 = 400)")
        .field("next_uri", &AdminResponse::next_uri)
        .field("targeted_application", &AdminResponse::targeted_application, "AID, or None")
        .field("body", &AdminResponse::body)
        .field("retry_after", &AdminResponse::retry_after, "Busy: Retry-After (timedelta), or None")
        .done();
    scp81.def("encode_response", &encode_response, "response"_a, "chunked"_a = false,
              "The complete HTTP/1.1 response; ValueError for a script without next URI, a BadRequest status "
              "outside 400..599 or 503, or values with control characters.");
    bind_parser<ResponseParser>(scp81, "ResponseParser",
                                "The card side: parses the server's responses (100 Continue skipped).");
}

} // namespace

void bind_scp81(py::module_& m) {
    py::module_ scp81 = m.def_submodule(
        "scp81", "SCP81 admin session codecs (spec/scp81.md §4-§5): the SGP.02 PSK identity, GP Amd B agent id, "
                 "headers and HTTP messages of the admin protocol, and the euicc-host service request header.");
    bind_constants(scp81);
    bind_identities(scp81);
    bind_headers(scp81);
    bind_messages(scp81);
}

} // namespace euicc::python
