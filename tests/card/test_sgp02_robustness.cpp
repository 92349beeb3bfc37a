// SPDX-License-Identifier: Apache-2.0
// Robustness of the SGP.02 commands: random and mutated APDUs to the ISD-R and an ISD-P, in and out of SCP03
// sessions, and random SCP03t TLVs, never crash the card and always get a documented status word.
#include <catch2/catch.hpp>

#include <random>

#include "card_test_util.hpp"
#include "robustness_util.hpp"
#include "sgp02_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::card::test;

namespace {

class Fuzzer {
public:
    explicit Fuzzer(std::uint32_t seed) : m_rng(seed) {}

    std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }
    std::uint8_t byte() { return static_cast<std::uint8_t>(below(256)); }
    Bytes bytes(std::size_t max) {
        Bytes out(below(max + 1));
        for (std::uint8_t& b : out) {
            b = byte();
        }
        return out;
    }
    /// `valid` with one to three random changes (replace, truncate, insert, flip).
    Bytes mutate(Bytes valid) {
        for (std::size_t m = 0, n = 1 + below(3); m < n; ++m) {
            const std::size_t at = below(valid.size() + 1);
            switch (below(4)) {
            case 0:
                if (at < valid.size()) {
                    valid[at] = byte();
                }
                break;
            case 1: valid.resize(at); break;
            case 2: valid.insert(valid.begin() + static_cast<std::ptrdiff_t>(at), byte()); break;
            default:
                if (at < valid.size()) {
                    valid[at] ^= static_cast<std::uint8_t>(1U << below(8));
                }
                break;
            }
        }
        return valid;
    }

private:
    std::mt19937 m_rng;
};

/// Plain ES5/GP commands the ISD-R understands, as templates for mutation.
std::vector<apdu::CommandApdu> templates(ByteView aid) {
    sgp02::CreateIsdp create;
    create.isdp_aid = Bytes(aid.begin(), aid.end());
    create.non_volatile_quota = 1000;
    // Key removals stay away from keyset 30, which the test needs to open its sessions.
    const std::vector<sgp02::KeysetRange> ranges{{0x01, 1, 2}};
    const scp03::StaticKeys keys = keyset(0x33, 0x01);
    return {sgp02::create_isdp(create),
            sgp02::enable_profile(aid),
            sgp02::disable_profile(aid),
            sgp02::set_fallback_attribute(aid),
            sgp02::delete_profile(aid),
            sgp02::update_smsr_addressing_parameters("8821234567"),
            sgp02::update_connectivity_parameters("33689924111"),
            sgp02::notification_confirmation(1),
            sgp02::audit_isdps(),
            sgp02::audit_isdp(aid),
            sgp02::audit_card_resources(),
            gp::get_status(gp::StatusScope::Applications, {}, true),
            gp::get_data(0xE0),
            gp::get_data(0xE1),
            gp::install_for_personalization(aid),
            gp::put_key_aes(0x33, {keys.enc.view(), keys.mac.view(), keys.dek.view()}, isd_r_keys().dek.view()),
            gp::delete_key(std::nullopt, 0x33),
            sgp02::finalise_isdr_handover(ranges),
            scp03::initialize_update(0x30, scp03::Challenge{})};
}

} // namespace

