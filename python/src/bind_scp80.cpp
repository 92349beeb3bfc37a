// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::scp80 (submodule euicc.scp80): ETSI TS 102 225 / 3GPP TS 31.115 secured packets, both roles.
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/secret_bytes.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using namespace euicc::scp80;

/// What a Python key lookup returns for a TAR: the keys by value (the C++ ReceivingEntity only points at them).
struct PyReceivingEntity {
    std::optional<Keyset> keys;
    std::uint64_t counter = 0;
    std::uint8_t minimum_security_level = 0;
};

Tar tar_from_bytes(ByteView bytes) {
    if (bytes.size() != 3) {
        throw std::invalid_argument("a TAR is 3 bytes, got " + std::to_string(bytes.size()));
    }
    return Tar{{bytes[0], bytes[1], bytes[2]}};
}

Tar tar_from_int(long long value) {
    const auto v = int_arg<std::uint32_t>(value, "tar", 0, 0xFFFFFF);
    return Tar{{static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}};
}

Bytes tar_bytes(const Tar& tar) { return Bytes(tar.bytes.begin(), tar.bytes.end()); }

Bytes spi_bytes(const Spi& spi) {
    const auto encoded = spi.encode();
    return Bytes(encoded.begin(), encoded.end());
}

/// "Keyset(kvn=1, kic_key=<16-byte secret>, kid_key=<16-byte secret>)": sizes only, never the key bytes.
std::string repr(const Keyset& k) {
    auto secret = [](const SecretBytes& s) {
        return s.empty() ? std::string("<none>") : "<" + std::to_string(s.size()) + "-byte secret>";
    };
    return "Keyset(kvn=" + std::to_string(k.kvn) + ", kic_key=" + secret(k.kic_key) + ", kid_key=" +
           secret(k.kid_key) + ")";
}

void bind_enums(py::module_& scp80) {
    py::enum_<CounterMode>(scp80, "CounterMode", "SPI byte 1 b5..b4 (TS 102 225 §5.1.1).")
        .value("NoCounter", CounterMode::NoCounter)
        .value("NoCheck", CounterMode::NoCheck)
        .value("Higher", CounterMode::Higher)
        .value("OneHigher", CounterMode::OneHigher);
    py::enum_<Integrity>(scp80, "Integrity", "Redundancy check, cryptographic checksum, digital signature.")
        .value("None_", Integrity::None) // `None` is a Python keyword
        .value("Rc", Integrity::Rc)
        .value("Cc", Integrity::Cc)
        .value("Ds", Integrity::Ds);
    py::enum_<PorRequest>(scp80, "PorRequest", "SPI byte 2 b2..b1: whether a Proof of Receipt is wanted.")
        .value("None_", PorRequest::None)
        .value("Required", PorRequest::Required)
        .value("OnError", PorRequest::OnError);
    py::enum_<KeyAlgorithm>(scp80, "KeyAlgorithm", "Algorithm in the low nibble of KIc/KID (§5.1.2, §5.1.3).")
        .value("Implicit", KeyAlgorithm::Implicit)
        .value("DesCbc", KeyAlgorithm::DesCbc)
        .value("TripleDes2Key", KeyAlgorithm::TripleDes2Key)
        .value("TripleDes3Key", KeyAlgorithm::TripleDes3Key)
        .value("DesEcb", KeyAlgorithm::DesEcb)
        .value("Aes", KeyAlgorithm::Aes)
        .value("Crc16", KeyAlgorithm::Crc16)
        .value("Crc32", KeyAlgorithm::Crc32)
        .value("Proprietary", KeyAlgorithm::Proprietary);
    py::enum_<ResponseStatus>(scp80, "ResponseStatus",
                              "PoR response status (TS 102 225 §5.2, TS 31.115 §7); int(status) is the code. "
                              "Reserved/proprietary codes from a card arrive as values without a name.")
        .value("PorOk", ResponseStatus::PorOk)
        .value("RcCcDsFailed", ResponseStatus::RcCcDsFailed)
        .value("CounterLow", ResponseStatus::CounterLow)
        .value("CounterHigh", ResponseStatus::CounterHigh)
        .value("CounterBlocked", ResponseStatus::CounterBlocked)
        .value("CipheringError", ResponseStatus::CipheringError)
        .value("UnidentifiedSecurityError", ResponseStatus::UnidentifiedSecurityError)
        .value("InsufficientMemory", ResponseStatus::InsufficientMemory)
        .value("MoreTimeNeeded", ResponseStatus::MoreTimeNeeded)
        .value("TarUnknown", ResponseStatus::TarUnknown)
        .value("InsufficientSecurityLevel", ResponseStatus::InsufficientSecurityLevel)
        .value("ResponseViaSmsSubmit", ResponseStatus::ResponseViaSmsSubmit)
        .value("ResponseViaUssd", ResponseStatus::ResponseViaUssd);
}

