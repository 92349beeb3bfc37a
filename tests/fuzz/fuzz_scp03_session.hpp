// SPDX-License-Identifier: Apache-2.0
// Fuzz helper: fixed SCP03 (GP Amd D) sessions, one per security level, with both ends at known states.
#pragma once

#include <vector>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>

namespace euicc::fuzz {

/// The command the "waiting" states have exchanged: GET STATUS of the ISD-Ps (`80 F2 40 02 05 4F00 5C014F 00`).
inline const apdu::CommandApdu& scp03_probe() {
    static const apdu::CommandApdu probe(0x80, 0xF2, 0x40, 0x02, Bytes{0x4F, 0x00, 0x5C, 0x01, 0x4F}, 256);
    return probe;
}

/// The segment the "waiting" SCP03t states have exchanged.
inline const Bytes& scp03t_probe() {
    static const Bytes segment{0xA0, 0x0B, 0x80, 0x01, 0x02, 0x81, 0x01, 0x00, 0x82, 0x03, 0x74, 0x65, 0x73};
    return segment;
}

/// One AES-128 session (pySim KEYSET_AES128, i = 70, ISD-R AID, sequence counter 1, fixed host challenge)
/// at `level`, captured at every state the fuzz target starts from. Everything is deterministic, so seed
/// generators that build the same fixture produce inputs these states accept.
struct Scp03Fixture {
    scp03::SecurityLevel level;
    scp03::HostWrapper host_initial;   ///< card cryptogram checked, EXTERNAL AUTHENTICATE not yet sent
    scp03::CardWrapper card_initial;   ///< INITIALIZE UPDATE processed, awaiting EXTERNAL AUTHENTICATE
    scp03::HostWrapper host;           ///< authenticated, nothing wrapped yet
    scp03::CardWrapper card;           ///< authenticated, nothing unwrapped yet
    scp03::HostWrapper host_waiting;   ///< has wrapped scp03_probe(), awaits its answer
    scp03::CardWrapper card_answering; ///< has unwrapped scp03_probe(), owes its answer
    scp03::HostWrapper host_tlv_waiting;   ///< level 33 only: has wrapped scp03t_probe() as an 86 TLV
    scp03::CardWrapper card_tlv_answering; ///< level 33 only: has unwrapped that 86 TLV
};

inline scp03::StaticKeys scp03_fuzz_keys() {
    const Bytes enc{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    Bytes mac = enc;
    Bytes dek = enc;
    for (std::size_t i = 0; i < enc.size(); ++i) {
        mac[i] = static_cast<std::uint8_t>(0x10 + i);
        dek[i] = static_cast<std::uint8_t>(0x20 + i);
    }
    return scp03::StaticKeys{0x30, SecretBytes(enc), SecretBytes(mac), SecretBytes(dek)};
}

inline Scp03Fixture make_scp03_fixture(scp03::SecurityLevel level) {
    const scp03::StaticKeys keys = scp03_fuzz_keys();
    const scp03::Challenge host_challenge{0xb1, 0x3e, 0x5f, 0x93, 0x8f, 0xc1, 0x08, 0xc4};
    scp03::CardParameters parameters;
    parameters.sequence_counter = 1;
    parameters.sd_aid.assign(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end());
    FixedRng unused(0);
    scp03::CardWrapper card_initial(keys, scp03::InitializeUpdateCommand{keys.kvn, 0, host_challenge}, parameters,
                                    unused);
    scp03::HostWrapper host_initial(keys, host_challenge, card_initial.initialize_update_response(), level);

    scp03::HostWrapper host = host_initial;
    scp03::CardWrapper card = card_initial;
    card.external_authenticate(host.external_authenticate());
    host.unwrap(apdu::ResponseApdu({}, apdu::sw::ok));

    scp03::HostWrapper host_waiting = host;
    scp03::CardWrapper card_answering = card;
    card_answering.unwrap(host_waiting.wrap(scp03_probe()));

    scp03::HostWrapper host_tlv_waiting = host;
    scp03::CardWrapper card_tlv_answering = card;
    if (level == scp03::SecurityLevel::CMacCDecRMacREnc) {
        card_tlv_answering.unwrap_tlv(host_tlv_waiting.wrap_tlv(scp03t_probe()));
    }
    return Scp03Fixture{level, host_initial, card_initial, host, card, host_waiting, card_answering,
                        host_tlv_waiting, card_tlv_answering};
}

/// The levels the fuzz target covers, indexed by the high nibble of its first input byte.
inline std::vector<Scp03Fixture> make_scp03_fixtures() {
    std::vector<Scp03Fixture> all;
    for (const auto level : {scp03::SecurityLevel::CMac, scp03::SecurityLevel::CMacCDec, scp03::SecurityLevel::CMacRMac,
                             scp03::SecurityLevel::CMacCDecRMac, scp03::SecurityLevel::CMacCDecRMacREnc}) {
        all.push_back(make_scp03_fixture(level));
    }
    return all;
}

} // namespace euicc::fuzz
