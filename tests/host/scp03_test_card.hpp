// SPDX-License-Identifier: Apache-2.0
// Test helper: a scripted card that speaks SCP03 (GP Amd D) and SCP03t-over-STORE DATA (spec/saip.md §9.2) with
// the real card-side crypto (scp03::CardWrapper), so host tests can check plain command sequences end to end.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/transport/card_endpoint.hpp>

namespace euicc::host::test {

/// Each scripted step handles one or more C-APDUs. Plain steps compare raw bytes (like transport::ScriptedCard);
/// secure steps unwrap with the card's scp03::CardWrapper, compare the *plain* command with the expected one
/// and wrap a canned plain answer; TLV steps reassemble STORE DATA blocks (P1 11/91, P2 from 00, CLA of the
/// expected channel) into one SCP03t TLV and answer it. A mismatch, a security failure or an extra command
/// answers 6F00 and records a description in failures().
class Scp03TestCard final : public transport::CardEndpoint {
public:
    /// `seed` feeds the card's Rng (random challenges are not used: the card runs i = 70, pseudo-random).
    explicit Scp03TestCard(std::uint64_t seed = 7) : m_rng(seed) {}

    Bytes atr() const override { return {0x3B, 0x00}; }
    void power_on() override {}
    void power_off() override {}
    void reset() override {}

    Bytes process(ByteView raw) noexcept override {
        if (m_next >= m_steps.size()) {
            return fail("extra command " + to_hex(raw));
        }
        try {
            const apdu::CommandApdu command = apdu::CommandApdu::parse(raw);
            std::optional<Bytes> answer = m_steps[m_next].handle(command, raw);
            if (answer) {
                ++m_next;
                return *answer;
            }
            return {0x90, 0x00};
        } catch (const std::exception& e) {
            const std::string label = m_steps[m_next].label;
            ++m_next; // a failed step is spent: later commands are judged against later steps
            return fail("step '" + label + "': " + e.what());
        }
    }

    bool finished() const noexcept { return m_next == m_steps.size(); }
    const std::vector<std::string>& failures() const noexcept { return m_failures; }
    /// Every plain command the card saw (secure steps: after unwrapping), in order.
    const std::vector<Bytes>& seen() const noexcept { return m_seen; }
    /// Number of STORE DATA blocks of each TLV the TLV steps received, in order.
    const std::vector<std::size_t>& tlv_blocks() const noexcept { return m_tlv_blocks; }
    /// The sequence counter the next INITIALIZE UPDATE uses (Amd D §6.2.2.1).
    std::uint32_t sequence_counter() const noexcept { return m_counter; }

    // ---- script -------------------------------------------------------------------------------------------

    /// The next command must be exactly `command`; answers `response` (data + SW).
    Scp03TestCard& plain(Bytes command, Bytes response) {
        return add("plain " + to_hex(command), [this, command, response](const apdu::CommandApdu&, ByteView raw) {
            require(Bytes(raw.begin(), raw.end()) == command, "expected " + to_hex(command) + ", got " + to_hex(raw));
            m_seen.push_back(command);
            return std::optional<Bytes>(response);
        });
    }

    /// SELECT by name of `aid` on `channel` (GPCS §11.9 as gp::select builds it); ends any session. Answers
    /// `sw` with an FCI on 9000.
    Scp03TestCard& select(ByteView aid, unsigned channel = 0, std::uint16_t sw = 0x9000) {
        const Bytes expected = gp::select(aid).with_cla(apdu::cla_with_channel(0x00, channel)).encode();
        Bytes fci{0x6F, static_cast<std::uint8_t>(aid.size() + 2), 0x84, static_cast<std::uint8_t>(aid.size())};
        fci.insert(fci.end(), aid.begin(), aid.end());
        return add("SELECT " + to_hex(aid), [this, expected, fci, sw](const apdu::CommandApdu&, ByteView raw) {
            require(Bytes(raw.begin(), raw.end()) == expected, "expected " + to_hex(expected) + ", got " + to_hex(raw));
            m_seen.push_back(expected);
            m_session.reset();
            m_tlv.reset();
            Bytes answer = sw == 0x9000 ? fci : Bytes{};
            answer.push_back(static_cast<std::uint8_t>(sw >> 8));
            answer.push_back(static_cast<std::uint8_t>(sw));
            return std::optional<Bytes>(answer);
        });
    }