void bind_header(py::module_& scp80) {
    Struct<Spi>(scp80, "Spi", "Security Parameter Indicator (TS 102 225 §5.1.1): byte 1 command, byte 2 PoR.")
        .field("counter", &Spi::counter)
        .field("ciphering", &Spi::ciphering)
        .field("integrity", &Spi::integrity)
        .field("por", &Spi::por)
        .field("por_integrity", &Spi::por_integrity)
        .field("por_ciphered", &Spi::por_ciphered)
        .field("por_via_sms_submit", &Spi::por_via_sms_submit,
               "b6 of byte 2: PoR by SMS-SUBMIT (SEND SHORT MESSAGE) instead of the SMS-DELIVER-REPORT.")
        .done()
        .def_static(
            "decode",
            [](long long first, long long second) {
                return Spi::decode(int_arg<std::uint8_t>(first, "first"), int_arg<std::uint8_t>(second, "second"));
            },
            "first"_a, "second"_a, "Raises CodecError('SPI', 0|1) for reserved bits.")
        .def_static(
            "decode",
            [](ByteView spi) {
                if (spi.size() != 2) {
                    throw std::invalid_argument("an SPI is 2 bytes, got " + std::to_string(spi.size()));
                }
                return Spi::decode(spi[0], spi[1]);
            },
            "spi"_a, "From its 2 bytes, e.g. bytes.fromhex('1619').")
        .def("encode", &spi_bytes, "The 2 SPI bytes.")
        .def("__bytes__", &spi_bytes);

    Struct<Kic>(scp80, "Kic", "KIc (§5.1.2): key version in b8..b5, cipher algorithm in the low nibble.")
        .field("key_version", &Kic::key_version)
        .field("algorithm", &Kic::algorithm)
        .done()
        .def_static(
            "decode", [](long long kic) { return Kic::decode(int_arg<std::uint8_t>(kic, "kic")); }, "kic"_a)
        .def("encode", &Kic::encode, "The KIc byte.");

    Struct<Kid>(scp80, "Kid", "KID (§5.1.3): key version, RC/CC algorithm (its meaning depends on the integrity).")
        .field("key_version", &Kid::key_version)
        .field("algorithm", &Kid::algorithm)
        .done()
        .def_static(
            "decode",
            [](long long kid, Integrity integrity) { return Kid::decode(int_arg<std::uint8_t>(kid, "kid"), integrity); },
            "kid"_a, "integrity"_a)
        .def("encode", &Kid::encode, "The KID byte.");

    py::class_<Tar>(scp80, "Tar",
                    "Toolkit Application Reference (TS 101 220 §6.2): 3 bytes. Built from bytes, an int "
                    "(0xB00010) or hex text ('B00010'); 000000 is the ISD-R.")
        .def(py::init([] { return Tar{}; }))
        .def(py::init(&tar_from_bytes), "tar"_a)
        .def(py::init(&tar_from_int), "tar"_a)
        .def(py::init([](const std::string& hex) { return tar_from_bytes(from_hex(hex)); }), "tar"_a)
        .def_property_readonly("value", &Tar::value)
        .def_property_readonly("bytes", &tar_bytes)
        .def("__bytes__", &tar_bytes)
        .def(
            "__eq__", [](const Tar& a, const Tar& b) { return a == b; }, py::is_operator())
        .def("__hash__", [](const Tar& t) { return t.value(); })
        .def("__repr__", [](const Tar& t) { return "Tar('" + to_hex(tar_bytes(t)) + "')"; });
    py::implicitly_convertible<py::bytes, Tar>();
    py::implicitly_convertible<py::int_, Tar>();
    py::implicitly_convertible<py::str, Tar>();
    scp80.attr("max_counter") = max_counter;

    Struct<CommandHeader>(scp80, "CommandHeader", "What the sender of a Command Packet chooses: SPI, KIc, KID, TAR, CNTR.")
        .field("spi", &CommandHeader::spi)
        .hex_field("kic", &CommandHeader::kic)
        .hex_field("kid", &CommandHeader::kid)
        .field("tar", &CommandHeader::tar)
        .field("counter", &CommandHeader::counter, "CNTR, 0 .. max_counter")
        .done();

    py::class_<Keyset>(scp80, "Keyset",
                       "The keys of one key set. Keys go in as bytes and are never readable back, printed or "
                       "pickled; AES key length 16/24/32 picks AES-128/192/256.")
        .def(py::init([](long long kvn, ByteView kic_key, ByteView kid_key) {
                 return Keyset{int_arg<std::uint8_t>(kvn, "kvn", 0, 15), SecretBytes(kic_key), SecretBytes(kid_key)};
             }),
             "kvn"_a, "kic_key"_a, "kid_key"_a)
        .def_property(
            "kvn", [](const Keyset& k) { return k.kvn; },
            [](Keyset& k, long long kvn) { k.kvn = int_arg<std::uint8_t>(kvn, "kvn", 0, 15); })
        .def_property_readonly(
            "kic_key_size", [](const Keyset& k) { return k.kic_key.size(); }, "Length of the KIc key (bytes).")
        .def_property_readonly(
            "kid_key_size", [](const Keyset& k) { return k.kid_key.size(); }, "Length of the KID key (bytes).")
        .def("__copy__", [](const Keyset& k) { return Keyset(k); })
        .def(
            "__deepcopy__", [](const Keyset& k, const py::handle&) { return Keyset(k); }, "memo"_a)
        .def("__reduce__",
             [](const Keyset&) -> py::object { throw py::type_error("a Keyset holds secrets and is not pickled"); })
        .def("__repr__", [](const Keyset& k) { return repr(k); });
}

