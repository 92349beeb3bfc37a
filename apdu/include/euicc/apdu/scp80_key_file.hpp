// SPDX-License-Identifier: Apache-2.0
// The SCP80 (TS 102 225 §5.1) keys file shared by host and virtual eUICC, and the key set check both use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/error.hpp>

namespace euicc::scp80 {

/// One OTA key set and how to address it, as a keys file gives it. JSON form (issue 3 shared decisions):
///   {"tar": "000000", "spi": "1619", "kic": "12", "kid": "12", "kvn": 1,
///    "kic_key": "4041..4F", "kid_key": "5051..5F", "msl": "16"}
/// Defaults are the lab test keyset's addressing: TAR 000000 (ISD-R), SPI 16 19 (counter higher, ciphering,
/// CC; PoR required, CC, ciphered, in the ENVELOPE response), KVN 1, MSL 16. `spi` is the sender's (host)
/// concern, `msl` the receiving entity's (card).
struct KeyFile {
    Tar tar{};
    Spi spi{.counter = CounterMode::Higher,
            .ciphering = true,
            .integrity = Integrity::Cc,
            .por = PorRequest::Required,
            .por_integrity = Integrity::Cc,
            .por_ciphered = true,
            .por_via_sms_submit = false};
    std::uint8_t kic = 0x12; ///< key version 1, AES-CBC
    std::uint8_t kid = 0x12; ///< key version 1, AES-CMAC
    std::uint8_t kvn = 1;
    SecretBytes kic_key;
    SecretBytes kid_key;
    /// Minimum security level in SPI byte 1 coding (TS 102 226 §8.2.1.3.2.4.1).
    std::uint8_t msl = 0x16;
};

/// A keys file that cannot be used. what() is "<source>: <member>: <reason>" ("<source>: <reason>" when the
/// document as a whole is at fault); it never holds a member's value, since that may be a key.
class KeyFileError : public Error {
public:
    KeyFileError(std::string_view source, std::string member, std::string reason);
    /// The member at fault ("kvn", "kic_key"), empty for the document as a whole.
    const std::string& member() const noexcept { return m_member; }
    const std::string& reason() const noexcept { return m_reason; }

private:
    std::string m_member;
    std::string m_reason;
};

/// Parses the JSON text of a keys file; `source` names it in messages. Every member is optional except that
/// at least one key is given. `kvn` defaults to the version in `kic` (else 1), `kic`/`kid` to the KVN with
/// AES (`12` for KVN 1). Throws KeyFileError for: text that is no JSON (only the byte position is named: the
/// parser's own message quotes the text), no object, an unknown member, a wrong type, bad hex, a TAR that is
/// not 3 bytes, an SPI not 2 bytes or with reserved bits, KIc/KID/MSL not 1 byte, reserved MSL bits, a KVN
/// outside 1..15, no key, and a given key that check_kic_key()/check_kid_key() refuse (under the member
/// `kic_key`/`kid_key`). The JSON copies of the members' text are wiped before it returns or throws; wiping
/// `json_text` is the caller's business.
KeyFile parse_key_file(std::string_view json_text, std::string_view source);

/// TS 102 225 §5.1.2: whether `kic` can cipher with keys.kic_key. Throws std::invalid_argument with the
/// reason (never key bytes) for a reserved coding, a key version (b8..b5) other than keys.kvn, an implicit or
/// proprietary algorithm, or a key length the algorithm does not take (DES 8, 3DES 16/24, AES 16/24/32).
void check_kic_key(std::uint8_t kic, const Keyset& keys);

/// TS 102 225 §5.1.3: the same for `kid` as a cryptographic checksum (CC) with keys.kid_key.
void check_kid_key(std::uint8_t kid, const Keyset& keys);

} // namespace euicc::scp80
