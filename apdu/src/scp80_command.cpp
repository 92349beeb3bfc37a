// SPDX-License-Identifier: Apache-2.0
// TS 102 225 §5.1 / TS 31.115 §4 Command Packet (SMS dialect): built by the sender, checked by the receiver.
#include <stdexcept>
#include <string>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include "scp80_protection.hpp"

namespace euicc::scp80 {

namespace {

using detail::ChecksumSpec;
using detail::CipherSpec;
using detail::Unusable;

// Offsets in the SMS-dialect packet (TS 31.115 §4: 2-byte CPL, 1-byte CHL).
constexpr std::size_t cpl_at = 0;
constexpr std::size_t chl_at = 2;
constexpr std::size_t spi_at = 3;
constexpr std::size_t kic_at = 5;
constexpr std::size_t kid_at = 6;
constexpr std::size_t tar_at = 7;
constexpr std::size_t counter_at = 10; // first ciphered byte
constexpr std::size_t pcntr_at = 15;
constexpr std::size_t checksum_at = 16;
/// CHL without RC/CC/DS: SPI(2) KIc KID TAR(3) CNTR(5) PCNTR.
constexpr std::size_t chl_base = 13;

/// RC/CC length the KID coding implies, when it fixes one (DS and unsupported algorithms do not).
std::optional<std::size_t> coded_checksum_length(Integrity integrity, const Kid& kid) noexcept {
    switch (integrity) {
    case Integrity::None:
        return 0;
    case Integrity::Cc:
        return 8;
    case Integrity::Rc:
        if (kid.algorithm == KeyAlgorithm::Crc16) {
            return 2;
        }
        if (kid.algorithm == KeyAlgorithm::Crc32) {
            return 4;
        }
        return std::nullopt;
    case Integrity::Ds:
        break;
    }
    return std::nullopt;
}

/// The receiving entity's checks, in the order of TS 102 225 §5.1 (see unwrap_command in scp80.hpp).
class CommandChecker {
public:
    CommandChecker(ByteView packet, const KeyLookup& lookup) : m_packet(packet), m_lookup(lookup) {}

    CommandUnwrapResult run() {
        // Header readable: CPL, CHL, SPI, KIc, KID, TAR in clear (TS 102 225 §5.1).
        if (m_packet.size() < counter_at) {
            if (m_packet.size() >= kic_at) {
                try_read_spi();
            }
            return reject(ResponseStatus::UnidentifiedSecurityError);
        }
        m_rejection.tar = Tar{{m_packet[tar_at], m_packet[tar_at + 1], m_packet[tar_at + 2]}};
        const bool spi_ok = try_read_spi();
        const std::size_t cpl = static_cast<std::size_t>(m_packet[cpl_at]) << 8 | m_packet[cpl_at + 1];
        const std::size_t chl = m_packet[chl_at];
        // CPL counts every byte after itself; the CHL part from CNTR on (CNTR PCNTR RC/CC/DS) must be there.
        if (!spi_ok || cpl != m_packet.size() - 2 || chl < chl_base ||
            m_packet.size() - counter_at < chl - 7) {
            return reject(ResponseStatus::UnidentifiedSecurityError);
        }
        const Spi& spi = *m_rejection.spi;
        const std::uint8_t kic_byte = m_packet[kic_at];
        const std::uint8_t kid_byte = m_packet[kid_at];

        // TAR known.
        const std::optional<ReceivingEntity> entity = m_lookup(*m_rejection.tar, kic_byte, kid_byte);
        if (!entity) {
            return reject(ResponseStatus::TarUnknown);
        }

        // KIc/KID codings (for the command and for the PoR it asks for) and CHL consistent with them.
        Kic kic;
        Kid kid;
        Kid por_kid;
        try {
            if (spi.ciphering || spi.por_ciphered) {
                kic = Kic::decode(kic_byte);
            }
            kid = Kid::decode(kid_byte, spi.integrity);
            por_kid = Kid::decode(kid_byte, spi.por_integrity);
        } catch (const CodecError&) {
            return reject(ResponseStatus::UnidentifiedSecurityError);
        }
        if (const auto length = coded_checksum_length(spi.integrity, kid);
            length && chl != chl_base + *length) {
            return reject(ResponseStatus::UnidentifiedSecurityError);
        }

        // Keys and algorithms for ciphering (command and PoR), then deciphering.
        CipherSpec cipher;
        if (spi.ciphering || spi.por_ciphered) {
            auto resolved = detail::resolve_cipher(kic, entity->keys);
            if (const auto* unusable = std::get_if<Unusable>(&resolved)) {
                return reject(unusable->status);
            }
            cipher = std::get<CipherSpec>(resolved);
        }
        if (spi.ciphering && (m_packet.size() - counter_at) % cipher.block != 0) {
            return reject(ResponseStatus::CipheringError);
        }

        // Keys and algorithms for RC/CC (command and PoR), then the check itself.
        auto checksum_resolved = detail::resolve_checksum(kid, spi.integrity, entity->keys);
        if (const auto* unusable = std::get_if<Unusable>(&checksum_resolved)) {
            return reject(unusable->status);
        }
        auto por_checksum = detail::resolve_checksum(por_kid, spi.por_integrity, entity->keys);
        if (const auto* unusable = std::get_if<Unusable>(&por_checksum)) {
            return reject(unusable->status);
        }
        const ChecksumSpec checksum = std::get<ChecksumSpec>(checksum_resolved);

        Bytes buffer(m_packet.begin(), m_packet.end());
        const std::span<std::uint8_t> whole(buffer);
        if (spi.ciphering) {
            detail::decrypt_in_place(cipher, whole.subspan(counter_at));
        }
        const std::size_t data_at = checksum_at + checksum.length;
        if (!detail::verify_checksum(checksum, {whole.first(checksum_at), whole.subspan(data_at)},
                                     whole.subspan(checksum_at, checksum.length))) {
            return reject(ResponseStatus::RcCcDsFailed);
        }

        // PCNTR: padding cannot exceed the secured data. After deciphering without a CC, a wrong KIc key
        // shows here first, hence "ciphering error" for ciphered packets.
        const std::size_t padding = buffer[pcntr_at];
        if (padding > buffer.size() - data_at) {
            return reject(spi.ciphering ? ResponseStatus::CipheringError
                                        : ResponseStatus::UnidentifiedSecurityError);
        }

        // Counter (TS 102 225 §5.1.1 b5..b4). A stored counter at its maximum can never be exceeded: blocked.
        const std::uint64_t counter = detail::get_counter(buffer.data() + counter_at);
        if (spi.counter == CounterMode::Higher || spi.counter == CounterMode::OneHigher) {
            if (entity->counter >= max_counter) {
                return reject(ResponseStatus::CounterBlocked);
            }
            if (counter <= entity->counter) {
                return reject(ResponseStatus::CounterLow);
            }
            if (spi.counter == CounterMode::OneHigher && counter != entity->counter + 1) {
                return reject(ResponseStatus::CounterHigh);
            }
        }

        // Minimum security level (TS 102 226 §8.2.1.3.2.4.1).
        if (!meets_minimum_security_level(spi, entity->minimum_security_level)) {
            return reject(ResponseStatus::InsufficientSecurityLevel);
        }

        VerifiedCommand verified;
        verified.header = CommandHeader{spi, kic_byte, kid_byte, *m_rejection.tar, counter};
        // Reuse the buffer: drop the header in front and the padding behind the secured data.
        buffer.resize(buffer.size() - padding);
        buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(data_at));
        verified.secured_data = std::move(buffer);
        return CommandUnwrapResult(std::move(verified));
    }

private:
    bool try_read_spi() {
        try {
            m_rejection.spi = Spi::decode(m_packet[spi_at], m_packet[spi_at + 1]);
            return true;
        } catch (const CodecError&) {
            return false;
        }
    }

