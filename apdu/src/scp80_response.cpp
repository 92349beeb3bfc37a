// SPDX-License-Identifier: Apache-2.0
// TS 102 225 §5.2 / TS 31.115 §4 Response Packet (PoR), SMS dialect: built by the card, checked by the host.
#include <algorithm>
#include <stdexcept>
#include <string>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include "scp80_protection.hpp"

namespace euicc::scp80 {

namespace {

// TS 31.115 §4: the PoR's user data header (IEI 71, Response Packet Identifier). It is part of the RC/CC
// input.
constexpr std::array<std::uint8_t, 3> por_udh{0x02, 0x71, 0x00};

// Offsets in the Response Packet, from RPL on (2-byte RPL, 1-byte RHL).
constexpr std::size_t rhl_at = 2;
constexpr std::size_t tar_at = 3;
constexpr std::size_t counter_at = 6; // first ciphered byte
constexpr std::size_t pcntr_at = 11;
constexpr std::size_t status_at = 12;
constexpr std::size_t checksum_at = 13;
/// RHL without RC/CC/DS: TAR(3) CNTR(5) PCNTR STATUS.
constexpr std::size_t rhl_base = 0x0A;

/// Lays out `02 71 00` RPL RHL TAR CNTR PCNTR STATUS [RC/CC] data [padding] with a zero RC/CC field.
Bytes layout(const Tar& tar, std::uint64_t counter, ResponseStatus status, std::size_t checksum_length,
             ByteView data, std::size_t padding) {
    const std::size_t rhl = rhl_base + checksum_length;
    const std::size_t rpl = 1 + rhl + data.size() + padding;
    if (rpl > 0xFFFF) {
        throw std::invalid_argument("SCP80 PoR: response data longer than RPL can express");
    }
    Bytes out(por_udh.size() + 2 + rpl, 0);
    std::copy(por_udh.begin(), por_udh.end(), out.begin());
    const std::span<std::uint8_t> packet = std::span<std::uint8_t>(out).subspan(por_udh.size());
    packet[0] = static_cast<std::uint8_t>(rpl >> 8);
    packet[1] = static_cast<std::uint8_t>(rpl);
    packet[rhl_at] = static_cast<std::uint8_t>(rhl);
    std::copy(tar.bytes.begin(), tar.bytes.end(), packet.begin() + tar_at);
    detail::put_counter(counter, packet.data() + counter_at);
    packet[pcntr_at] = static_cast<std::uint8_t>(padding);
    packet[status_at] = static_cast<std::uint8_t>(status);
    std::copy(data.begin(), data.end(),
              packet.begin() + static_cast<std::ptrdiff_t>(checksum_at + checksum_length));
    return out;
}

/// The unsecured form cards use for errors: RHL 0A, CNTR 0 (observed), no padding, no RC/CC, not ciphered.
Bytes unsecured_por(const Tar& tar, ResponseStatus status, ByteView data) {
    return layout(tar, 0, status, 0, data, 0);
}

[[noreturn]] void malformed(std::size_t offset, const std::string& reason) {
    throw CodecError("PoR", offset, reason);
}

} // namespace

Bytes wrap_response(const CommandHeader& received, const Keyset& keys, ResponseStatus status,
                    ByteView response_data) {
    if (is_security_failure(status)) {
        return unsecured_por(received.tar, status, response_data);
    }
    if (received.counter > max_counter) {
        throw std::invalid_argument("SCP80 PoR: counter does not fit in 5 bytes");
    }
    // The card's lookup chose `keys` for this command, so their KVN is not compared with KIc/KID here.
    const auto protection = detail::sender_protection(received, keys, detail::Direction::Response, false);
    const std::size_t checksum_length = protection.checksum.length;
    const std::size_t padding =
        protection.ciphered
            ? detail::padding_for(5 + 1 + 1 + checksum_length + response_data.size(), protection.cipher.block)
            : 0;
    Bytes out = layout(received.tar, received.counter, status, checksum_length, response_data, padding);

    // TS 31.115 §4: the PoR's RC/CC covers the UDH 02 71 00, RPL .. STATUS, the data and the padding.
    const std::span<std::uint8_t> whole(out);
    const std::size_t packet_at = por_udh.size();
    const std::size_t data_at = packet_at + checksum_at + checksum_length;
    detail::compute_checksum(protection.checksum,
                             {whole.first(packet_at + checksum_at), whole.subspan(data_at)},
                             whole.subspan(packet_at + checksum_at, checksum_length));
    if (protection.ciphered) {
        // TS 102 225 §5.2: CNTR .. end is ciphered, as in the command.
        detail::encrypt_in_place(protection.cipher, whole.subspan(packet_at + counter_at));
    }
    return out;
}

Bytes wrap_error_response(const CommandRejection& rejection) {
    return unsecured_por(rejection.tar.value_or(Tar{}), rejection.status, {});
}

ResponsePacket unwrap_response(ByteView user_data, const CommandHeader& sent, const Keyset& keys) {
    // Offsets in CodecErrors refer to `user_data` as given.
    std::size_t base = 0;
    if (user_data.size() >= por_udh.size() && std::equal(por_udh.begin(), por_udh.end(), user_data.begin())) {
        base = por_udh.size();
    }
    const ByteView packet = user_data.subspan(base);
    if (packet.size() < checksum_at) {
        malformed(user_data.size(), "truncated: a Response Packet has at least 13 bytes");
    }
    const std::size_t rpl = static_cast<std::size_t>(packet[0]) << 8 | packet[1];
    if (rpl != packet.size() - 2) {
        malformed(base, "RPL " + std::to_string(rpl) + " but " + std::to_string(packet.size() - 2) +
                            " byte(s) follow it");
    }
    const std::size_t rhl = packet[rhl_at];
    if (rhl < rhl_base || rhl + 1 > rpl) {
        malformed(base + rhl_at, "RHL " + std::to_string(rhl) + " outside 10 .. RPL-1");
    }

    const auto protection = detail::sender_protection(sent, keys, detail::Direction::Response, true);
    const std::size_t checksum_length = protection.checksum.length;
    const bool security_asked = protection.ciphered || checksum_length != 0;

    // Which form did the card use? RHL says whether an RC/CC is present; for a PoR that is only ciphered, a
    // part after TAR that is no whole number of blocks cannot be ciphertext.
    bool secured = security_asked;
    if (checksum_length != 0) {
        if (rhl == rhl_base) {
            secured = false;
        } else if (rhl != rhl_base + checksum_length) {
            malformed(base + rhl_at, "RHL does not match the RC/CC that SPI byte 2 asked for");
        }
    } else {
        if (rhl != rhl_base) {
            malformed(base + rhl_at, "RHL announces an RC/CC/DS that SPI byte 2 did not ask for");
        }
        if (protection.ciphered && (packet.size() - counter_at) % protection.cipher.block != 0) {
            secured = false;
        }
    }

    ResponsePacket result;
    result.tar = Tar{{packet[tar_at], packet[tar_at + 1], packet[tar_at + 2]}};
    result.secured = secured;
    if (result.tar != sent.tar) {
        throw SecurityError("SCP80 PoR: TAR differs from the command's TAR");
    }

    const std::size_t used_checksum = secured ? checksum_length : 0;
    const std::size_t data_at = checksum_at + used_checksum;
    Bytes buffer(packet.begin(), packet.end());
    const std::span<std::uint8_t> whole(buffer);
    if (secured) {
        if (protection.ciphered) {
            if ((buffer.size() - counter_at) % protection.cipher.block != 0) {
                malformed(base + counter_at, "ciphered part is not a whole number of cipher blocks");
            }
            detail::decrypt_in_place(protection.cipher, whole.subspan(counter_at));
        }
        if (!detail::verify_checksum(protection.checksum,
                                     {por_udh, whole.first(checksum_at), whole.subspan(data_at)},
                                     whole.subspan(checksum_at, checksum_length))) {
            throw SecurityError("SCP80 PoR: RC/CC mismatch");
        }
    }

    result.counter = detail::get_counter(buffer.data() + counter_at);
    result.status = static_cast<ResponseStatus>(buffer[status_at]);
    const std::size_t padding = buffer[pcntr_at];
    if (padding > buffer.size() - data_at) {
        malformed(base + pcntr_at, "PCNTR beyond the response data");
    }
    if (!secured && security_asked && result.status == ResponseStatus::PorOk) {
        throw SecurityError("SCP80 PoR: status 00 without the RC/CC/ciphering SPI byte 2 asked for");
    }
    // Unsecured error PoRs come with a zero CNTR from real cards (scp80.md §5), so only the others must echo
    // it.
    const bool unsecured_error = !secured && result.status != ResponseStatus::PorOk;
    if (!unsecured_error && result.counter != sent.counter) {
        throw SecurityError("SCP80 PoR: CNTR differs from the command's CNTR");
    }

    buffer.resize(buffer.size() - padding);
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(data_at));
    result.data = std::move(buffer);
    return result;
}

} // namespace euicc::scp80