    /// INITIALIZE UPDATE answered by a card that holds `keys` for the security domain `sd_aid` (i = 70).
    /// `answer_sw` other than 9000 refuses it (e.g. 6A88: no such keyset) without data.
    Scp03TestCard& initialize_update(const scp03::StaticKeys& keys, ByteView sd_aid, unsigned channel = 0,
                                     std::uint16_t answer_sw = 0x9000) {
        return add("INITIALIZE UPDATE", [this, keys, aid = Bytes(sd_aid.begin(), sd_aid.end()), channel,
                                         answer_sw](const apdu::CommandApdu& command, ByteView) {
            require(command.cla() == apdu::cla_with_channel(0x80, channel), "CLA " + to_hex(Bytes{command.cla()}));
            m_seen.push_back(command.encode());
            if (answer_sw != 0x9000) {
                return std::optional<Bytes>(Bytes{static_cast<std::uint8_t>(answer_sw >> 8),
                                                  static_cast<std::uint8_t>(answer_sw)});
            }
            const scp03::InitializeUpdateCommand parsed = scp03::parse_initialize_update(command);
            require(parsed.kvn == 0 || parsed.kvn == keys.kvn, "KVN " + to_hex(Bytes{parsed.kvn}));
            scp03::SessionOptions options;
            options.logical_channel = channel;
            m_session.emplace(keys, parsed, card_parameters(aid), m_rng, options);
            Bytes answer = m_session->initialize_update_response().encode();
            answer.push_back(0x90);
            answer.push_back(0x00);
            return std::optional<Bytes>(answer);
        });
    }

    /// EXTERNAL AUTHENTICATE verified by the session of the last INITIALIZE UPDATE; answers 9000.
    Scp03TestCard& external_authenticate() {
        return add("EXTERNAL AUTHENTICATE", [this](const apdu::CommandApdu& command, ByteView) {
            require(m_session.has_value(), "no INITIALIZE UPDATE before");
            m_seen.push_back(command.encode());
            m_session->external_authenticate(command);
            return std::optional<Bytes>(Bytes{0x90, 0x00});
        });
    }

    /// SELECT + INITIALIZE UPDATE + EXTERNAL AUTHENTICATE.
    Scp03TestCard& open(const scp03::StaticKeys& keys, ByteView sd_aid, unsigned channel = 0) {
        select(sd_aid, channel);
        initialize_update(keys, sd_aid, channel);
        return external_authenticate();
    }

    /// A wrapped command whose plain form must be `plain_command`; answers `plain_response` (data + SW), wrapped.
    Scp03TestCard& secure(Bytes plain_command, Bytes plain_response) {
        return add("secure " + to_hex(plain_command), [this, plain_command, plain_response](
                                                          const apdu::CommandApdu& command, ByteView) {
            require(m_session.has_value() && m_session->authenticated(), "no open SCP03 session");
            const Bytes plain = m_session->unwrap(command).encode();
            m_seen.push_back(plain);
            require(plain == plain_command, "expected plain " + to_hex(plain_command) + ", got " + to_hex(plain));
            return std::optional<Bytes>(m_session->wrap(apdu::ResponseApdu::parse(plain_response)).encode());
        });
    }

    /// SCP03t 84 in a STORE DATA sequence on `channel`, answered as a card holding `keys` for `sd_aid`.
    Scp03TestCard& tlv_initialize_update(const scp03::StaticKeys& keys, ByteView sd_aid, unsigned channel = 0) {
        return add_tlv("84 InitializeUpdate", channel, [this, keys, aid = Bytes(sd_aid.begin(), sd_aid.end()),
                                                        channel](const Bytes& tlv) {
            const scp03::InitializeUpdateCommand parsed = scp03::parse_initialize_update_tlv(tlv);
            require(parsed.kvn == 0 || parsed.kvn == keys.kvn, "KVN " + to_hex(Bytes{parsed.kvn}));
            scp03::SessionOptions options;
            options.logical_channel = channel;
            m_tlv.emplace(keys, parsed, card_parameters(aid), m_rng, options);
            return scp03::initialize_update_tlv_response(m_tlv->initialize_update_response());
        });
    }

    /// SCP03t 85, verified by the session of the last 84; answers `85 00`.
    Scp03TestCard& tlv_external_authenticate(unsigned channel = 0) {
        return add_tlv("85 ExternalAuthenticate", channel, [this](const Bytes& tlv) {
            require(m_tlv.has_value(), "no 84 before");
            m_tlv->external_authenticate_tlv(tlv);
            return scp03::external_authenticate_tlv_response();
        });
    }

    /// tlv_initialize_update + tlv_external_authenticate.
    Scp03TestCard& tlv_open(const scp03::StaticKeys& keys, ByteView sd_aid, unsigned channel = 0) {
        tlv_initialize_update(keys, sd_aid, channel);
        return tlv_external_authenticate(channel);
    }

