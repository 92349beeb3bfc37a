// SPDX-License-Identifier: Apache-2.0
// SCP03 INITIALIZE UPDATE command and response (GPCS v2.3.1 §D.4.1, GP Amd D v1.1.1 §7.1.1 Table 7-2).
#include <euicc/apdu/scp03.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

namespace {

constexpr std::uint8_t cla_gp = 0x80;
constexpr std::uint8_t ins_initialize_update = 0x50;
constexpr std::size_t response_size = 29;
constexpr std::size_t counter_size = 3;
constexpr std::size_t key_information_offset = 10;
constexpr std::size_t i_offset = 12;

template <std::size_t N>
void copy_out(ByteView from, std::array<std::uint8_t, N>& to) {
    std::copy_n(from.begin(), N, to.begin());
}

} // namespace

CommandApdu initialize_update(std::uint8_t kvn, const Challenge& host_challenge) {
    // Le 00: the card answers with 29 or 32 bytes (GPCS §D.4.1).
    return CommandApdu(cla_gp, ins_initialize_update, kvn, 0x00, Bytes(host_challenge.begin(), host_challenge.end()),
                       256);
}

InitializeUpdateCommand parse_initialize_update(const CommandApdu& command) {
    const char* context = "INITIALIZE UPDATE";
    if (command.ins() != ins_initialize_update) {
        throw CodecError(context, 1, "INS " + to_hex(Bytes{command.ins()}) + " is not INITIALIZE UPDATE");
    }
    if (command.p2() != 0x00) {
        throw CodecError(context, 3, "key identifier (P2) must be 00");
    }
    InitializeUpdateCommand out;
    if (command.data().size() != out.host_challenge.size()) {
        // 16 bytes would be S16 mode (Amd D v1.2), which this implementation does not offer.
        throw CodecError(context, 4, "host challenge of " + std::to_string(command.data().size()) +
                                         " bytes, expected 8");
    }
    out.kvn = command.p1();
    copy_out(command.data(), out.host_challenge);
    return out;
}

InitializeUpdateResponse InitializeUpdateResponse::parse(ByteView data) {
    ByteReader r(data, "INITIALIZE UPDATE response");
    if (data.size() != response_size && data.size() != response_size + counter_size) {
        r.fail(std::to_string(data.size()) + " bytes, expected 29 or 32");
    }
    InitializeUpdateResponse out;
    copy_out(r.take(out.diversification_data.size()), out.diversification_data);
    out.kvn = r.u8();
    const std::uint8_t scp = r.u8();
    if (scp != scp_identifier) {
        r.fail_at(key_information_offset + 1, "SCP identifier " + to_hex(Bytes{scp}) + ", expected 03");
    }
    out.i = r.u8();
    IParameter i;
    try {
        i = IParameter::decode(out.i);
    } catch (const CodecError&) {
        r.fail_at(i_offset, "i parameter " + to_hex(Bytes{out.i}) + " does not decode (Amd D Table 5-1)");
    }
    if (i.s16) {
        r.fail_at(i_offset, "S16 mode (i b4) is not supported");
    }
    copy_out(r.take(out.card_challenge.size()), out.card_challenge);
    copy_out(r.take(out.card_cryptogram.size()), out.card_cryptogram);
    // Amd D Table 7-2: the sequence counter is present only in pseudo-random mode.
    if (i.pseudo_random_challenge != !r.empty()) {
        r.fail(i.pseudo_random_challenge ? "i announces a pseudo-random challenge but no sequence counter follows"
                                         : "sequence counter present although i announces a random challenge");
    }
    if (!r.empty()) {
        out.sequence_counter = r.u24be();
    }
    r.expect_end();
    return out;
}

Bytes InitializeUpdateResponse::encode() const {
    const IParameter decoded = detail::configured_i(i);
    if (decoded.pseudo_random_challenge != sequence_counter.has_value()) {
        throw std::invalid_argument("INITIALIZE UPDATE response: sequence counter must be present exactly in "
                                    "pseudo-random mode");
    }
    if (sequence_counter && *sequence_counter > max_sequence_counter) {
        throw std::invalid_argument("INITIALIZE UPDATE response: sequence counter does not fit 3 bytes");
    }
    Bytes out(diversification_data.begin(), diversification_data.end());
    out.push_back(kvn);
    out.push_back(scp_identifier);
    out.push_back(i);
    out.insert(out.end(), card_challenge.begin(), card_challenge.end());
    out.insert(out.end(), card_cryptogram.begin(), card_cryptogram.end());
    if (sequence_counter) {
        out.push_back(static_cast<std::uint8_t>(*sequence_counter >> 16));
        out.push_back(static_cast<std::uint8_t>(*sequence_counter >> 8));
        out.push_back(static_cast<std::uint8_t>(*sequence_counter));
    }
    return out;
}

namespace detail {

InitializeUpdateResponse card_answer(std::uint8_t kvn, const SessionKeys& session, const Challenge& host_challenge,
                                     const Challenge& card_challenge, const CardParameters& card,
                                     const IParameter& i) {
    InitializeUpdateResponse out;
    out.diversification_data = card.diversification_data;
    out.kvn = kvn;
    out.i = card.i;
    out.card_challenge = card_challenge;
    out.card_cryptogram = card_cryptogram(session, host_challenge, card_challenge);
    if (i.pseudo_random_challenge) {
        out.sequence_counter = card.sequence_counter;
    }
    return out;
}

} // namespace detail

InitializeUpdateResponse predict_initialize_update_response(const StaticKeys& keys,
                                                            const Challenge& host_challenge,
                                                            const CardParameters& card) {
    const IParameter i = detail::configured_i(card.i);
    if (!i.pseudo_random_challenge) {
        throw std::invalid_argument("SCP03: a random card challenge cannot be predicted (i = " +
                                    to_hex(Bytes{card.i}) + ")");
    }
    keys.validate();
    const Challenge challenge = pseudo_random_card_challenge(keys.enc.view(), card.sequence_counter, card.sd_aid);
    const SessionKeys session = derive_session_keys(keys, host_challenge, challenge);
    return detail::card_answer(keys.kvn, session, host_challenge, challenge, card, i);
}

} // namespace euicc::scp03
