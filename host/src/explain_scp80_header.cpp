// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for the SCP80 header (TS 102 225 §5.1.1-§5.1.3): SPI bits, KIc/KID algorithms, TAR; deciphering.
#include <euicc/apdu/crypto.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

std::string_view counter_words(scp80::CounterMode mode) noexcept {
    switch (mode) {
    case scp80::CounterMode::NoCounter: return "no counter";
    case scp80::CounterMode::NoCheck: return "counter available, no replay or sequence check";
    case scp80::CounterMode::Higher: return "process only if CNTR is higher than the counter stored in the card";
    case scp80::CounterMode::OneHigher: return "process only if CNTR is exactly one higher than the stored counter";
    }
    return "no counter";
}

std::string_view integrity_words(scp80::Integrity integrity) noexcept {
    switch (integrity) {
    case scp80::Integrity::None: return "no RC, CC or DS";
    case scp80::Integrity::Rc: return "redundancy check (RC)";
    case scp80::Integrity::Cc: return "cryptographic checksum (CC)";
    case scp80::Integrity::Ds: return "digital signature (DS)";
    }
    return "no RC, CC or DS";
}

std::string_view por_words(scp80::PorRequest por) noexcept {
    switch (por) {
    case scp80::PorRequest::None: return "no PoR";
    case scp80::PorRequest::Required: return "PoR required";
    case scp80::PorRequest::OnError: return "PoR only on error";
    }
    return "no PoR";
}

std::string_view cipher_words(scp80::KeyAlgorithm algorithm) noexcept {
    switch (algorithm) {
    case scp80::KeyAlgorithm::Implicit: return "algorithm known implicitly";
    case scp80::KeyAlgorithm::DesCbc: return "DES-CBC";
    case scp80::KeyAlgorithm::TripleDes2Key: return "3DES-CBC with 2 keys";
    case scp80::KeyAlgorithm::TripleDes3Key: return "3DES-CBC with 3 keys";
    case scp80::KeyAlgorithm::DesEcb: return "DES-ECB";
    case scp80::KeyAlgorithm::Aes: return "AES-CBC";
    case scp80::KeyAlgorithm::Crc16: return "CRC-16";
    case scp80::KeyAlgorithm::Crc32: return "CRC-32";
    case scp80::KeyAlgorithm::Proprietary: return "proprietary algorithm";
    }
    return "proprietary algorithm";
}

std::string_view checksum_words(scp80::KeyAlgorithm algorithm) noexcept {
    switch (algorithm) {
    case scp80::KeyAlgorithm::DesCbc: return "DES CBC-MAC";
    case scp80::KeyAlgorithm::TripleDes2Key: return "3DES CBC-MAC with 2 keys";
    case scp80::KeyAlgorithm::TripleDes3Key: return "3DES CBC-MAC with 3 keys";
    case scp80::KeyAlgorithm::Aes: return "AES-CMAC";
    default: return cipher_words(algorithm);
    }
}

std::string summary(const scp80::Spi& spi) {
    std::string text;
    switch (spi.counter) {
    case scp80::CounterMode::NoCounter: text = "no counter"; break;
    case scp80::CounterMode::NoCheck: text = "counter not checked"; break;
    case scp80::CounterMode::Higher: text = "counter must be higher"; break;
    case scp80::CounterMode::OneHigher: text = "counter must be one higher"; break;
    }
    text += spi.ciphering ? ", ciphered" : ", not ciphered";
    text += ", " + std::string(integrity_words(spi.integrity));
    text += "; " + std::string(por_words(spi.por));
    if (spi.por != scp80::PorRequest::None) {
        text += spi.por_ciphered ? ", ciphered" : ", not ciphered";
        text += ", " + std::string(integrity_words(spi.por_integrity));
        text += spi.por_via_sms_submit ? ", by SMS-SUBMIT" : ", in the SMS-DELIVER-REPORT";
    }
    return text;
}

} // namespace

scp80::Spi lenient_spi(std::uint8_t first, std::uint8_t second) noexcept {
    scp80::Spi spi;
    spi.counter = static_cast<scp80::CounterMode>((first >> 3) & 0x03);
    spi.ciphering = (first & 0x04) != 0;
    spi.integrity = static_cast<scp80::Integrity>(first & 0x03);
    const unsigned por = second & 0x03;
    spi.por = por == 3 ? scp80::PorRequest::None : static_cast<scp80::PorRequest>(por);
    spi.por_integrity = static_cast<scp80::Integrity>((second >> 2) & 0x03);
    spi.por_ciphered = (second & 0x10) != 0;
    spi.por_via_sms_submit = (second & 0x20) != 0;
    return spi;
}

Explanation explain_spi(Input two_bytes) {
    const scp80::Spi spi = lenient_spi(two_bytes[0], two_bytes[1]);
    Explanation out = node("SPI", summary(spi), two_bytes.bytes);
    out.add(node("counter", std::string(counter_words(spi.counter))));
    out.add(node("ciphering", spi.ciphering ? "CNTR .. end ciphered with the KIc key" : "none"));
    out.add(node("integrity", std::string(integrity_words(spi.integrity))));
    out.add(node("PoR", std::string(por_words(spi.por))));
    if (spi.por != scp80::PorRequest::None) {
        out.add(node("PoR integrity", std::string(integrity_words(spi.por_integrity))));
        out.add(node("PoR ciphering", spi.por_ciphered ? "ciphered with the KIc key" : "none"));
        out.add(node("PoR transport", spi.por_via_sms_submit
                                          ? "SMS-SUBMIT: the card sends it with SEND SHORT MESSAGE"
                                          : "SMS-DELIVER-REPORT: the card returns it as ENVELOPE response data"));
    }
    try {
        static_cast<void>(scp80::Spi::decode(two_bytes[0], two_bytes[1]));
    } catch (const CodecError& e) {
        out.add(malformed(e, two_bytes.offset));
    }
    return out;
}

