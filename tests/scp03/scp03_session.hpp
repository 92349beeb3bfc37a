// SPDX-License-Identifier: Apache-2.0
// Test helper: an SCP03 session between a HostWrapper and a CardWrapper that talk through encoded bytes.
#pragma once

#include <utility>

#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>

#include "scp03_vectors.hpp"

namespace scp03_test {

using euicc::apdu::CommandApdu;
using euicc::apdu::ResponseApdu;
using euicc::apdu::StatusWord;

/// Both ends of one session. Every message crosses as encoded bytes, as it would through a reader.
struct Session {
    scp03::HostWrapper host;
    scp03::CardWrapper card;

    /// host.wrap -> bytes -> card.unwrap; returns what the card's application sees.
    CommandApdu send(const CommandApdu& plain) {
        const Bytes wire = host.wrap(plain).encode();
        return card.unwrap(CommandApdu::parse(wire));
    }
    /// card.wrap -> bytes -> host.unwrap; returns what the host's caller sees.
    ResponseApdu answer(const ResponseApdu& plain) {
        const Bytes wire = card.wrap(plain).encode();
        return host.unwrap(ResponseApdu::parse(wire));
    }
};

struct SessionSetup {
    scp03::StaticKeys keys = keys_aes128();
    scp03::SecurityLevel level = scp03::SecurityLevel::CMacCDecRMacREnc;
    std::uint8_t i = scp03::i_sgp02;
    scp03::SessionOptions options{};
    std::uint64_t seed = 1;
    std::uint32_t sequence_counter = 1;
};

/// INITIALIZE UPDATE and EXTERNAL AUTHENTICATE through bytes; the host challenge (and a random card challenge)
/// come from FixedRng(setup.seed).
inline Session open_session(const SessionSetup& setup = {}) {
    euicc::FixedRng rng(setup.seed);
    scp03::Challenge host_challenge{};
    rng.fill(host_challenge);
    const std::uint8_t cla = euicc::apdu::cla_with_channel(0x80, setup.options.logical_channel);
    const CommandApdu initialize = scp03::initialize_update(setup.keys.kvn, host_challenge).with_cla(cla);
    scp03::CardParameters card_parameters = isd_r_card(setup.sequence_counter);
    card_parameters.i = setup.i;
    scp03::CardWrapper card(setup.keys, scp03::parse_initialize_update(CommandApdu::parse(initialize.encode())),
                            card_parameters, rng, setup.options);
    const auto response = scp03::InitializeUpdateResponse::parse(card.initialize_update_response().encode());
    scp03::HostWrapper host(setup.keys, host_challenge, response, setup.level, setup.options);
    card.external_authenticate(CommandApdu::parse(host.external_authenticate().encode()));
    host.unwrap(ResponseApdu({}, StatusWord{0x9000}));
    return Session{std::move(host), std::move(card)};
}

/// Distinct bytes 0, 1, 2, ... so that a misplaced block shows.
inline Bytes counting(std::size_t n, std::uint8_t start = 0) {
    Bytes out(n);
    for (std::size_t k = 0; k < n; ++k) {
        out[k] = static_cast<std::uint8_t>(start + k);
    }
    return out;
}

} // namespace scp03_test
