// SPDX-License-Identifier: Apache-2.0
// Bindings of the codecs under the SGP.02 operations: euicc.scp03 (GP Amd D static keys, security levels),
// euicc.saip (SAIP package header, generator, segments, EUICCResponse), euicc.gp (GPCS key information, card
// resources, PUT KEY answers) and euicc.sgp02 (profile states, notifications, ISD-P AIDs).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/saip.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "sgp02_binding.hpp"
#include "struct_binding.hpp"

namespace euicc::python {

namespace {

std::string hex_byte(std::uint8_t b) {
    return "0x" + to_hex(ByteView(&b, 1));
}

/// "StaticKeys(kvn=0x30, AES-128, dek=yes)": the length and whether a DEK is there, never a key byte.
std::string repr(const scp03::StaticKeys& k) {
    return "StaticKeys(kvn=" + hex_byte(k.kvn) + ", AES-" + std::to_string(k.enc.size() * 8) +
           ", dek=" + (k.dek.empty() ? "no" : "yes") + ")";
}

void bind_scp03(py::module_& m) {
    py::module_ scp03 =
        m.def_submodule("scp03", "GlobalPlatform SCP03 (GPCS Amendment D): static keysets and "
                                 "security levels of the SGP.02 sessions.");
    py::enum_<scp03::SecurityLevel>(scp03, "SecurityLevel", "Amd D Table 7-3 (the EXTERNAL AUTHENTICATE P1).")
        .value("Authenticated", scp03::SecurityLevel::Authenticated)
        .value("CMac", scp03::SecurityLevel::CMac)
        .value("CMacCDec", scp03::SecurityLevel::CMacCDec)
        .value("CMacRMac", scp03::SecurityLevel::CMacRMac)
        .value("CMacCDecRMac", scp03::SecurityLevel::CMacCDecRMac)
        .value("CMacCDecRMacREnc", scp03::SecurityLevel::CMacCDecRMacREnc);

    using scp03::StaticKeys;
    py::class_<StaticKeys>(
        scp03, "StaticKeys",
        "A static SCP03 keyset (Amd D Table 6-1): KVN and Key-ENC, Key-MAC, Key-DEK, AES keys of "
        "one length (16/24/32 bytes; dek may be empty for a host that never sends keys). Keys go "
        "in as bytes and are never readable back, printed or pickled.")
        .def(py::init([](long long kvn, ByteView enc, ByteView mac, ByteView dek) {
                 StaticKeys keys{int_arg<std::uint8_t>(kvn, "kvn"), SecretBytes(enc), SecretBytes(mac),
                                 SecretBytes(dek)};
                 keys.validate();
                 return keys;
             }),
             "kvn"_a, "enc"_a, "mac"_a, "dek"_a = py::bytes(),
             "ValueError for keys of unusable or unequal lengths.")
        .def_property(
            "kvn", [](const StaticKeys& k) { return k.kvn; },
            [](StaticKeys& k, long long kvn) { k.kvn = int_arg<std::uint8_t>(kvn, "kvn"); })
        .def_property_readonly(
            "key_size", [](const StaticKeys& k) { return k.enc.size(); }, "Length of each key (bytes).")
        .def_property_readonly(
            "has_dek", [](const StaticKeys& k) { return !k.dek.empty(); }, "Whether Key-DEK is present.")
        .def("__copy__", [](const StaticKeys& k) { return StaticKeys(k); })
        .def(
            "__deepcopy__", [](const StaticKeys& k, const py::handle&) { return StaticKeys(k); }, "memo"_a)
        .def("__reduce__",
             [](const StaticKeys&) -> py::object {
                 throw py::type_error("a StaticKeys holds secrets and is not pickled");
             })
        .def("__repr__", [](const StaticKeys& k) { return repr(k); });
}

void bind_saip(py::module_& m) {
    py::module_ saip =
        m.def_submodule("saip", "SAIP profile packages (TCA eUICC Profile Package v3.3.1): header, "
                                "EF.ICCID check, download segments, EUICCResponse, generator.");
    saip.attr("max_segment_size") = saip::max_segment_size;

    Struct<saip::ProfileHeader>(saip, "ProfileHeader", "The ProfileHeader PE (the package's first element).")
        .readonly("major_version", &saip::ProfileHeader::major_version)
        .readonly("minor_version", &saip::ProfileHeader::minor_version)
        .readonly("profile_type", &saip::ProfileHeader::profile_type)
        .readonly("iccid", &saip::ProfileHeader::iccid, "digits")
        .readonly("pol", &saip::ProfileHeader::pol, "POL1 rules (84), or None")
        .readonly_property(
            "mandatory_services",
            [](const saip::ProfileHeader& h) {
                std::vector<std::string> names;
                for (const saip::Service s : h.mandatory_services) {
                    names.emplace_back(saip::to_string(s));
                }
                return names;
            },
            "ASN.1 names ('usim', 'milenage', ...)")
        .readonly("mandatory_gfste", &saip::ProfileHeader::mandatory_gfste, "dotted OIDs")
        .readonly("connectivity_parameters", &saip::ProfileHeader::connectivity_parameters)
        .done(false);

    Struct<saip::PeStatus>(saip, "PeStatus",
                           "One peStatus of an EUICCResponse (status 0 = ok; see status_name).")
        .readonly("status", &saip::PeStatus::status)
        .readonly("identification", &saip::PeStatus::identification)
        .readonly("additional_information", &saip::PeStatus::additional_information)
        .readonly("offset", &saip::PeStatus::offset)
        .done(false);
    Struct<saip::EuiccResponse>(saip, "EuiccResponse", "What the ISD-P reports about the PEs it installed.")
        .readonly("pe_status", &saip::EuiccResponse::pe_status)
        .readonly("installation_aborted", &saip::EuiccResponse::installation_aborted)
        .readonly("status_message", &saip::EuiccResponse::status_message)
        .done(false)
        .def("ok", &saip::EuiccResponse::ok, "No PE failed and the installation was not aborted.");
    saip.def(
        "status_name", [](std::uint32_t status) { return std::string(saip::status_name(status)); },
        "status"_a);

    Struct<saip::SegmentOptions>(saip, "SegmentOptions", "How a package is cut into SCP03t `86` segments.")
        .field("max_size", &saip::SegmentOptions::max_size, "plaintext bytes per segment (default 1007)")
        .field("align_to_elements", &saip::SegmentOptions::align_to_elements,
               "cut only PEs larger than max_size")
        .done();

    saip.def(
        "read_header", [](ByteView package) { return saip::read_header(saip::walk(package)); }, "package"_a,
        "The header of a DER package (walked first); raises CodecError naming the offset.");
    saip.def(
        "check_iccid", [](ByteView package) { return saip::check_iccid(saip::walk(package)); }, "package"_a,
        "The ICCID after checking that EF.ICCID equals the header's; raises CodecError otherwise.");
    saip.def(
        "segment",
        [](ByteView package, const saip::SegmentOptions& options) { return saip::segment(package, options); },
        "package"_a, "options"_a = saip::SegmentOptions{},
        "The plaintext download segments; joined they give back the package.");
    saip.def(
        "generate_profile",
        [](std::string iccid, std::optional<std::string> profile_type, std::optional<std::string> imsi,
           std::optional<Bytes> ki, std::optional<Bytes> opc) {
            saip::GeneratorParams params;
            params.iccid = std::move(iccid);
            if (profile_type) {
                params.profile_type = std::move(*profile_type);
            }
            params.imsi = std::move(imsi);
            if (ki) {
                params.ki = SecretBytes(std::move(*ki));
            }
            if (opc) {
                params.opc = SecretBytes(std::move(*opc));
            }
            return saip::generate_profile(params);
        },
        "iccid"_a, py::kw_only(), "profile_type"_a = py::none(), "imsi"_a = py::none(), "ki"_a = py::none(),
        "opc"_a = py::none(),
        "A small, structurally valid package (header, MF with EF.ICCID, optionally a USIM and Milenage "
        "parameters); ValueError for parameters out of range.");
}

void bind_gp(py::module_& m) {
    py::module_ gp = m.def_submodule("gp", "GlobalPlatform Card Specification v2.3.1 values the SGP.02 "
                                           "operations return.");
    Struct<gp::KeyInformation> info(gp, "KeyInformation", "One key of GET DATA E0 (GPCS §11.3.3.1).");
    Struct<gp::KeyInformation::Component>(info.cls(), "Component", "Key type (88 = AES) and length.")
        .readonly("type", &gp::KeyInformation::Component::type)
        .readonly("length", &gp::KeyInformation::Component::length)
        .done(false);
    info.readonly("id", &gp::KeyInformation::id)
        .readonly("version", &gp::KeyInformation::version)
        .readonly("components", &gp::KeyInformation::components)
        .done(false);
    Struct<gp::CardResources>(gp, "CardResources", "GET DATA FF21 (TS 102 226 §8.2.1.7.2).")
        .readonly("installed_applications", &gp::CardResources::installed_applications)
        .readonly("free_non_volatile", &gp::CardResources::free_non_volatile)
        .readonly("free_volatile", &gp::CardResources::free_volatile)
        .done(false);
    Struct<gp::PutKeyResponse>(gp, "PutKeyResponse", "The card's PUT KEY answer: KVN and key check values.")
        .readonly("version", &gp::PutKeyResponse::version)
        .readonly_property(
            "check_values", [](const gp::PutKeyResponse& r) { return key_check_values(r.check_values); },
            "3 bytes per key")
        .done(false);
}

void bind_sgp02_values(py::module_& m) {
    py::module_ sgp02 = m.def_submodule("sgp02", "GSMA SGP.02 platform values: ISD-P AIDs, profile states, "
                                                 "notifications, keysets to remove at an SM-SR change.");
    sgp02.attr("isd_r_aid") = to_py_bytes(apdu::aid::isd_r);
    sgp02.attr("ecasd_aid") = to_py_bytes(apdu::aid::ecasd);
    sgp02.def(
        "isdp_aid",
        [](long long number) { return sgp02::isdp_aid(int_arg<std::uint16_t>(number, "number")); },
        "number"_a, "ISD-P instance AID A0000005591010FFFFFFFF89 00 <number, 2 bytes> 00.");

    py::enum_<sgp02::ProfileState>(sgp02, "ProfileState", "SGP.02 Table 1 profile states.")
        .value("Created", sgp02::ProfileState::Created)
        .value("Disabled", sgp02::ProfileState::Disabled)
        .value("Enabled", sgp02::ProfileState::Enabled);
    sgp02.def(
        "profile_state",
        [](long long life_cycle) {
            return sgp02::profile_state(int_arg<std::uint8_t>(life_cycle, "life_cycle"));
        },
        "life_cycle"_a, "03/07/0F -> Created, 1F -> Disabled, 3F -> Enabled, anything else -> None.");

    py::enum_<sgp02::NotificationType>(sgp02, "NotificationType", "SGP.02 §4.1.1.11 notification types.")
        .value("EuiccDeclaration", sgp02::NotificationType::EuiccDeclaration)
        .value("ProfileChangeSucceeded", sgp02::NotificationType::ProfileChangeSucceeded)
        .value("ProfileChangeFailedRolledBack", sgp02::NotificationType::ProfileChangeFailedRolledBack)
        .value("Void", sgp02::NotificationType::Void)
        .value("ProfileChangeAfterFallback", sgp02::NotificationType::ProfileChangeAfterFallback);
    Struct<sgp02::Notification>(sgp02, "Notification", "A notification of the ISD-R for the SM-SR (E1).")
        .readonly("eid", &sgp02::Notification::eid)
        .readonly("type", &sgp02::Notification::type)
        .readonly("sequence", &sgp02::Notification::sequence)
        .readonly("isdp_aid", &sgp02::Notification::isdp_aid, "the profile now enabled, or None")
        .readonly("imei", &sgp02::Notification::imei)
        .readonly("meid", &sgp02::Notification::meid)
        .done(false);

    Struct<sgp02::KeysetRange>(sgp02, "KeysetRange", "One keyset to remove: KVN and key identifier range.")
        .field("version", &sgp02::KeysetRange::version)
        .field("first_key_id", &sgp02::KeysetRange::first_key_id)
        .field("last_key_id", &sgp02::KeysetRange::last_key_id)
        .done();
}

} // namespace

std::vector<Bytes> key_check_values(const std::vector<gp::KeyCheckValue>& values) {
    std::vector<Bytes> out;
    for (const auto& kcv : values) {
        out.emplace_back(kcv.begin(), kcv.end());
    }
    return out;
}

void bind_sgp02_codecs(py::module_& m) {
    bind_scp03(m);
    bind_saip(m);
    bind_gp(m);
    bind_sgp02_values(m);
}

} // namespace euicc::python