    /// One `86` whose plaintext must be `plain_segment`; answers `plain_answer` (empty: `86 00`) protected.
    Scp03TestCard& tlv_segment(Bytes plain_segment, Bytes plain_answer = {}, unsigned channel = 0) {
        return add_tlv("86 segment", channel, [this, plain_segment, plain_answer](const Bytes& tlv) {
            require(m_tlv.has_value() && m_tlv->authenticated(), "no open SCP03t session");
            const Bytes plain = m_tlv->unwrap_tlv(tlv);
            require(plain == plain_segment, "segment of " + std::to_string(plain.size()) + " bytes differs from the " +
                                                std::to_string(plain_segment.size()) + " expected");
            return m_tlv->wrap_tlv(plain_answer);
        });
    }

    /// One `86` answered with `answer_tlv` as it is (e.g. an error TLV `9F 46 01 02`).
    Scp03TestCard& tlv_segment_refused(Bytes answer_tlv, unsigned channel = 0) {
        return add_tlv("86 segment (refused)", channel, [this, answer_tlv](const Bytes& tlv) {
            require(m_tlv.has_value(), "no open SCP03t session");
            m_tlv->unwrap_tlv(tlv);
            return answer_tlv;
        });
    }

    /// The next STORE DATA block of a TLV step is answered with `sw` alone (the TLV is abandoned).
    Scp03TestCard& store_data_refused(std::uint16_t sw) {
        return add("STORE DATA refused", [this, sw](const apdu::CommandApdu& command, ByteView) {
            require(command.ins() == gp::ins::store_data, "INS " + to_hex(Bytes{command.ins()}));
            m_seen.push_back(command.encode());
            return std::optional<Bytes>(Bytes{static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw)});
        });
    }

private:
    using Handler = std::function<std::optional<Bytes>(const apdu::CommandApdu&, ByteView)>;
    struct Step {
        std::string label;
        Handler handle;
    };

    static void require(bool condition, const std::string& what) {
        if (!condition) {
            throw std::runtime_error(what);
        }
    }

    Scp03TestCard& add(std::string label, Handler handler) {
        m_steps.push_back(Step{std::move(label), std::move(handler)});
        return *this;
    }

    /// A TLV step: blocks `80|ch E2 11 nn ... 00` up to one with P1 91; then `respond(TLV)` + 9000.
    Scp03TestCard& add_tlv(std::string label, unsigned channel, std::function<Bytes(const Bytes&)> respond) {
        return add(std::move(label), [this, channel, respond](const apdu::CommandApdu& command, ByteView) {
            require(command.cla() == apdu::cla_with_channel(0x80, channel), "CLA " + to_hex(Bytes{command.cla()}));
            require(command.ins() == gp::ins::store_data, "INS " + to_hex(Bytes{command.ins()}));
            require(command.p1() == 0x11 || command.p1() == 0x91, "P1 " + to_hex(Bytes{command.p1()}));
            require(command.p2() == m_block, "block " + to_hex(Bytes{command.p2()}) + ", expected " +
                                                 to_hex(Bytes{static_cast<std::uint8_t>(m_block)}));
            require(command.ne().has_value(), "no Le on a case-4 STORE DATA");
            m_seen.push_back(command.encode());
            m_pending.insert(m_pending.end(), command.data().begin(), command.data().end());
            ++m_block;
            if (command.p1() == 0x11) {
                return std::optional<Bytes>();
            }
            m_tlv_blocks.push_back(m_block);
            const Bytes tlv = std::move(m_pending);
            m_pending.clear();
            m_block = 0;
            Bytes answer = respond(tlv);
            answer.push_back(0x90);
            answer.push_back(0x00);
            return std::optional<Bytes>(answer);
        });
    }

    scp03::CardParameters card_parameters(const Bytes& aid) {
        scp03::CardParameters card;
        card.i = scp03::i_sgp02;
        card.sequence_counter = m_counter++;
        card.sd_aid = aid;
        return card;
    }

    Bytes fail(std::string what) noexcept {
        try {
            m_failures.push_back(std::move(what));
        } catch (...) {
            // A test double that cannot record still answers 6F00: the test fails on the SW instead.
        }
        return {0x6F, 0x00};
    }

    FixedRng m_rng;
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    std::vector<std::string> m_failures;
    std::vector<Bytes> m_seen;
    std::vector<std::size_t> m_tlv_blocks;
    std::optional<scp03::CardWrapper> m_session;
    std::optional<scp03::CardWrapper> m_tlv;
    Bytes m_pending;
    unsigned m_block = 0;
    std::uint32_t m_counter = 1;
};

} // namespace euicc::host::test
