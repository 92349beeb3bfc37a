// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: SCP03 (GP Amd D) card-side command unwrap, host-side response unwrap, INITIALIZE UPDATE and
// SCP03t (spec/scp03.md §9) parsers, with fixed session keys; see the properties below.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"
#include "fuzz_scp03_session.hpp"

using euicc::Bytes;
using euicc::ByteView;
using euicc::fuzz::require;
using euicc::fuzz::Scp03Fixture;
using euicc::apdu::CommandApdu;
using euicc::apdu::ResponseApdu;
namespace scp03 = euicc::scp03;

namespace {

// Input: one selector byte (low nibble: what to feed; high nibble: the session's security level, see
// make_scp03_fixtures) followed by the bytes under test. Only CodecError, SecurityError and TlvErrorResponse may
// escape the library for received bytes; anything else (std::invalid_argument, std::logic_error) is a finding.

/// Card unwrap of a C-APDU. An accepted command re-wraps on the host into one a fresh card accepts with the same
/// plain command; when the re-wrap reproduces the input byte for byte, the card's answer also verifies on the host.
void card_command(const Scp03Fixture& f, ByteView payload) {
    const CommandApdu secured = CommandApdu::parse(payload);
    scp03::CardWrapper card = f.card;
    const CommandApdu plain = card.unwrap(secured);
    require(card.authenticated() && !card.aborted());

    scp03::HostWrapper host = f.host;
    const Bytes rewrapped = host.wrap(plain).encode();
    scp03::CardWrapper fresh = f.card;
    require(fresh.unwrap(CommandApdu::parse(rewrapped)) == plain);
    if (rewrapped == Bytes(payload.begin(), payload.end())) {
        const ResponseApdu answer(plain.data(), euicc::apdu::sw::ok);
        require(host.unwrap(ResponseApdu::parse(card.wrap(answer).encode())) == answer);
    }
}

/// Host unwrap of an R-APDU answering scp03_probe(). With R-MAC an accepted answer is exactly what the card would
/// send for the plaintext; without R-MAC the host passes the answer through untouched.
void host_response(const Scp03Fixture& f, ByteView payload) {
    const ResponseApdu secured = ResponseApdu::parse(payload);
    scp03::HostWrapper host = f.host_waiting;
    const ResponseApdu plain = host.unwrap(secured);
    require(!host.aborted());
    if (!scp03::has_r_mac(f.level)) {
        require(plain == secured);
        return;
    }
    scp03::CardWrapper card = f.card_answering;
    require(card.wrap(plain) == secured);
}

/// INITIALIZE UPDATE: the response parser round-trips byte for byte; the command parser reads P1 as the KVN.
void initialize_update(ByteView payload) {
    try {
        const auto response = scp03::InitializeUpdateResponse::parse(payload);
        require(response.encode() == Bytes(payload.begin(), payload.end()));
        require(response.sequence_counter.has_value() == scp03::IParameter::decode(response.i).pseudo_random_challenge);
    } catch (const euicc::CodecError&) {
    }
    const CommandApdu command = CommandApdu::parse(payload);
    const scp03::InitializeUpdateCommand parsed = scp03::parse_initialize_update(command);
    require(parsed.kvn == command.p1() && parsed.kid == 0);
    require(scp03::parse_initialize_update(scp03::initialize_update(parsed.kvn, parsed.host_challenge)) == parsed);
}

/// SCP03t 84 TLVs: the strict command parser round-trips byte for byte; the response parser round-trips by value.
void initialize_update_tlv(ByteView payload) {
    try {
        const scp03::InitializeUpdateCommand command = scp03::parse_initialize_update_tlv(payload);
        require(scp03::initialize_update_tlv(command.kvn, command.kid, command.host_challenge) ==
                Bytes(payload.begin(), payload.end()));
    } catch (const euicc::CodecError&) {
    }
    const auto response = scp03::parse_initialize_update_tlv_response(payload);
    require(scp03::parse_initialize_update_tlv_response(scp03::initialize_update_tlv_response(response)) == response);
}

/// Card unwrap of an 86 segment (level 33 sessions only): as card_command, in TLV framing.
void card_segment(const Scp03Fixture& f, ByteView payload) {
    scp03::CardWrapper card = f.card;
    const Bytes plain = card.unwrap_tlv(payload);
    require(card.authenticated() && !card.aborted());
    if (plain.empty()) {
        return; // an 86 with a MAC and no data: nothing a host would send
    }
    scp03::HostWrapper host = f.host;
    const Bytes rewrapped = host.wrap_tlv(plain);
    scp03::CardWrapper fresh = f.card;
    require(fresh.unwrap_tlv(rewrapped) == plain);
    if (rewrapped == Bytes(payload.begin(), payload.end())) {
        require(host.unwrap_tlv(card.wrap_tlv(plain)) == plain);
    }
}

/// Host unwrap of the answer to scp03t_probe(): an accepted answer with data is exactly the card's.
void host_segment_answer(const Scp03Fixture& f, ByteView payload) {
    scp03::HostWrapper host = f.host_tlv_waiting;
    const Bytes plain = host.unwrap_tlv(payload);
    require(!host.aborted());
    if (!plain.empty()) {
        scp03::CardWrapper card = f.card_tlv_answering;
        require(card.wrap_tlv(plain) == Bytes(payload.begin(), payload.end()));
    }
}

/// EXTERNAL AUTHENTICATE (APDU and 85 TLV) on a card awaiting it: acceptance opens the session at the P1 level.
void external_authenticate(const Scp03Fixture& f, ByteView payload) {
    try {
        scp03::CardWrapper card = f.card_initial;
        const scp03::SecurityLevel level = card.external_authenticate_tlv(payload);
        require(card.authenticated() && level == scp03::SecurityLevel::CMacCDecRMacREnc);
    } catch (const euicc::CodecError&) {
    } catch (const euicc::SecurityError&) {
    }
    scp03::CardWrapper card = f.card_initial;
    const scp03::SecurityLevel level = card.external_authenticate(CommandApdu::parse(payload));
    require(card.authenticated() && static_cast<std::uint8_t>(level) == payload[2]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<Scp03Fixture> fixtures = euicc::fuzz::make_scp03_fixtures();
    if (size == 0) {
        return 0;
    }
    const Scp03Fixture& f = fixtures[(data[0] >> 4) % fixtures.size()];
    const ByteView payload(data + 1, size - 1);
    const bool level33 = f.level == scp03::SecurityLevel::CMacCDecRMacREnc;
    try {
        switch (data[0] & 0x0F) {
        case 0:
            card_command(f, payload);
            break;
        case 1:
            host_response(f, payload);
            break;
        case 2:
            initialize_update(payload);
            break;
        case 3:
            initialize_update_tlv(payload);
            break;
        case 4:
            if (level33) {
                card_segment(f, payload);
            }
            break;
        case 5:
            if (level33) {
                host_segment_answer(f, payload);
            }
            break;
        case 6:
            external_authenticate(f, payload);
            break;
        default:
            break;
        }
    } catch (const euicc::CodecError&) {
    } catch (const euicc::SecurityError&) {
    } catch (const scp03::TlvErrorResponse&) {
    }
    return 0;
}
