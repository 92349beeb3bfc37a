// SPDX-License-Identifier: Apache-2.0
// TS 102 225 §5.1.1-§5.1.3 SPI, KIc and KID coding; §5.2 response status codes; TS 102 226 MSL comparison.
#include <stdexcept>
#include <string>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

namespace euicc::scp80 {

namespace {

constexpr std::uint8_t nibble(std::uint8_t b) noexcept {
    return b & 0x0F;
}

std::uint8_t key_version_bits(std::uint8_t key_version, const char* what) {
    if (key_version > 0x0F) {
        throw std::invalid_argument(std::string(what) + ": key version " + std::to_string(key_version) +
                                    " does not fit in 4 bits");
    }
    return static_cast<std::uint8_t>(key_version << 4);
}

// The DES family shares one coding in KIc (cipher) and KID (CBC-MAC): b2..b1 = 01, b4..b3 selects the
// variant.
std::optional<KeyAlgorithm> des_family(std::uint8_t low) noexcept {
    switch (low >> 2) {
    case 0:
        return KeyAlgorithm::DesCbc;
    case 1:
        return KeyAlgorithm::TripleDes2Key;
    case 2:
        return KeyAlgorithm::TripleDes3Key;
    default:
        return KeyAlgorithm::DesEcb;
    }
}

} // namespace

Spi Spi::decode(std::uint8_t first, std::uint8_t second) {
    // TS 102 225 §5.1.1: byte 1 b8..b6 and byte 2 b8..b7 are reserved, and PoR b2..b1 = 11 is reserved.
    if ((first & 0xE0) != 0) {
        throw CodecError("SPI", 0, "reserved bits b8..b6 set in byte 1");
    }
    if ((second & 0xC0) != 0) {
        throw CodecError("SPI", 1, "reserved bits b8..b7 set in byte 2");
    }
    if ((second & 0x03) == 0x03) {
        throw CodecError("SPI", 1, "reserved PoR request value 11");
    }
    Spi spi;
    spi.counter = static_cast<CounterMode>((first >> 3) & 0x03);
    spi.ciphering = (first & 0x04) != 0;
    spi.integrity = static_cast<Integrity>(first & 0x03);
    spi.por = static_cast<PorRequest>(second & 0x03);
    spi.por_integrity = static_cast<Integrity>((second >> 2) & 0x03);
    spi.por_ciphered = (second & 0x10) != 0;
    spi.por_via_sms_submit = (second & 0x20) != 0;
    return spi;
}

std::array<std::uint8_t, 2> Spi::encode() const noexcept {
    const auto first = static_cast<std::uint8_t>(static_cast<unsigned>(counter) << 3 |
                                                 (ciphering ? 0x04U : 0U) | static_cast<unsigned>(integrity));
    const auto second =
        static_cast<std::uint8_t>((por_via_sms_submit ? 0x20U : 0U) | (por_ciphered ? 0x10U : 0U) |
                                  static_cast<unsigned>(por_integrity) << 2 | static_cast<unsigned>(por));
    return {first, second};
}

Kic Kic::decode(std::uint8_t kic) {
    const std::uint8_t low = nibble(kic);
    Kic result;
    result.key_version = static_cast<std::uint8_t>(kic >> 4);
    switch (low & 0x03) {
    case 0:
        result.algorithm = KeyAlgorithm::Implicit;
        break;
    case 1:
        result.algorithm = *des_family(low);
        break;
    case 2:
        // TS 102 225 §5.1.2: for AES only b4..b3 = 00 (CBC) is defined.
        if ((low & 0x0C) != 0) {
            throw CodecError("KIc", 0, "RFU AES mode in b4..b3");
        }
        result.algorithm = KeyAlgorithm::Aes;
        break;
    default:
        result.algorithm = KeyAlgorithm::Proprietary;
        break;
    }
    return result;
}

std::uint8_t Kic::encode() const {
    std::uint8_t low = 0;
    switch (algorithm) {
    case KeyAlgorithm::Implicit:
        low = 0x0;
        break;
    case KeyAlgorithm::DesCbc:
        low = 0x1;
        break;
    case KeyAlgorithm::TripleDes2Key:
        low = 0x5;
        break;
    case KeyAlgorithm::TripleDes3Key:
        low = 0x9;
        break;
    case KeyAlgorithm::DesEcb:
        low = 0xD;
        break;
    case KeyAlgorithm::Aes:
        low = 0x2;
        break;
    case KeyAlgorithm::Proprietary:
        low = 0x3;
        break;
    case KeyAlgorithm::Crc16:
    case KeyAlgorithm::Crc32:
        throw std::invalid_argument("KIc: a CRC is not a ciphering algorithm");
    }
    return static_cast<std::uint8_t>(key_version_bits(key_version, "KIc") | low);
}

Kid Kid::decode(std::uint8_t kid, Integrity integrity) {
    const std::uint8_t low = nibble(kid);
    Kid result;
    result.key_version = static_cast<std::uint8_t>(kid >> 4);
    switch (integrity) {
    case Integrity::None:
        result.algorithm = KeyAlgorithm::Implicit;
        return result;
    case Integrity::Ds:
        result.algorithm = KeyAlgorithm::Proprietary;
        return result;
    case Integrity::Rc:
        // TS 102 225 §5.1.3, RC: b2..b1 00 implicit, 01 CRC (b4..b3: 00 CRC16, 01 CRC32, 11 proprietary), 11
        // proprietary; everything else RFU.
        switch (low & 0x03) {
        case 0:
            result.algorithm = KeyAlgorithm::Implicit;
            return result;
        case 1:
            switch (low >> 2) {
            case 0:
                result.algorithm = KeyAlgorithm::Crc16;
                return result;
            case 1:
                result.algorithm = KeyAlgorithm::Crc32;
                return result;
            case 3:
                result.algorithm = KeyAlgorithm::Proprietary;
                return result;
            default:
                throw CodecError("KID", 0, "RFU CRC coding in b4..b3");
            }
        case 3:
            result.algorithm = KeyAlgorithm::Proprietary;
            return result;
        default:
            throw CodecError("KID", 0, "RFU RC algorithm in b2..b1");
        }
    case Integrity::Cc:
        // TS 102 225 §5.1.3, CC: as KIc, but b4..b3 = 11 is RFU for DES (no ECB MAC) and only 00 exists for
        // AES.
        switch (low & 0x03) {
        case 0:
            result.algorithm = KeyAlgorithm::Implicit;
            return result;
        case 1:
            if ((low >> 2) == 3) {
                throw CodecError("KID", 0, "RFU DES CC mode in b4..b3");
            }
            result.algorithm = *des_family(low);
            return result;
        case 2:
            if ((low & 0x0C) != 0) {
                throw CodecError("KID", 0, "RFU AES CC mode in b4..b3");
            }
            result.algorithm = KeyAlgorithm::Aes;
            return result;
        default:
            result.algorithm = KeyAlgorithm::Proprietary;
            return result;
        }
    }
    return result;
}

std::uint8_t Kid::encode() const {
    std::uint8_t low = 0;
    switch (algorithm) {
    case KeyAlgorithm::Implicit:
        low = 0x0;
        break;
    case KeyAlgorithm::DesCbc:
    case KeyAlgorithm::Crc16:
        low = 0x1;
        break;
    case KeyAlgorithm::TripleDes2Key:
    case KeyAlgorithm::Crc32:
        low = 0x5;
        break;
    case KeyAlgorithm::TripleDes3Key:
        low = 0x9;
        break;
    case KeyAlgorithm::Aes:
        low = 0x2;
        break;
    case KeyAlgorithm::Proprietary:
        low = 0x3;
        break;
    case KeyAlgorithm::DesEcb:
        throw std::invalid_argument("KID: DES-ECB is not a checksum algorithm");
    }
    return static_cast<std::uint8_t>(key_version_bits(key_version, "KID") | low);
}

std::string_view describe(ResponseStatus status) noexcept {
    switch (status) {
    case ResponseStatus::PorOk:
        return "PoR OK";
    case ResponseStatus::RcCcDsFailed:
        return "RC/CC/DS failed";
    case ResponseStatus::CounterLow:
        return "CNTR low";
    case ResponseStatus::CounterHigh:
        return "CNTR high";
    case ResponseStatus::CounterBlocked:
        return "CNTR blocked";
    case ResponseStatus::CipheringError:
        return "ciphering error";
    case ResponseStatus::UnidentifiedSecurityError:
        return "unidentified security error";
    case ResponseStatus::InsufficientMemory:
        return "insufficient memory to process incoming message";
    case ResponseStatus::MoreTimeNeeded:
        return "more time needed to process the command packet";
    case ResponseStatus::TarUnknown:
        return "TAR unknown";
    case ResponseStatus::InsufficientSecurityLevel:
        return "insufficient security level";
    case ResponseStatus::ResponseViaSmsSubmit:
        return "actual response data to be sent using SMS-SUBMIT";
    case ResponseStatus::ResponseViaUssd:
        return "actual response data to be sent using USSD";
    }
    // Values not in the tables: C0..FE are left to card vendors (UNCONFIRMED split), the rest is reserved.
    const auto value = static_cast<std::uint8_t>(status);
    return value >= 0xC0 && value <= 0xFE ? "proprietary" : "reserved";
}

bool is_security_failure(ResponseStatus status) noexcept {
    switch (status) {
    case ResponseStatus::RcCcDsFailed:
    case ResponseStatus::CounterLow:
    case ResponseStatus::CounterHigh:
    case ResponseStatus::CounterBlocked:
    case ResponseStatus::CipheringError:
    case ResponseStatus::UnidentifiedSecurityError:
    case ResponseStatus::TarUnknown:
    case ResponseStatus::InsufficientSecurityLevel:
        return true;
    default:
        return false;
    }
}

bool por_wanted(const Spi& spi, ResponseStatus status) noexcept {
    switch (spi.por) {
    case PorRequest::Required:
        return true;
    case PorRequest::OnError:
        return status != ResponseStatus::PorOk;
    case PorRequest::None:
        break;
    }
    return false;
}

bool meets_minimum_security_level(const Spi& spi, std::uint8_t msl) {
    Spi minimum;
    try {
        minimum = Spi::decode(msl, 0);
    } catch (const CodecError&) {
        throw std::invalid_argument("MSL: reserved bits b8..b6 set");
    }
    // TS 102 226 §8.2.1.3.2.4.1: each part of the SPI must be at least the level the MSL names; the
    // enumerators are declared in increasing strength, so the coded values compare directly.
    return (spi.ciphering || !minimum.ciphering) && spi.integrity >= minimum.integrity &&
           spi.counter >= minimum.counter;
}

ResponseStatus CommandUnwrapResult::status() const noexcept {
    if (const auto* rejection = std::get_if<CommandRejection>(&m_outcome)) {
        return rejection->status;
    }
    return ResponseStatus::PorOk;
}

const VerifiedCommand& CommandUnwrapResult::command() const {
    if (const auto* command = std::get_if<VerifiedCommand>(&m_outcome)) {
        return *command;
    }
    const ResponseStatus code = status();
    throw SecurityError("SCP80 command packet rejected: " + std::string(describe(code)) + " (status " +
                        to_hex(Bytes{static_cast<std::uint8_t>(code)}) + ")");
}

const CommandRejection& CommandUnwrapResult::rejection() const {
    if (const auto* rejection = std::get_if<CommandRejection>(&m_outcome)) {
        return *rejection;
    }
    throw std::logic_error("SCP80: rejection() called on an accepted command packet");
}

} // namespace euicc::scp80