void bind_status(py::module_& scp80) {
    scp80.def(
        "describe", [](ResponseStatus s) { return std::string(describe(s)); }, "status"_a,
        "The meaning of a response status ('CNTR low', 'reserved', ...).");
    scp80.def(
        "describe",
        [](long long code) {
            return std::string(describe(static_cast<ResponseStatus>(int_arg<std::uint8_t>(code, "status"))));
        },
        "status"_a);
    scp80.def("is_security_failure", &is_security_failure, "status"_a,
              "Codes 01-06, 09, 0A: a failed check, answered with an unsecured error PoR.");
    scp80.def("por_wanted", &por_wanted, "spi"_a, "status"_a);
    scp80.def(
        "meets_minimum_security_level",
        [](const Spi& spi, long long msl) {
            return meets_minimum_security_level(spi, int_arg<std::uint8_t>(msl, "msl"));
        },
        "spi"_a, "msl"_a, "TS 102 226 §8.2.1.3.2.4.1: the SPI is at least as strong as the MSL (SPI byte 1 coding).");
}

void bind_sender(py::module_& scp80) {
    scp80.def("wrap_command", &wrap_command, "header"_a, "keys"_a, "secured_data"_a,
              "The Command Packet from CPL on (TS 31.115 §4); the SMS user data is `02 70 00` + it.");

    Struct<ResponsePacket>(scp80, "ResponsePacket", "A PoR after its checks.")
        .field("tar", &ResponsePacket::tar)
        .field("counter", &ResponsePacket::counter)
        .field("status", &ResponsePacket::status)
        .field("data", &ResponsePacket::data, "response data without padding (compact or expanded script response)")
        .field("secured", &ResponsePacket::secured, "protected as SPI byte 2 asked, and the checks passed")
        .done();

    scp80.def("unwrap_response", &unwrap_response, "user_data"_a, "sent"_a, "keys"_a,
              "Verifies and decodes a PoR (`02 71 00` + Response Packet, or the packet alone) for the command "
              "sent with `sent`; raises SecurityError or CodecError('PoR', offset).");
}

