// SPDX-License-Identifier: Apache-2.0
// Bindings of the SGP.02 platform operations on the host (spec/sgp02.md): SecurityDomainSession (SCP03), IsdR
// (ES5), IsdP (ES8 over SCP03t), their requests and typed results, SM-SR change, the typed refusals and the
// SCP03 key files.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/host/isd_p.hpp>
#include <euicc/host/isd_r.hpp>
#include <euicc/host/scp03_key_file.hpp>
#include <euicc/host/security_domain_session.hpp>
#include <euicc/host/sgp02_errors.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "sgp02_binding.hpp"
#include "struct_binding.hpp"

namespace euicc::python {

namespace {

using host::IsdP;
using host::IsdR;
using host::SecurityDomainSession;
using release_gil = py::call_guard<py::gil_scoped_release>;

// -----------------------------------------------------------------------------------------------------------
// Errors: registered after bind_errors, so this translator runs first (pybind11 tries the latest first) and
// anything else falls through to the euicc.Error mapping.

struct Sgp02ErrorTypes {
    PyObject* policy = nullptr;
    PyObject* not_enough_memory = nullptr;
    PyObject* installation = nullptr;
};
Sgp02ErrorTypes g_types; // owned for the interpreter's life, never released (as in bind_errors.cpp)

PyObject* new_type(py::module_& m, const char* name, const char* base, const char* doc) {
    const std::string qualified = std::string("euicc.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, m.attr(base).ptr(), nullptr);
    if (type == nullptr) {
        throw py::error_already_set();
    }
    m.add_object(name, py::reinterpret_borrow<py::object>(type));
    return type;
}

void raise(PyObject* type, const char* message,
           std::initializer_list<std::pair<const char*, py::object>> attrs) {
    py::object instance = py::reinterpret_borrow<py::object>(type)(py::str(message));
    for (const auto& [name, value] : attrs) {
        instance.attr(name) = value;
    }
    PyErr_SetObject(type, instance.ptr());
}

void translate(std::exception_ptr p) {
    if (!p) {
        return;
    }
    try {
        std::rethrow_exception(p);
    } catch (const host::PolicyError& e) {
        raise(g_types.policy, e.what(),
              {{"command", py::str(e.command())},
               {"sw", py::int_(e.sw().value())},
               {"rule", py::cast(e.rule())}});
    } catch (const host::NotEnoughMemoryError& e) {
        raise(g_types.not_enough_memory, e.what(),
              {{"command", py::str(e.command())}, {"sw", py::int_(e.sw().value())}});
    } catch (const host::ProfileInstallationError& e) {
        raise(g_types.installation, e.what(),
              {{"iccid", py::str(e.iccid())}, {"response", py::cast(e.response())}});
    }
}

void bind_sgp02_errors(py::module_& m) {
    py::enum_<host::PolicyRule>(m, "PolicyRule", "Which eUICC rule refused a profile operation.")
        .value("Pol1", host::PolicyRule::Pol1, "69E1: the profile's POL1 forbids it")
        .value("ProfileState", host::PolicyRule::ProfileState,
               "6985 on a profile operation: the SGP.02 platform rules forbid it in the profile's present "
               "state");
    g_types.policy =
        new_type(m, "PolicyError", "StatusWordError",
                 "The eUICC refused a profile operation by one of its rules. Attributes: command, sw, "
                 "rule (PolicyRule).");
    g_types.not_enough_memory = new_type(m, "NotEnoughMemoryError", "StatusWordError",
                                         "6A84: not enough memory for an ISD-P quota, a keyset or a profile. "
                                         "Attributes: command, sw.");
    g_types.installation =
        new_type(m, "ProfileInstallationError", "Error",
                 "The ISD-P aborted the profile installation (EUICCResponse). Attributes: iccid, "
                 "response (saip.EuiccResponse naming the failing PE).");
    py::register_exception_translator(&translate);
}

// -----------------------------------------------------------------------------------------------------------
// Sessions

/// Host challenges come from OpenSSL unless the caller passes an Rng; RAND_bytes is thread-safe, so one will
/// do.
Rng& default_rng() {
    static OpenSslRng rng;
    return rng;
}

Rng& rng_or_default(Rng* rng) {
    return rng != nullptr ? *rng : default_rng();
}

host::SecurityDomainOptions session_options(scp03::SecurityLevel level, unsigned logical_channel,
                                            bool counter_only_with_data, std::string name) {
    host::SecurityDomainOptions options;
    options.level = level;
    options.logical_channel = logical_channel;
    options.counter_only_with_data = counter_only_with_data;
    options.name = std::move(name);
    return options;
}

py::list kvn_list(const std::vector<std::uint8_t>& kvns) {
    py::list out;
    for (const std::uint8_t kvn : kvns) {
        out.append(kvn);
    }
    return out;
}

void bind_rng(py::module_& m) {
    py::class_<Rng>(m, "Rng",
                    "A source of random bytes (SCP03 host challenges). Use OpenSslRng or FixedRng.");
    py::class_<OpenSslRng, Rng>(m, "OpenSslRng",
                                "Cryptographically strong (OpenSSL RAND_bytes); the default.")
        .def(py::init<>());
    py::class_<FixedRng, Rng>(
        m, "FixedRng",
        "A deterministic stream from a 64-bit seed (SplitMix64): reproducible transcripts in "
        "tests only, never for a card that protects anything.")
        .def(py::init<std::uint64_t>(), "seed"_a);
}

constexpr const char* session_kwargs_doc =
    "rng: host challenges (default OpenSslRng); level: scp03.SecurityLevel (default CMacCDecRMacREnc, 33); "
    "logical_channel: an already open channel (default 0); counter_only_with_data: a card quirk (default "
    "off); name: in error texts (default from the AID).";

void bind_session(py::module_& m) {
    py::class_<SecurityDomainSession>(m, "SecurityDomainSession",
                                      "One SCP03 session with one security domain (GP Amd D §7.1): SELECT, "
                                      "INITIALIZE UPDATE, card cryptogram check, EXTERNAL AUTHENTICATE; "
                                      "then every command is wrapped and every answer unwrapped. Keeps the "
                                      "channel (and rng) alive; use from one thread at a time. Raises "
                                      "StatusWordError naming the step, SecurityError when the card does "
                                      "not hold these keys; no error text holds a key.")
        .def(py::init([](transport::CardChannel& channel, ByteView aid, const scp03::StaticKeys& keys,
                         Rng* rng, scp03::SecurityLevel level, unsigned logical_channel,
                         bool counter_only_with_data, std::string name) {
                 auto options =
                     session_options(level, logical_channel, counter_only_with_data, std::move(name));
                 py::gil_scoped_release release;
                 return std::make_unique<SecurityDomainSession>(channel, aid, keys, rng_or_default(rng),
                                                                std::move(options));
             }),
             "channel"_a, "aid"_a, "keys"_a, py::kw_only(), "rng"_a = py::none(),
             "level"_a = scp03::SecurityLevel::CMacCDecRMacREnc, "logical_channel"_a = 0u,
             "counter_only_with_data"_a = false, "name"_a = std::string(), py::keep_alive<1, 2>(),
             py::keep_alive<1, 5>(), session_kwargs_doc)
        .def(
            "transmit",
            [](SecurityDomainSession& s, ByteView raw) { return s.transmit(apdu::CommandApdu::parse(raw)); },
            "command"_a, release_gil(),
            "Wraps a plain C-APDU (bytes), sends it, returns the unwrapped answer (any SW).")
        .def("transmit", &SecurityDomainSession::transmit, "command"_a, release_gil(),
             "The same for a CommandApdu.")
        .def(
            "expect",
            [](SecurityDomainSession& s, const apdu::CommandApdu& command, const std::string& name) {
                return s.expect(command, name);
            },
            "command"_a, "name"_a, release_gil(),
            "transmit(), then 9000 or the typed error (StatusWordError, PolicyError, NotEnoughMemoryError) "
            "naming `name`.")
        .def("reopen", &SecurityDomainSession::reopen, "keys"_a, release_gil(),
             "A new session on the same security domain and channel with `keys` (e.g. after new keys were "
             "put).")
        .def_property_readonly("aid", &SecurityDomainSession::aid)
        .def_property_readonly("name", &SecurityDomainSession::name)
        .def_property_readonly("logical_channel", &SecurityDomainSession::logical_channel)
        .def_property_readonly("level", &SecurityDomainSession::level)
        .def_property_readonly("key_version", &SecurityDomainSession::key_version,
                               "The KVN the card authenticated with.");
}

// -----------------------------------------------------------------------------------------------------------
// ES5 requests and results

void bind_isd_r_values(py::module_& m) {
    Struct<host::CreateIsdpRequest>(m, "CreateIsdpRequest", "ES5.CreateISDP parameters.")
        .field("isdp_aid", &host::CreateIsdpRequest::isdp_aid,
               "None: the lowest free ISD-P number (audit first)")
        .field("first_isdp_number", &host::CreateIsdpRequest::first_isdp_number)
        .field("iccid", &host::CreateIsdpRequest::iccid, "not sent; handed back in the result")
        .field("non_volatile_quota", &host::CreateIsdpRequest::non_volatile_quota, "bytes, or None")
        .field("volatile_quota", &host::CreateIsdpRequest::volatile_quota, "bytes, or None")
        .done();
    Struct<host::CreatedIsdp>(m, "CreatedIsdp", "A new ISD-P (state Created).")
        .readonly("isdp_aid", &host::CreatedIsdp::isdp_aid)
        .readonly("iccid", &host::CreatedIsdp::iccid)
        .readonly("non_volatile_quota", &host::CreatedIsdp::non_volatile_quota)
        .done(false);
    Struct<host::IsdpKeyset>(m, "IsdpKeyset", "The SCP03 keyset an ISD-P now holds (lab key establishment).")
        .readonly("isdp_aid", &host::IsdpKeyset::isdp_aid)
        .readonly("key_version", &host::IsdpKeyset::key_version)
        .readonly_property("check_values",
                           [](const host::IsdpKeyset& k) { return key_check_values(k.check_values); })
        .done(false);
    Struct<host::ProfileSwitch>(m, "ProfileSwitch", "An accepted EnableProfile / DisableProfile.")
        .readonly("isdp_aid", &host::ProfileSwitch::isdp_aid)
        .readonly("sw", &host::ProfileSwitch::sw, "9000, or 91xx: a proactive command waits")
        .done(false)
        .def_property_readonly("proactive_command_pending", &host::ProfileSwitch::proactive_command_pending);
    Struct<host::DeletedProfile>(m, "DeletedProfile", "An ISD-P deleted with its profile.")
        .readonly("isdp_aid", &host::DeletedProfile::isdp_aid)
        .readonly("confirmation", &host::DeletedProfile::confirmation)
        .done(false);
    Struct<host::FallbackSet>(m, "FallbackSet", "The ISD-P that now holds the fall-back attribute.")
        .readonly("isdp_aid", &host::FallbackSet::isdp_aid)
        .done(false);
    Struct<host::SmsrAddressingUpdate>(m, "SmsrAddressingUpdate", "The SM-SR address the ISD-R now uses.")
        .readonly("sms_address_digits", &host::SmsrAddressingUpdate::sms_address_digits)
        .readonly("ton_npi", &host::SmsrAddressingUpdate::ton_npi)
        .done(false);
    Struct<host::ProfileRecord>(m, "ProfileRecord", "One ISD-P as an audit sees it.")
        .readonly("isdp_aid", &host::ProfileRecord::isdp_aid)
        .readonly("iccid", &host::ProfileRecord::iccid)
        .readonly("life_cycle", &host::ProfileRecord::life_cycle)
        .readonly("state", &host::ProfileRecord::state, "sgp02.ProfileState, None outside SGP.02 Table 1")
        .readonly("fallback", &host::ProfileRecord::fallback)
        .readonly("granted_memory", &host::ProfileRecord::granted_memory)
        .readonly("remaining_memory", &host::ProfileRecord::remaining_memory)
        .done(false);
    Struct<host::Audit>(m, "Audit", "ES5 audit: every ISD-P, and the card resources (GET DATA FF21) or None.")
        .readonly("profiles", &host::Audit::profiles)
        .readonly("resources", &host::Audit::resources)
        .done(false)
        .def(
            "find",
            [](const host::Audit& a, ByteView aid) -> std::optional<host::ProfileRecord> {
                const host::ProfileRecord* record = a.find(aid);
                return record ? std::optional(*record) : std::nullopt;
            },
            "isdp_aid"_a, "The record of an ISD-P, or None.")
        .def(
            "enabled",
            [](const host::Audit& a) -> std::optional<host::ProfileRecord> {
                const host::ProfileRecord* record = a.enabled();
                return record ? std::optional(*record) : std::nullopt;
            },
            "The enabled profile's record, or None.");
    Struct<host::NotificationConfirmation>(m, "NotificationConfirmation",
                                           "HandleNotificationConfirmation's answer.")
        .readonly("sequence", &host::NotificationConfirmation::sequence)
        .readonly("deleted_isdps", &host::NotificationConfirmation::deleted_isdps,
                  "ISD-Ps deleted as a consequence")
        .done(false);
}

// -----------------------------------------------------------------------------------------------------------
// PMC install / SM-SR change

std::string repr(const host::Scp80Keyset& k) {
    const auto size = [](const SecretBytes& s) { return "<" + std::to_string(s.size()) + "-byte secret>"; };
    return "Scp80Keyset(kvn=" + std::to_string(k.kvn) + ", kic=" + size(k.kic) + ", kid=" + size(k.kid) +
           (k.kik.empty() ? std::string() : ", kik=" + size(k.kik)) + ")";
}

void bind_smsr_change_values(py::module_& m) {
    using host::Scp80Keyset;
    py::class_<Scp80Keyset>(
        m, "Scp80Keyset",
        "An SCP80 keyset of the ISD-R (KVN 01..0F): KIc, KID, optionally KIK. Keys are never "
        "readable back, printed or pickled.")
        .def(py::init([](long long kvn, ByteView kic, ByteView kid, ByteView kik) {
                 return Scp80Keyset{int_arg<std::uint8_t>(kvn, "kvn", 1, 15), SecretBytes(kic),
                                    SecretBytes(kid), SecretBytes(kik)};
             }),
             "kvn"_a, "kic"_a, "kid"_a, "kik"_a = py::bytes())
        .def_property_readonly("kvn", [](const Scp80Keyset& k) { return k.kvn; })
        .def("__copy__", [](const Scp80Keyset& k) { return Scp80Keyset(k); })
        .def(
            "__deepcopy__", [](const Scp80Keyset& k, const py::handle&) { return Scp80Keyset(k); }, "memo"_a)
        .def("__reduce__",
             [](const Scp80Keyset&) -> py::object {
                 throw py::type_error("a Scp80Keyset holds secrets and is not pickled");
             })
        .def("__repr__", [](const Scp80Keyset& k) { return repr(k); });

    Struct<host::SmsrKeysets>(m, "SmsrKeysets",
                              "The PMC of an SM-SR: an SCP03 keyset (30..3F) and/or an SCP80 one.")
        .field("scp03", &host::SmsrKeysets::scp03, "scp03.StaticKeys or None")
        .field("scp80", &host::SmsrKeysets::scp80, "Scp80Keyset or None")
        .done();
    py::enum_<host::KeyRemoval>(m, "KeyRemoval", "How the old SM-SR's keysets are removed.")
        .value("FinaliseHandover", host::KeyRemoval::FinaliseHandover,
               "one DELETE F2 ... (FinaliseISDRhandover)")
        .value("DeleteKey", host::KeyRemoval::DeleteKey, "one DELETE D2 per keyset (plain GP)");
    Struct<host::SmsrChangeRequest>(m, "SmsrChangeRequest", "An SM-SR change on the direct path.")
        .field("new_keys", &host::SmsrChangeRequest::new_keys, "SmsrKeysets with an SCP03 keyset")
        .field("old_keysets", &host::SmsrChangeRequest::old_keysets,
               "list of sgp02.KeysetRange, or None: every SM-SR keyset except the new KVNs")
        .field("removal", &host::SmsrChangeRequest::removal)
        .done();
    Struct<host::PmcInstallation>(m, "PmcInstallation", "What PUT KEY installed.")
        .readonly_property("installed_kvns",
                           [](const host::PmcInstallation& p) { return kvn_list(p.installed_kvns); })
        .readonly("answers", &host::PmcInstallation::answers, "gp.PutKeyResponse per keyset")
        .done(false);
    Struct<host::SmsrChange>(m, "SmsrChange",
                             "An SM-SR change done: KVNs installed and removed, keys afterwards.")
        .readonly_property("installed_kvns",
                           [](const host::SmsrChange& c) { return kvn_list(c.installed_kvns); })
        .readonly_property("deleted_kvns", [](const host::SmsrChange& c) { return kvn_list(c.deleted_kvns); })
        .readonly("keys_after", &host::SmsrChange::keys_after, "gp.KeyInformation, read with the new keys")
        .done(false)
        .def(
            "kvns", [](const host::SmsrChange& c) { return kvn_list(c.kvns()); },
            "The distinct KVNs the ISD-R now holds, ascending.");
}

// -----------------------------------------------------------------------------------------------------------
// IsdR, IsdP

void bind_isd_r(py::module_& m) {
    py::class_<IsdR>(
        m, "IsdR",
        "SGP.02 ES5 on the ISD-R over an SCP03 session (the SM-SR's direct path). Keeps the channel "
        "(and rng) alive; use from one thread at a time. Refusals raise PolicyError, "
        "NotEnoughMemoryError or StatusWordError naming the SGP.02 function.")
        .def(py::init([](transport::CardChannel& channel, const scp03::StaticKeys& keys, Rng* rng,
                         scp03::SecurityLevel level, unsigned logical_channel, bool counter_only_with_data,
                         std::string name) {
                 auto options =
                     session_options(level, logical_channel, counter_only_with_data, std::move(name));
                 py::gil_scoped_release release;
                 return std::make_unique<IsdR>(channel, keys, rng_or_default(rng), std::move(options));
             }),
             "channel"_a, "keys"_a, py::kw_only(), "rng"_a = py::none(),
             "level"_a = scp03::SecurityLevel::CMacCDecRMacREnc, "logical_channel"_a = 0u,
             "counter_only_with_data"_a = false, "name"_a = std::string(), py::keep_alive<1, 2>(),
             py::keep_alive<1, 4>(), session_kwargs_doc)
        .def(
            "create_isdp",
            [](IsdR& r, std::optional<host::CreateIsdpRequest> request) {
                return r.create_isdp(request.value_or(host::CreateIsdpRequest{}));
            },
            "request"_a = py::none(), release_gil(), "ES5.CreateISDP (CreateIsdpRequest) -> CreatedIsdp.")
        .def(
            "establish_isdp_keys", &IsdR::establish_isdp_keys, "isdp_aid"_a, "isdp_keys"_a, release_gil(),
            "Lab path: INSTALL [for personalization] + PUT KEY of `isdp_keys` (scp03.StaticKeys with a DEK).")
        .def("enable_profile", &IsdR::enable_profile, "isdp_aid"_a, release_gil(), "ES5.EnableProfile.")
        .def("disable_profile", &IsdR::disable_profile, "isdp_aid"_a, release_gil(), "ES5.DisableProfile.")
        .def("delete_profile", &IsdR::delete_profile, "isdp_aid"_a, release_gil(), "ES5.DeleteProfile.")
        .def("set_fallback", &IsdR::set_fallback, "isdp_aid"_a, release_gil(), "ES5.SetFallBackAttribute.")
        .def(
            "update_smsr_addressing_parameters",
            [](IsdR& r, const std::string& digits, long long ton_npi) {
                const auto value = int_arg<std::uint8_t>(ton_npi, "ton_npi");
                py::gil_scoped_release release;
                return r.update_smsr_addressing_parameters(digits, value);
            },
            "sms_address_digits"_a, "ton_npi"_a = 0x85, "ES5.UpdateSMSRAddressingParameters.")
        .def("audit", &IsdR::audit, release_gil(),
             "ES5 eUICCCapabilityAudit: every ISD-P and the card resources.")
        .def("fetch_notification", &IsdR::fetch_notification, release_gil(),
             "The next pending notification (GET DATA E1, a project convention), or None.")
        .def_static("receive_notification", &IsdR::receive_notification, "e1"_a,
                    "Parses an E1 notification that arrived another way (SMS, HTTP).")
        .def(
            "confirm_notification",
            [](IsdR& r, long long sequence) {
                const auto value = int_arg<std::uint16_t>(sequence, "sequence");
                py::gil_scoped_release release;
                return r.confirm_notification(value);
            },
            "sequence"_a, "ES5.HandleNotificationConfirmation.")
        .def("key_information", &IsdR::key_information, release_gil(), "GET DATA E0: the ISD-R's keys.")
        .def(
            "install_pmc",
            [](IsdR& r, const host::SmsrKeysets& keys, const std::vector<long long>& replace_existing) {
                std::vector<std::uint8_t> kvns;
                for (const long long kvn : replace_existing) {
                    kvns.push_back(int_arg<std::uint8_t>(kvn, "replace_existing"));
                }
                py::gil_scoped_release release;
                return r.install_pmc(keys, kvns);
            },
            "keys"_a, "replace_existing"_a = std::vector<long long>{},
            "PMC install: PUT KEY of each new keyset (replacing the KVNs listed in replace_existing).")
        .def("change_smsr", &IsdR::change_smsr, "request"_a, release_gil(),
             "SM-SR change: new keys put and proven, the old SM-SR's keysets removed; afterwards this object "
             "works with the new keys and the old ones are refused.")
        .def_property_readonly(
            "session", [](IsdR& r) -> SecurityDomainSession& { return r.session(); },
            py::return_value_policy::reference_internal, "The SCP03 session (valid while this IsdR lives).");
}

void bind_isd_p(py::module_& m) {
    Struct<host::DownloadOptions>(m, "DownloadOptions", "How a profile package travels to the ISD-P.")
        .field("segments", &host::DownloadOptions::segments, "saip.SegmentOptions")
        .field("max_block", &host::DownloadOptions::max_block,
               "0: each TLV in one (extended) STORE DATA; 1..255: short APDUs only")
        .field("key_id", &host::DownloadOptions::key_id, "key identifier in the 84 TLV")
        .done();
    Struct<host::ProfileInstallation>(m, "ProfileInstallation", "What a download produced.")
        .readonly("isdp_aid", &host::ProfileInstallation::isdp_aid)
        .readonly("iccid", &host::ProfileInstallation::iccid)
        .readonly("profile_type", &host::ProfileInstallation::profile_type)
        .readonly("package_size", &host::ProfileInstallation::package_size)
        .readonly("segments", &host::ProfileInstallation::segments, "86 TLVs sent")
        .readonly("commands", &host::ProfileInstallation::commands, "APDUs sent, SELECT included")
        .readonly("responses", &host::ProfileInstallation::responses, "saip.EuiccResponse, in order")
        .done(false)
        .def("ok", &host::ProfileInstallation::ok, "No response reported a PE status other than ok.");

    py::class_<IsdP>(
        m, "IsdP",
        "One ISD-P reached directly, as the SM-DP does over ES8 (SELECT, then SCP03t TLVs in STORE "
        "DATA). Keeps the channel (and rng) alive; use from one thread at a time.")
        .def(py::init(
                 [](transport::CardChannel& channel, ByteView isdp_aid, Rng* rng, unsigned logical_channel) {
                     return std::make_unique<IsdP>(channel, isdp_aid, rng_or_default(rng), logical_channel);
                 }),
             "channel"_a, "isdp_aid"_a, py::kw_only(), "rng"_a = py::none(), "logical_channel"_a = 0u,
             py::keep_alive<1, 2>(), py::keep_alive<1, 4>())
        .def("download_and_install_profile", &IsdP::download_and_install_profile, "keys"_a, "package"_a,
             "options"_a = host::DownloadOptions{}, release_gil(),
             "ES8.DownloadAndInstallation over SCP03t with the ISD-P's keys; raises CodecError for a bad "
             "package (nothing sent), ProfileInstallationError when the ISD-P aborts, NotEnoughMemoryError, "
             "StatusWordError, SecurityError.")
        .def(
            "update_connectivity_parameters",
            [](IsdP& p, const scp03::StaticKeys& keys, const std::string& smsc_digits, long long ton_npi) {
                const auto value = int_arg<std::uint8_t>(ton_npi, "ton_npi");
                py::gil_scoped_release release;
                p.update_connectivity_parameters(keys, smsc_digits, value);
            },
            "keys"_a, "smsc_digits"_a, "ton_npi"_a = 0x91,
            "ES8.UpdateConnectivityParameters (SCP03 session).")
        .def_property_readonly("aid", &IsdP::aid);
}

void bind_key_files(py::module_& m) {
    m.def("lab_isd_r_keys", &host::lab_isd_r_keys,
          "The virtual eUICC's public lab TEST keyset of the ISD-R (SCP03 KVN 30): protects nothing.");
    m.def("parse_scp03_key_file", &host::parse_scp03_key_file, "json_text"_a, "source"_a = "SCP03 keys",
          "{\"kvn\": \"30\", \"enc\": ..., \"mac\": ..., \"dek\": ...} (or a platform file with one "
          "isd_r_scp03 keyset) -> scp03.StaticKeys; KeyFileError names the member at fault, never a value.");
    m.def("load_scp03_key_file", &host::load_scp03_key_file, "path"_a, release_gil(),
          "Reads and parses an SCP03 keyset file.");
}

} // namespace

void bind_sgp02(py::module_& m) {
    bind_sgp02_codecs(m);
    bind_sgp02_errors(m);
    bind_rng(m);
    bind_session(m);
    bind_isd_r_values(m);
    bind_smsr_change_values(m);
    bind_isd_r(m);
    bind_isd_p(m);
    bind_key_files(m);
}

} // namespace euicc::python