    CommandUnwrapResult reject(ResponseStatus status) {
        m_rejection.status = status;
        return CommandUnwrapResult(std::move(m_rejection));
    }

    ByteView m_packet;
    const KeyLookup& m_lookup;
    CommandRejection m_rejection;
};

} // namespace

Bytes wrap_command(const CommandHeader& header, const Keyset& keys, ByteView secured_data) {
    if (header.counter > max_counter) {
        throw std::invalid_argument("SCP80 command: counter does not fit in 5 bytes");
    }
    const auto protection = detail::sender_protection(header, keys, detail::Direction::Command, true);
    // The PoR's algorithms are checked now too, so that a PoR cannot turn out unverifiable later.
    static_cast<void>(detail::sender_protection(header, keys, detail::Direction::Response, true));

    const std::size_t checksum_length = protection.checksum.length;
    // TS 102 225 §5.1: padding makes CNTR .. end a whole number of cipher blocks; PCNTR counts it.
    const std::size_t padding =
        protection.ciphered
            ? detail::padding_for(5 + 1 + checksum_length + secured_data.size(), protection.cipher.block)
            : 0;
    const std::size_t chl = chl_base + checksum_length;
    const std::size_t cpl = 1 + chl + secured_data.size() + padding;
    if (cpl > 0xFFFF) {
        throw std::invalid_argument("SCP80 command: packet longer than CPL can express");
    }

    Bytes packet(2 + cpl, 0);
    packet[cpl_at] = static_cast<std::uint8_t>(cpl >> 8);
    packet[cpl_at + 1] = static_cast<std::uint8_t>(cpl);
    packet[chl_at] = static_cast<std::uint8_t>(chl);
    const auto spi = header.spi.encode();
    packet[spi_at] = spi[0];
    packet[spi_at + 1] = spi[1];
    packet[kic_at] = header.kic;
    packet[kid_at] = header.kid;
    std::copy(header.tar.bytes.begin(), header.tar.bytes.end(), packet.begin() + tar_at);
    detail::put_counter(header.counter, packet.data() + counter_at);
    packet[pcntr_at] = static_cast<std::uint8_t>(padding);
    const std::size_t data_at = checksum_at + checksum_length;
    std::copy(secured_data.begin(), secured_data.end(),
              packet.begin() + static_cast<std::ptrdiff_t>(data_at));

    // TS 31.115 §4: the RC/CC covers CPL .. PCNTR and the secured data with its padding, not the UDH.
    const std::span<std::uint8_t> whole(packet);
    detail::compute_checksum(protection.checksum, {whole.first(checksum_at), whole.subspan(data_at)},
                             whole.subspan(checksum_at, checksum_length));
    if (protection.ciphered) {
        detail::encrypt_in_place(protection.cipher, whole.subspan(counter_at));
    }
    return packet;
}

CommandUnwrapResult unwrap_command(ByteView packet, const KeyLookup& lookup) {
    return CommandChecker(packet, lookup).run();
}

} // namespace euicc::scp80
