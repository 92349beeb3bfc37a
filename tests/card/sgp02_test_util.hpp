// SPDX-License-Identifier: Apache-2.0
// Helpers for the SGP.02 tests of the virtual eUICC: the host role (SM-SR / SM-DP) built from the gp, sgp02, scp03
// and saip codecs: SCP03 sessions, ES5 commands, SCP03t downloads, audits (applet_spec/sgp02.md).
#pragma once

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/saip.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/card/virtual_euicc.hpp>

namespace euicc::card::test {

using namespace euicc::literals;

/// The ISD-R's SCP03 TEST keyset of applet_spec/sgp02.md §2, spelled out again so a wrong constant in the card is
/// caught.
inline scp03::StaticKeys isd_r_keys() {
    return scp03::StaticKeys{0x30, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
                             SecretBytes("505152535455565758595A5B5C5D5E5F"_hex),
                             SecretBytes("606162636465666768696A6B6C6D6E6F"_hex)};
}

/// An SCP03 keyset for ISD-Ps or a new SM-SR (KVN `kvn`, keys derived from `seed`).
inline scp03::StaticKeys keyset(std::uint8_t kvn, std::uint8_t seed) {
    const auto key = [&](std::uint8_t offset) {
        Bytes k(16);
        for (std::size_t i = 0; i < k.size(); ++i) {
            k[i] = static_cast<std::uint8_t>(seed + offset + i * 7);
        }
        return SecretBytes(std::move(k));
    };
    return scp03::StaticKeys{kvn, key(0x00), key(0x40), key(0x80)};
}

inline Bytes isd_r_aid_bytes() { return Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end()); }

/// How the host reaches the card: one C-APDU in, the R-APDU out (a test may put a power cut in between).
using Link = std::function<apdu::ResponseApdu(const apdu::CommandApdu&)>;

inline apdu::ResponseApdu send(VirtualEuicc& card, const apdu::CommandApdu& command) {
    return apdu::ResponseApdu::parse(card.process(command.encode()));
}

inline Link link_to(VirtualEuicc& card) {
    return [&card](const apdu::CommandApdu& command) { return send(card, command); };
}

/// SELECT by AID on `channel`; REQUIREs 9000.
inline void select(const Link& link, ByteView aid, unsigned channel = 0) {
    const apdu::CommandApdu command = gp::select(aid);
    const apdu::ResponseApdu answer = link(command.with_cla(apdu::cla_with_channel(command.cla(), channel)));
    REQUIRE(answer.sw() == apdu::sw::ok);
}
inline void select(VirtualEuicc& card, ByteView aid, unsigned channel = 0) { select(link_to(card), aid, channel); }

/// The host side of an SCP03 session with one security domain (GP Amd D): SELECT, INITIALIZE UPDATE,
/// EXTERNAL AUTHENTICATE, then wrap/unwrap. Throws what the codecs throw (CryptogramMismatch for wrong keys).
class Scp03Host {
public:
    Scp03Host(Link link, ByteView aid, const scp03::StaticKeys& keys,
              scp03::SecurityLevel level = scp03::SecurityLevel::CMacCDecRMacREnc, unsigned channel = 0,
              std::uint64_t seed = 1)
        : m_link(std::move(link)), m_channel(channel), m_wrapper(open(m_link, aid, keys, level, channel, seed)) {
        const apdu::ResponseApdu answer = m_wrapper->unwrap(m_link(m_wrapper->external_authenticate()));
        REQUIRE(answer.sw() == apdu::sw::ok);
    }
    Scp03Host(VirtualEuicc& card, ByteView aid, const scp03::StaticKeys& keys,
              scp03::SecurityLevel level = scp03::SecurityLevel::CMacCDecRMacREnc, unsigned channel = 0,
              std::uint64_t seed = 1)
        : Scp03Host(link_to(card), aid, keys, level, channel, seed) {}

    /// Wraps a plain CLA-80 command for the session's channel, sends it, unwraps the answer.
    apdu::ResponseApdu transmit(const apdu::CommandApdu& command) {
        const apdu::CommandApdu addressed = command.with_cla(apdu::cla_with_channel(command.cla(), m_channel));
        return m_wrapper->unwrap(m_link(m_wrapper->wrap(addressed)));
    }
    /// transmit() and REQUIRE 9000; returns the data.
    Bytes expect_ok(const apdu::CommandApdu& command) {
        const apdu::ResponseApdu answer = transmit(command);
        CAPTURE(to_hex(command.encode()), answer.sw().value());
        REQUIRE(answer.sw() == apdu::sw::ok);
        return answer.data();
    }
    scp03::HostWrapper& wrapper() { return *m_wrapper; }

