// SPDX-License-Identifier: Apache-2.0
// Helpers for the OTA tests of the virtual eUICC: build SMS-PP download envelopes with the host-role SCP80, SMS and
// CAT codecs (TS 102 225, TS 23.040, TS 31.111), and play the terminal's part (FETCH, TERMINAL RESPONSE).
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/sms_concatenation.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/card/virtual_euicc.hpp>

namespace euicc::card::test {

using namespace euicc::literals;

/// The shared-decision TEST keyset, spelled out again so a wrong constant in the card is caught.
inline scp80::Keyset test_keys() {
    return scp80::Keyset{1, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
                         SecretBytes("505152535455565758595A5B5C5D5E5F"_hex)};
}

/// A command header for the ISD-R (TAR 000000) with KIc/KID 12 (KVN 1, AES). Default SPI 16 19: counter higher,
/// ciphering, CC; PoR required with CC, ciphered, in the SMS-DELIVER-REPORT (byte 2 b6 = 0; 39 would ask for it by
/// SMS-SUBMIT).
inline scp80::CommandHeader isd_r_header(std::uint64_t counter, std::uint8_t spi1 = 0x16,
                                         std::uint8_t spi2 = 0x19) {
    return scp80::CommandHeader{scp80::Spi::decode(spi1, spi2), 0x12, 0x12, scp80::Tar{}, counter};
}

/// The SM-SR's originating address of the shared decision: +8821234567.
inline sms::Address smsr_address() {
    return sms::Address::international("8821234567");
}

/// TP-SCTS of the test SMS (the card does not read it).
inline sms::Timestamp some_time() {
    return sms::Timestamp{24, 6, 1, 12, 0, 0, 0};
}

/// The SMS-DELIVER TPDUs carrying `packet` (one, or concatenated parts with 8-bit reference `reference`).
inline std::vector<Bytes> deliver_tpdus(ByteView packet, std::uint8_t reference = 7) {
    std::vector<Bytes> tpdus;
    for (const sms::UserData& part :
         sms::split_command_packet(packet, sms::ConcatenationReference::eight_bit(reference))) {
        tpdus.push_back(sms::make_sms_pp_deliver(smsr_address(), some_time(), part).encode());
    }
    return tpdus;
}

/// `80 C2 00 00 Lc D1 {82 02 83 81, [86 SMS-C], 8B TPDU}` for one TPDU.
inline Bytes envelope_apdu_for(const Bytes& tpdu, std::optional<cat::Address> smsc = std::nullopt) {
    cat::SmsPpDownload download;
    download.address = std::move(smsc);
    download.tpdu = tpdu;
    return cat::envelope_apdu(cat::encode(download)).encode();
}

/// The ENVELOPE C-APDUs of a command packet, one per SMS part.
inline std::vector<Bytes> sms_pp_envelopes(ByteView packet, std::uint8_t reference = 7) {
    std::vector<Bytes> apdus;
    for (const Bytes& tpdu : deliver_tpdus(packet, reference)) {
        apdus.push_back(envelope_apdu_for(tpdu));
    }
    return apdus;
}

inline apdu::ResponseApdu send(VirtualEuicc& card, const Bytes& command) {
    return apdu::ResponseApdu::parse(card.process(command));
}

/// Wraps `secured_data` for the ISD-R and delivers it in one SMS (the packet must fit 137 octets).
inline apdu::ResponseApdu send_secured(VirtualEuicc& card, const scp80::CommandHeader& header,
                                       ByteView secured_data) {
    const std::vector<Bytes> apdus = sms_pp_envelopes(scp80::wrap_command(header, test_keys(), secured_data));
    REQUIRE(apdus.size() == 1);
    return send(card, apdus.front());
}

/// Wraps `secured_data` for the ISD-R and delivers it in as many SMS as it takes; earlier parts must be taken
/// without data (9000, or 91xx when a proactive command from before is waiting).
inline apdu::ResponseApdu send_packet(VirtualEuicc& card, const scp80::CommandHeader& header,
                                      ByteView secured_data) {
    const std::vector<Bytes> apdus = sms_pp_envelopes(scp80::wrap_command(header, test_keys(), secured_data));
    for (std::size_t i = 0; i + 1 < apdus.size(); ++i) {
        const apdu::ResponseApdu part = send(card, apdus[i]);
        REQUIRE(part.data().empty());
        REQUIRE((part.sw() == apdu::sw::ok || part.sw().sw1() == 0x91));
    }
    return send(card, apdus.back());
}

/// The PoR in an ENVELOPE response (SMS-DELIVER-REPORT path), verified with the test keys.
inline scp80::ResponsePacket por_of(const apdu::ResponseApdu& answer, const scp80::CommandHeader& sent) {
    REQUIRE(answer.sw() == apdu::sw::ok);
    return scp80::unwrap_response(answer.data(), sent, test_keys());
}

/// FETCH after a 91xx: the D0 TLV of the proactive command.
inline Bytes fetch_bytes(VirtualEuicc& card, apdu::StatusWord announced) {
    REQUIRE(announced.sw1() == 0x91);
    const apdu::ResponseApdu fetched = send(card, Bytes{0x80, 0x12, 0x00, 0x00, announced.sw2()});
    REQUIRE(fetched.sw() == apdu::sw::ok);
    REQUIRE(fetched.data().size() == announced.sw2());
    return fetched.data();
}

/// FETCH after a 91xx: the proactive command, parsed as the terminal does.
inline cat::ProactiveCommand fetch(VirtualEuicc& card, apdu::StatusWord announced) {
    return cat::parse_proactive_command(fetch_bytes(card, announced));
}

inline apdu::ResponseApdu respond(VirtualEuicc& card, const cat::TerminalResponse& response) {
    return send(card, cat::terminal_response_apdu(response).encode());
}

/// TERMINAL RESPONSE "performed successfully" to `command`.
inline apdu::ResponseApdu respond_ok(VirtualEuicc& card, const cat::ProactiveCommand& command) {
    return respond(card, cat::response_to(command, cat::Result::ok()));
}

} // namespace euicc::card::test