TEST_CASE("random and mutated SGP.02 commands, plain and in SCP03 sessions, never crash the card",
          "[card][sgp02][robustness]") {
    card::VirtualEuicc card({});
    REQUIRE(install_profile(card, isdp(0x10), generated_profile("8949001122334455001")).back().ok());
    const std::vector<apdu::CommandApdu> valid = templates(isdp(0x11));
    Fuzzer fuzz(20240611);
    std::optional<Scp03Host> session;
    for (int i = 0; i < 3000; ++i) {
        const apdu::CommandApdu& base = valid[fuzz.below(valid.size())];
        Bytes command;
        switch (fuzz.below(4)) {
        case 0:  // a valid command, plain (6982 for most)
            command = base.encode();
            break;
        case 1:  // a mutated plain command
            command = fuzz.mutate(base.encode());
            break;
        case 2: {  // a valid command wrapped by the session (the card may answer anything documented)
            if (!session) {
                session.emplace(isd_r_session(card));
            }
            command = session->wrapper().wrap(base).encode();
            break;
        }
        default: {  // a wrapped command with damage: the session is dropped
            if (!session) {
                session.emplace(isd_r_session(card));
            }
            command = fuzz.mutate(session->wrapper().wrap(base).encode());
            session.reset();
            break;
        }
        }
        const Bytes answer = card.process(command);
        check_documented_answer(command, answer);
        // After an error the host side cannot tell whether the card kept the session: start a new one.
        if (answer.size() == 2 && answer[0] != 0x90) {
            session.reset();
        }
        if (i % 500 == 499) {
            card.reset();
            session.reset();
        }
    }
    // Still a working platform afterwards.
    card.reset();
    Scp03Host isd_r = isd_r_session(card);
    CHECK(isd_r.transmit(sgp02::audit_card_resources()).sw() == apdu::sw::ok);
}

TEST_CASE("random SCP03t TLVs and STORE DATA blocks to an ISD-P never crash the card", "[card][sgp02][robustness]") {
    card::VirtualEuicc card({});
    const Bytes aid = isdp(0x10);
    const scp03::StaticKeys keys = keyset(0x30, 0x10);
    {
        Scp03Host isd_r = isd_r_session(card);
        REQUIRE(create_isdp(isd_r, aid) == apdu::sw::ok);
        establish_keys(isd_r, aid, keys);
    }
    Fuzzer fuzz(77);
    const Bytes package = ts48_profile();
    for (int i = 0; i < 1500; ++i) {
        if (i % 50 == 0) {
            // Sometimes a real session, so that random segments meet an authenticated ISD-P.
            Scp03tHost sm_dp(card, aid, keys, 0, static_cast<std::uint64_t>(i + 10));
            for (std::size_t k = 0, n = fuzz.below(4); k < n; ++k) {
                const std::size_t at = fuzz.below(package.size());
                const Bytes segment(package.begin() + static_cast<std::ptrdiff_t>(at),
                                    package.begin() + static_cast<std::ptrdiff_t>(std::min(package.size(), at + 500)));
                const apdu::ResponseApdu answer = sm_dp.raw(fuzz.below(3) == 0 ? fuzz.mutate(sm_dp.wrapper().wrap_tlv(segment))
                                                                               : sm_dp.wrapper().wrap_tlv(segment));
                check_documented_answer({}, answer.encode());
                if (answer.data().empty() || answer.data()[0] != 0x86) {
                    break;  // the card ended the session
                }
                try {
                    sm_dp.wrapper().unwrap_tlv(answer.data());
                } catch (const Error&) {
                    break;
                }
            }
        }
        const std::uint8_t tags[] = {0x84, 0x85, 0x86, 0x87, 0x9F};
        Bytes tlv{tags[fuzz.below(5)]};
        const Bytes value = fuzz.bytes(fuzz.below(4) == 0 ? 1100 : 40);
        append(tlv, ber::encode_length(value.size()));
        append(tlv, value);
        const Bytes blockish = fuzz.below(5) == 0 ? fuzz.mutate(tlv) : tlv;
        const std::uint8_t p1 = fuzz.below(4) == 0 ? fuzz.byte() : static_cast<std::uint8_t>(fuzz.below(2) == 0 ? 0x91 : 0x11);
        const std::uint8_t p2 = fuzz.below(3) == 0 ? fuzz.byte() : static_cast<std::uint8_t>(fuzz.below(3));
        if (blockish.empty()) {
            continue;
        }
        const Bytes command = apdu::CommandApdu(0x80, 0xE2, p1, p2, blockish, 256).encode();
        check_documented_answer(command, card.process(command));
    }
    // The ISD-P is still PERSONALIZED (nothing random installed) and takes a real download.
    Scp03tHost sm_dp(card, aid, keys, 0, 99);
    CHECK(sm_dp.download(package).back().ok());
}