    /// INITIALIZE UPDATE's answer of the last session this helper opened.
    static inline Bytes last_initialize_update;

private:
    static std::optional<scp03::HostWrapper> open(const Link& link, ByteView aid, const scp03::StaticKeys& keys,
                                                  scp03::SecurityLevel level, unsigned channel, std::uint64_t seed) {
        select(link, aid, channel);
        FixedRng rng(seed);
        scp03::Challenge host_challenge{};
        rng.fill(host_challenge);
        const apdu::CommandApdu init = scp03::initialize_update(keys.kvn, host_challenge);
        const apdu::ResponseApdu answer = link(init.with_cla(apdu::cla_with_channel(init.cla(), channel)));
        REQUIRE(answer.sw() == apdu::sw::ok);
        last_initialize_update = answer.data();
        scp03::SessionOptions options;
        options.logical_channel = channel;
        return scp03::HostWrapper(keys, host_challenge, scp03::InitializeUpdateResponse::parse(answer.data()), level,
                                  options);
    }

    Link m_link;
    unsigned m_channel;
    std::optional<scp03::HostWrapper> m_wrapper;
};

/// SM-SR: an ISD-R session with the test keys.
inline Scp03Host isd_r_session(Link link, unsigned channel = 0) {
    return Scp03Host(std::move(link), isd_r_aid_bytes(), isd_r_keys(), scp03::SecurityLevel::CMacCDecRMacREnc,
                     channel);
}
inline Scp03Host isd_r_session(VirtualEuicc& card, unsigned channel = 0) { return isd_r_session(link_to(card), channel); }

inline Bytes isdp(std::uint16_t number) { return sgp02::isdp_aid(number); }

/// The configuration of a card kept in `state_dir`.
inline VirtualEuiccConfig stored_in(const std::filesystem::path& state_dir) {
    VirtualEuiccConfig config;
    config.state_dir = state_dir;
    return config;
}

/// CreateISDP with an optional non-volatile quota; returns the SW.
inline apdu::StatusWord create_isdp(Scp03Host& isd_r, ByteView aid, std::optional<std::uint32_t> quota = std::nullopt) {
    sgp02::CreateIsdp request;
    request.isdp_aid = Bytes(aid.begin(), aid.end());
    request.non_volatile_quota = quota;
    return isd_r.transmit(sgp02::create_isdp(request)).sw();
}

/// Lab key establishment: INSTALL [for personalization] + PUT KEY of `keys` under the ISD-R session.
inline gp::PutKeyResponse establish_keys(Scp03Host& isd_r, ByteView aid, const scp03::StaticKeys& keys) {
    isd_r.expect_ok(gp::install_for_personalization(aid));
    gp::PutKeyOptions options;
    const Bytes answer = isd_r.expect_ok(
        gp::put_key_aes(keys.kvn, {keys.enc.view(), keys.mac.view(), keys.dek.view()}, isd_r_keys().dek.view(), options));
    return gp::parse_put_key_response(answer);
}

/// The STORE DATA carrier of one SCP03t TLV to the ISD-P selected on `channel` (sgp02.md §4.1): one extended
/// command when `max_block` is 0, else blocks of `max_block` bytes. Returns the last answer.
inline apdu::ResponseApdu send_tlv(const Link& link, ByteView tlv, std::size_t max_block = 0, unsigned channel = 0) {
    const gp::StoreDataOptions options{gp::DataStructure::BerTlv, gp::DataEncryption::None, true};
    std::vector<apdu::CommandApdu> blocks;
    if (max_block == 0) {
        blocks.emplace_back(0x80, gp::ins::store_data, gp::store_data_p1(true, options), 0x00,
                            Bytes(tlv.begin(), tlv.end()), 256);
    } else {
        blocks = gp::store_data_blocks(tlv, max_block, options);
    }
    apdu::ResponseApdu answer;
    for (const apdu::CommandApdu& block : blocks) {
        answer = link(block.with_cla(apdu::cla_with_channel(block.cla(), channel)));
        if (answer.sw() != apdu::sw::ok || !answer.data().empty()) {
            break;
        }
    }
    return answer;
}
inline apdu::ResponseApdu send_tlv(VirtualEuicc& card, ByteView tlv, std::size_t max_block = 0, unsigned channel = 0) {
    return send_tlv(link_to(card), tlv, max_block, channel);
}

/// The SM-DP side of an SCP03t session (scp03.md §9) with one ISD-P, after SELECT.
class Scp03tHost {
public:
    Scp03tHost(Link link, ByteView isdp_aid, const scp03::StaticKeys& keys, std::size_t max_block = 0,
               std::uint64_t seed = 2)
        : m_link(std::move(link)), m_max_block(max_block) {
        const Link& card = m_link;
        select(card, isdp_aid);
        FixedRng rng(seed);
        scp03::Challenge host_challenge{};
        rng.fill(host_challenge);
        const apdu::ResponseApdu init = send_tlv(card, scp03::initialize_update_tlv(keys.kvn, 0x01, host_challenge),
                                                 max_block);
        REQUIRE(init.sw() == apdu::sw::ok);
        m_wrapper.emplace(keys, host_challenge, scp03::parse_initialize_update_tlv_response(init.data()),
                          scp03::SecurityLevel::CMacCDecRMacREnc);
        const apdu::ResponseApdu auth = send_tlv(card, m_wrapper->external_authenticate_tlv(), max_block);
        REQUIRE(auth.sw() == apdu::sw::ok);
        REQUIRE(m_wrapper->unwrap_tlv(auth.data()).empty());
    }
    Scp03tHost(VirtualEuicc& card, ByteView isdp_aid, const scp03::StaticKeys& keys, std::size_t max_block = 0,
               std::uint64_t seed = 2)
        : Scp03tHost(link_to(card), isdp_aid, keys, max_block, seed) {}