Explanation explain_kic(std::uint8_t kic, const scp80::Spi& spi, std::size_t offset) {
    Explanation out = node("KIc", "", ByteView(&kic, 1));
    try {
        const scp80::Kic decoded = scp80::Kic::decode(kic);
        out.value = "key version " + std::to_string(decoded.key_version) + ", " +
                    std::string(cipher_words(decoded.algorithm));
    } catch (const CodecError& e) {
        out.value = "key version " + std::to_string(kic >> 4) + ", RFU algorithm coding";
        if (spi.ciphering || spi.por_ciphered) {
            out.add(malformed(e, offset));
        }
    }
    if (!spi.ciphering && !spi.por_ciphered) {
        out.value += " (not used: the SPI asks for no ciphering)";
    }
    return out;
}

Explanation explain_kid(std::uint8_t kid, const scp80::Spi& spi, std::size_t offset) {
    // The KID nibble means an RC, CC or DS algorithm depending on the SPI (§5.1.3); a PoR may use another one.
    const scp80::Integrity integrity =
        spi.integrity != scp80::Integrity::None ? spi.integrity : spi.por_integrity;
    Explanation out = node("KID", "", ByteView(&kid, 1));
    if (integrity == scp80::Integrity::None) {
        out.value = "key version " + std::to_string(kid >> 4) + " (not used: the SPI asks for no RC, CC or DS)";
        return out;
    }
    try {
        const scp80::Kid decoded = scp80::Kid::decode(kid, integrity);
        out.value = "key version " + std::to_string(decoded.key_version) + ", " +
                    std::string(integrity == scp80::Integrity::Ds ? "proprietary digital signature"
                                                                  : checksum_words(decoded.algorithm));
    } catch (const CodecError& e) {
        out.value = "key version " + std::to_string(kid >> 4) + ", RFU algorithm coding for " +
                    std::string(integrity_label(integrity));
        out.add(malformed(e, offset));
    }
    return out;
}

Explanation explain_tar(Input three_bytes) {
    const bool isd = three_bytes[0] == 0 && three_bytes[1] == 0 && three_bytes[2] == 0;
    return node("TAR", isd ? "issuer security domain (TS 101 220 Annex D; on an eUICC the ISD-R)"
                           : "toolkit application reference of the target application",
                three_bytes.bytes);
}

std::string_view integrity_label(scp80::Integrity integrity) noexcept {
    switch (integrity) {
    case scp80::Integrity::Rc: return "RC";
    case scp80::Integrity::Cc: return "CC";
    case scp80::Integrity::Ds: return "DS";
    case scp80::Integrity::None: break;
    }
    return "RC/CC/DS";
}

std::optional<std::size_t> cipher_block(std::uint8_t kic) noexcept {
    switch (kic & 0x03) {
    case 0x01: return 8;  // DES family
    case 0x02: return 16; // AES
    default: return std::nullopt;
    }
}

std::optional<Bytes> decipher(std::uint8_t kic, const scp80::Keyset& keys, ByteView ciphertext, std::string& why) {
    scp80::Kic decoded;
    try {
        decoded = scp80::Kic::decode(kic);
    } catch (const CodecError&) {
        why = "the KIc algorithm coding is RFU";
        return std::nullopt;
    }
    crypto::BlockCipher cipher = crypto::BlockCipher::Des;
    std::size_t key_length = 0; // 0: any length the family takes (AES)
    switch (decoded.algorithm) {
    case scp80::KeyAlgorithm::DesCbc:
    case scp80::KeyAlgorithm::DesEcb: key_length = 8; break;
    case scp80::KeyAlgorithm::TripleDes2Key: cipher = crypto::BlockCipher::TripleDes; key_length = 16; break;
    case scp80::KeyAlgorithm::TripleDes3Key: cipher = crypto::BlockCipher::TripleDes; key_length = 24; break;
    case scp80::KeyAlgorithm::Aes: cipher = crypto::BlockCipher::Aes; break;
    default: why = "the KIc algorithm is implicit or proprietary"; return std::nullopt;
    }
    const ByteView key = keys.kic_key.view();
    if (key.empty()) {
        why = "no KIc key was given";
        return std::nullopt;
    }
    if (!crypto::valid_key_length(cipher, key.size()) || (key_length != 0 && key.size() != key_length)) {
        why = "the KIc key's length does not fit " + std::string(cipher_words(decoded.algorithm));
        return std::nullopt;
    }
    const std::size_t block = crypto::block_size(cipher);
    if (ciphertext.empty() || ciphertext.size() % block != 0) {
        why = "the ciphered part (" + count(ciphertext.size(), "byte") + ") is not a whole number of " +
              std::to_string(block) + "-byte blocks";
        return std::nullopt;
    }
    return decoded.algorithm == scp80::KeyAlgorithm::DesEcb ? crypto::ecb_decrypt(cipher, key, ciphertext)
                                                            : crypto::cbc_decrypt(cipher, key, ciphertext);
}

scp80::Keyset keys_for(const scp80::Keyset& keys, std::uint8_t kvn) {
    return scp80::Keyset{kvn, keys.kic_key, keys.kid_key};
}

} // namespace euicc::host::detail
