// SPDX-License-Identifier: Apache-2.0
// Bindings of the shared SCP80 keys file (TS 102 225 key sets): scp80::KeyFile and the host's OtaKeyFile loaders.
#include <cstdint>
#include <filesystem>
#include <string>

#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/scp80_key_file.hpp>
#include <euicc/host/ota_keys.hpp>

#include "bindings.hpp"
#include "int_args.hpp"

namespace euicc::python {
namespace {

using scp80::KeyFile;

std::string hex_byte(std::uint8_t b) { return "0x" + to_hex(ByteView(&b, 1)); }

/// Addressing in full, keys by size only ("<16-byte secret>"), never their bytes.
std::string repr(py::handle self, const KeyFile& k) {
    auto secret = [](const SecretBytes& s) {
        return s.empty() ? std::string("None") : "<" + std::to_string(s.size()) + "-byte secret>";
    };
    return py::type::handle_of(self).attr("__name__").cast<std::string>() +
           "(tar=" + py::repr(py::cast(k.tar)).cast<std::string>() + ", spi=" + to_hex(k.spi.encode()) +
           ", kic=" + hex_byte(k.kic) + ", kid=" + hex_byte(k.kid) + ", kvn=" + std::to_string(k.kvn) +
           ", msl=" + hex_byte(k.msl) + ", kic_key=" + secret(k.kic_key) + ", kid_key=" + secret(k.kid_key) + ")";
}

template <std::uint8_t KeyFile::*Member>
void byte_property(py::class_<KeyFile>& cls, const char* name, unsigned long long lo = 0,
                   unsigned long long hi = 0xFF) {
    cls.def_property(
        name, [](const KeyFile& k) { return k.*Member; },
        [name, lo, hi](KeyFile& k, long long v) { k.*Member = int_arg<std::uint8_t>(v, name, lo, hi); });
}

} // namespace

void bind_ota_keys(py::module_& m) {
    py::module_ scp80 = m.attr("scp80");
    scp80.attr("KeyFileError") = m.attr("KeyFileError");

    py::class_<KeyFile> key_file(scp80, "KeyFile",
                                 "A keys file (the JSON shared by `euicc ota --keys` and `euicc vcard --keys`): "
                                 "TAR, SPI (host), KIc, KID, KVN, MSL (card) and the two keys, which are never "
                                 "readable from Python (kic_key_size/kid_key_size give their lengths).");
    key_file.def_readwrite("tar", &KeyFile::tar).def_readwrite("spi", &KeyFile::spi);
    byte_property<&KeyFile::kic>(key_file, "kic");
    byte_property<&KeyFile::kid>(key_file, "kid");
    byte_property<&KeyFile::kvn>(key_file, "kvn", 0, 15);
    byte_property<&KeyFile::msl>(key_file, "msl");
    key_file.def_property_readonly("kic_key_size", [](const KeyFile& k) { return k.kic_key.size(); })
        .def_property_readonly("kid_key_size", [](const KeyFile& k) { return k.kid_key.size(); })
        .def("__reduce__",
             [](const KeyFile&) -> py::object { throw py::type_error("a KeyFile holds secrets and is not pickled"); })
        .def("__repr__", [](py::handle self) { return repr(self, self.cast<const KeyFile&>()); });

    scp80.def("parse_key_file", &scp80::parse_key_file, "json_text"_a, "source"_a = "keys",
              "Parses a keys file's JSON; raises KeyFileError naming the member at fault (never a value).");
    scp80.def("check_kic_key", &scp80::check_kic_key, "kic"_a, "keys"_a,
              "ValueError unless the KIc byte can cipher with keys.kic_key (TS 102 225 §5.1.2).");
    scp80.def("check_kid_key", &scp80::check_kid_key, "kid"_a, "keys"_a,
              "ValueError unless the KID byte can compute a CC with keys.kid_key (TS 102 225 §5.1.3).");

    py::class_<host::OtaKeyFile, KeyFile>(m, "OtaKeyFile", "A keys file as the host uses it.")
        .def("keyset", &host::OtaKeyFile::keyset, "The keys as scp80 uses them (scp80.Keyset).")
        .def(
            "header",
            [](const host::OtaKeyFile& k, long long counter) {
                return k.header(int_arg<std::uint64_t>(counter, "counter", 0, scp80::max_counter));
            },
            "counter"_a, "A scp80.CommandHeader with this addressing and `counter`.");
    m.def("parse_ota_keys", &host::parse_ota_keys, "json_text"_a,
          "Parses keys JSON; ValueError/KeyFileError naming the member at fault, never its value.");
    m.def("load_ota_keys", &host::load_ota_keys, "path"_a, py::call_guard<py::gil_scoped_release>(),
          "Reads and parses a keys file.");
    m.def("ota_keys_from_environment", &host::ota_keys_from_environment,
          "Keys from EUICC_OTA_KIC_KEY / EUICC_OTA_KID_KEY (hex) with the default addressing, or None.");
}

} // namespace euicc::python