    /// Sends one segment; returns the decrypted response data (empty for `86 00`).
    Bytes segment(ByteView plain) {
        const apdu::ResponseApdu answer = send_tlv(m_link, m_wrapper->wrap_tlv(plain), m_max_block);
        REQUIRE(answer.sw() == apdu::sw::ok);
        return m_wrapper->unwrap_tlv(answer.data());
    }
    /// The raw answer to a raw TLV (for negative tests).
    apdu::ResponseApdu raw(ByteView tlv) { return send_tlv(m_link, tlv, m_max_block); }
    scp03::HostWrapper& wrapper() { return *m_wrapper; }

    /// Every segment of `package` (cut without looking at PE boundaries), as an SM-DP sends them: it stops after an
    /// EUICCResponse that says the installation was aborted. Returns the EUICCResponses the ISD-P sent.
    std::vector<saip::EuiccResponse> download(ByteView package, std::size_t segment_size = saip::max_segment_size) {
        std::vector<saip::EuiccResponse> responses;
        for (std::size_t at = 0; at < package.size(); at += segment_size) {
            for (saip::EuiccResponse& r :
                 saip::parse_euicc_responses(segment(package.subspan(at, std::min(segment_size, package.size() - at))))) {
                responses.push_back(std::move(r));
            }
            if (!responses.empty() && responses.back().installation_aborted) {
                break;
            }
        }
        return responses;
    }

private:
    Link m_link;
    std::size_t m_max_block;
    std::optional<scp03::HostWrapper> m_wrapper;
};

/// A public TS.48 test profile (shared/profiles, GSMA TS.48 v5, SAIP 2.3, ICCID 89000123456789012341).
inline Bytes ts48_profile() {
    const std::string path = std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/TS48v5_SAIP2.3_BERTLV_SUCI.der";
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline constexpr const char* ts48_iccid = "89000123456789012341";

/// A small generated profile (saip::generate_profile) with ICCID `iccid` and POL1 rules `pol1` in its header.
inline Bytes generated_profile(const std::string& iccid, std::optional<std::uint8_t> pol1 = std::nullopt) {
    saip::GeneratorParams params;
    params.iccid = iccid;
    params.imsi = "001010123456789";
    params.ki = SecretBytes("000102030405060708090A0B0C0D0E0F"_hex);
    params.opc = SecretBytes("0F0E0D0C0B0A09080706050403020100"_hex);
    Bytes package = saip::generate_profile(params);
    if (!pol1) {
        return package;
    }
    // The generator writes no POL1: put it into the header PE (saip.md §3, field 84) and re-encode that PE.
    const std::vector<saip::ProfileElement> elements = saip::walk(package);
    saip::ProfileHeader header = saip::read_header(elements);
    header.pol = Bytes{*pol1};
    Bytes out = saip::encode_header(header);
    out.insert(out.end(), package.begin() + static_cast<std::ptrdiff_t>(elements.front().raw.size()), package.end());
    return out;
}

/// Full lifecycle up to an installed (disabled) profile in ISD-P `aid`; returns the EUICCResponses.
inline std::vector<saip::EuiccResponse> install_profile(VirtualEuicc& card, ByteView aid, ByteView package,
                                                        std::optional<std::uint32_t> quota = std::nullopt,
                                                        std::uint8_t kvn = 0x30) {
    {
        Scp03Host isd_r = isd_r_session(card);
        REQUIRE(create_isdp(isd_r, aid, quota) == apdu::sw::ok);
        establish_keys(isd_r, aid, keyset(kvn, aid[14]));
    }
    Scp03tHost isdp_session(card, aid, keyset(kvn, aid[14]));
    return isdp_session.download(package);
}

/// GET STATUS of the ISD-Ps (prefix search, all pages) over the session.
inline std::vector<sgp02::IsdpStatus> audit(Scp03Host& isd_r) {
    gp::GetStatusPager pager(gp::StatusScope::Applications,
                             Bytes(sgp02::platform_aid_prefix.begin(), sgp02::platform_aid_prefix.end()));
    while (!pager.done()) {
        pager.add(isd_r.transmit(pager.next_command()));
    }
    return sgp02::isdp_statuses(pager.entries());
}

/// The audit entry of `aid`, nullopt when the card has no such ISD-P.
inline std::optional<sgp02::IsdpStatus> status_of(Scp03Host& isd_r, ByteView aid) {
    for (sgp02::IsdpStatus& status : audit(isd_r)) {
        if (std::equal(aid.begin(), aid.end(), status.aid.begin(), status.aid.end())) {
            return status;
        }
    }
    return std::nullopt;
}

/// GET DATA FF21 over the session.
inline gp::CardResources resources(Scp03Host& isd_r) {
    return gp::parse_card_resources(isd_r.expect_ok(sgp02::audit_card_resources()));
}

} // namespace euicc::card::test