void bind_receiver(py::module_& scp80) {
    Struct<PyReceivingEntity>(scp80, "ReceivingEntity",
                              "What a receiving entity holds for a TAR: keys (None: none for these KIc/KID), the "
                              "stored counter, the minimum security level (SPI byte 1 coding).")
        .field("keys", &PyReceivingEntity::keys)
        .field("counter", &PyReceivingEntity::counter)
        .hex_field("minimum_security_level", &PyReceivingEntity::minimum_security_level)
        .done();

    Struct<VerifiedCommand>(scp80, "VerifiedCommand", "A command packet that passed every check.")
        .field("header", &VerifiedCommand::header)
        .field("secured_data", &VerifiedCommand::secured_data)
        .done();

    Struct<CommandRejection>(scp80, "CommandRejection", "A command packet that failed a check.")
        .field("status", &CommandRejection::status)
        .field("spi", &CommandRejection::spi)
        .field("tar", &CommandRejection::tar)
        .done();

    py::class_<CommandUnwrapResult>(scp80, "CommandUnwrapResult",
                                    "Either a VerifiedCommand or a CommandRejection; `command` raises SecurityError "
                                    "for a rejected packet, so it cannot be executed by mistake.")
        .def_property_readonly("accepted", &CommandUnwrapResult::accepted)
        .def_property_readonly("status", &CommandUnwrapResult::status)
        .def_property_readonly("command", &CommandUnwrapResult::command)
        .def_property_readonly("rejection", &CommandUnwrapResult::rejection)
        .def("__repr__", [](const CommandUnwrapResult& r) {
            return r.accepted() ? std::string("CommandUnwrapResult(accepted)")
                                : "CommandUnwrapResult(rejected: " + std::string(describe(r.status())) + ")";
        });

    scp80.def(
        "unwrap_command",
        [](ByteView packet, const py::function& lookup) {
            // The C++ lookup hands out pointers to keys: keep every Keyset Python returned until the call ends.
            std::deque<Keyset> held;
            return unwrap_command(packet, [&](const Tar& tar, std::uint8_t kic, std::uint8_t kid) {
                py::object found = lookup(tar, kic, kid);
                if (found.is_none()) {
                    return std::optional<ReceivingEntity>();
                }
                if (!py::isinstance<PyReceivingEntity>(found)) {
                    throw py::type_error("lookup must return scp80.ReceivingEntity or None");
                }
                const auto& entity = found.cast<const PyReceivingEntity&>();
                ReceivingEntity out{nullptr, entity.counter, entity.minimum_security_level};
                if (entity.keys) {
                    out.keys = &held.emplace_back(*entity.keys);
                }
                return std::optional<ReceivingEntity>(out);
            });
        },
        "packet"_a, "lookup"_a,
        "Receiving-entity processing of a Command Packet (UDH removed). lookup(tar, kic, kid) returns a "
        "ReceivingEntity, or None for an unknown TAR; its exceptions propagate.");

    scp80.def("wrap_response", &wrap_response, "received"_a, "keys"_a, "status"_a, "response_data"_a,
              "The PoR user data (`02 71 00` + Response Packet) for an accepted command, as its SPI asks.");
    scp80.def("wrap_error_response", &wrap_error_response, "rejection"_a,
              "The unsecured error PoR for a rejected command.");
}

} // namespace

void bind_scp80(py::module_& m) {
    py::module_ scp80 = m.def_submodule(
        "scp80", "ETSI TS 102 225 / 3GPP TS 31.115 secured packets (SCP80 over SMS): SPI, KIc, KID, TAR, command "
                 "packets and PoRs in both roles.");
    bind_enums(scp80);
    bind_header(scp80);
    bind_status(scp80);
    bind_sender(scp80);
    bind_receiver(scp80);
}

} // namespace euicc::python
