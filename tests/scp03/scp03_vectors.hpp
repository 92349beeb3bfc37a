// SPDX-License-Identifier: Apache-2.0
// Test data: the SCP03 (GP Amd D) transcripts of spec/scp03.md, from osmocom/pysim tests/unittests/test_globalplatform.py.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp03.hpp>

namespace scp03_test {

using namespace euicc::literals;
using euicc::Bytes;
using euicc::ByteView;
using euicc::SecretBytes;
namespace scp03 = euicc::scp03;

inline scp03::StaticKeys keyset(std::uint8_t kvn, const Bytes& enc, const Bytes& mac, const Bytes& dek) {
    return scp03::StaticKeys{kvn, SecretBytes(enc), SecretBytes(mac), SecretBytes(dek)};
}

/// KEYSET_AES128 (KVN 30).
inline scp03::StaticKeys keys_aes128() {
    return keyset(0x30, "000102030405060708090a0b0c0d0e0f"_hex, "101112131415161718191a1b1c1d1e1f"_hex,
                  "202122232425262728292a2b2c2d2e2f"_hex);
}
/// KEYSET_AES192 (KVN 31).
inline scp03::StaticKeys keys_aes192() {
    return keyset(0x31, "000102030405060708090a0b0c0d0e0f0001020304050607"_hex,
                  "101112131415161718191a1b1c1d1e1f1011121314151617"_hex,
                  "202122232425262728292a2b2c2d2e2f2021222324252627"_hex);
}
/// KEYSET_AES256 (KVN 32).
inline scp03::StaticKeys keys_aes256() {
    return keyset(0x32, "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f"_hex,
                  "101112131415161718191a1b1c1d1e1f101112131415161718191a1b1c1d1e1f"_hex,
                  "202122232425262728292a2b2c2d2e2f202122232425262728292a2b2c2d2e2f"_hex);
}

inline scp03::StaticKeys keys_for(int bits) {
    return bits == 128 ? keys_aes128() : bits == 192 ? keys_aes192() : keys_aes256();
}

/// The plain commands and the plain GET EID response every transcript wraps, in this order: get_eid, then
/// cases 1..4 (chaining value and counter carry over).
inline const Bytes get_eid_cmd_plain = "80E2910006BF3E035C015A00"_hex;
inline const Bytes get_eid_rsp_plain = "bf3e125a1089882119900000000000000000000005"_hex;
inline const std::array<Bytes, 4> case_plain = {"80F22002"_hex, "80ca006600"_hex, "80F220020a4f0212345c054f9f70c5"_hex,
                                                "80f28002024f0000"_hex};

/// One session transcript: INITIALIZE UPDATE, its answer, EXTERNAL AUTHENTICATE, GET EID and its answer (SW
/// 9000), then the four command cases.
struct Transcript {
    std::string name;
    int key_bits;
    Bytes init_upd_cmd;
    Bytes init_upd_rsp;
    Bytes ext_auth_cmd;
    Bytes get_eid_cmd;
    Bytes get_eid_rsp;
    std::array<Bytes, 4> cases;

    scp03::Challenge host_challenge() const {
        scp03::Challenge out{};
        std::copy_n(init_upd_cmd.begin() + 5, out.size(), out.begin());
        return out;
    }
    scp03::SecurityLevel level() const { return scp03::security_level_from_p1(ext_auth_cmd[2]); }
};

inline const std::vector<Transcript>& transcripts() {
    static const std::vector<Transcript> all = {
        {"AES128 level 11", 128, "8050300008b13e5f938fc108c400"_hex,
         "000000000000000000003003703eb51047495b249f66c484c1d2ef1948000002"_hex,
         "84821100107d5f5826a993ebc89eea24957fa0b3ce"_hex, "84e291000ebf3e035c015a558d036518a2829700"_hex,
         "bf3e125a1089882119900000000000000000000005971be68992dbbdfa"_hex,
         {"84f220020863a63f8959827fb2"_hex, "84ca006608a0c6a4a74166f7ce00"_hex,
          "84f22002124f0212345c054f9f70c52249b50272656536"_hex, "84f280020a4f00e91443f6dce6b8ed00"_hex}},
        {"AES128 level 03", 128, "80503000088e1552d0513c60f300"_hex,
         "0000000000000000000030037030760cd2c47c1dd395065fe5ead8a9d7000001"_hex,
         "8482030010fd4721a14d9b07003c451d2f8ae6bb21"_hex,
         "84e2910018ca9c00f6713d79bc8baa642bdff51c3f6a4082d3bd9ad26c00"_hex,
         "bf3e125a1089882119900000000000000000000005"_hex,
         {"84f2200208c9811b11f1264cf1"_hex, "84ca006608e10ab60b3054798800"_hex,
          "84f22002184e2908bdb48b2315a55482e9e936ca122d6ecfae7d17416e"_hex,
          "84f28002180dd10a6b6193e5340b9e77d32d5a179cd710ac2773aefb2800"_hex}},
        {"AES128 level 33", 128, "8050300008fdf38259a1e0de4400"_hex,
         "000000000000000000003003703b1aca81e821f219081cdc01c26b372d000003"_hex,
         "84823300108c36f96bcc00724a4e13ad591d7da3f0"_hex,
         "84e2910018267a85dfe4a98fca6fb0527e0dfecce4914e40401433c87f00"_hex,
         "f3ba2b1013aa6224f5e1c138d71805c569e5439b47576260b75fc021b25097cb2e68f8a0144975b9"_hex,
         {"84f2200208ac6a59024bed84cc"_hex, "84ca006608409912ad8fb7aed000"_hex,
          "84f22002185f3dafc3ac14c381536a488bf44e06d056df9d74dbd21e5a"_hex,
          "84f280021865165105be3373347d0424d4400af2ac393f569ec779389e00"_hex}},
        {"AES192 level 11", 192, "80503100087396430b768b085b00"_hex,
         "000000000000000000003103708cfc23522ffdbf1e5df5542cac8fd866000003"_hex,
         "84821100102145ed30b146f5db252fb7e624cec244"_hex, "84e291000ebf3e035c015aff42cf801d14394400"_hex,
         "bf3e125a1089882119900000000000000000000005162fbd33e04940a9"_hex,
         {"84f22002084584e4f6784811ee"_hex, "84ca006608937776ebe190fa3000"_hex,
          "84f22002124f0212345c054f9f70c59a52bddf3040368c"_hex, "84f280020a4f009804b11411f7393d00"_hex}},
        {"AES192 level 03", 192, "805031000869c65da8202bf19f00"_hex,
         "00000000000000000000310370b570a67be38446717729d6dd3d2ec5b1000001"_hex,
         "848203001065df4f1a356a887905466516d9e5b7c1"_hex,
         "84e2910018d2c6fb477c5d4afe4fd4d21f17eff10d3578ec1774a12a2d00"_hex,
         "bf3e125a1089882119900000000000000000000005"_hex,
         {"84f2200208964e188f0b1bb697"_hex, "84ca006608f0820035a41d3e1800"_hex,
          "84f220021806b076ed452cd1fa84f77f5c08a146aa77a9286757dea791"_hex,
          "84f2800218d06527e39222dce091fabdb8e9b898417a67a6852d3577db00"_hex}},
        {"AES192 level 33", 192, "80503100089b3f2eef0e8c937400"_hex,
         "00000000000000000000310370f6bb305a15bae1a68f79fb08212fbed7000002"_hex,
         "84823300109100bc22d58b45b86a26365ce39ff3cf"_hex,
         "84e29100188f7f946c84f70d17994bc6e8791251bb1bb1bf02cf8de58900"_hex,
         "c05176c1b6f72aae50c32cbee63b0e95998928fd4dfb2be9f27ffde8c8476f5909b4805cc4039599"_hex,
         {"84f2200208d5d97754b6b3d2ba"_hex, "84ca006608516c82b8e30adbeb00"_hex,
          "84f2200218cc247f4761e6944277a4e0d6e32e44025b1e31537e2fc668"_hex,
          "84f2800218ba22b63d509bef5d093b43e5eaed03ed23144ab2d9cb51de00"_hex}},
        {"AES256 level 11", 256, "805032000811666d57866c6f5400"_hex,
         "0000000000000000000032037053ea8847efa7674e41498a4d66cf0dee000003"_hex,
         "84821100102f2ad190eff2fafc4908996d1cebd310"_hex, "84e291000ebf3e035c015af4b680372542b59d00"_hex,
         "bf3e125a10898821199000000000000000000000058012dd7f01f1c4c1"_hex,
         {"84f2200208d618b7da68d5fe52"_hex, "84ca0066088f3e055db23ad5e500"_hex,
          "84f22002124f0212345c054f9f70c5b6e15cc42404915e"_hex, "84f280020a4f00aa124aa74afe7f7500"_hex}},
        {"AES256 level 03", 256, "8050320008c6066990fc426e1d00"_hex,
         "000000000000000000003203708682cd81bbd8919f2de3f2664581f118000001"_hex,
         "848203001077c493b632edadaf865a1e64acc07ce9"_hex,
         "84e29100183ddaa60594963befaada3525b492ede23c2ab2c1ce3afe4400"_hex,
         "bf3e125a1089882119900000000000000000000005"_hex,
         {"84f2200208480ddc8e419da38d"_hex, "84ca0066083e9d6a6c0b2d732000"_hex,
          "84f22002183ebfef2da8b04af2a85f491f299b76973df76ff08a4031be"_hex,
          "84f2800218783fff80990f5585b1055010ea95094a26e4a8f1ef4b18e100"_hex}},
        {"AES256 level 33", 256, "805032000897b2055fe58599fd00"_hex,
         "00000000000000000000320370a8439a22cedf045fa9f1903b2834f26e000002"_hex,
         "8482330010508a0fd959d2e547c6b33154a6be2057"_hex,
         "84e29100187a5ef717eaf1e135ae92fe54429d0e465decda65f5fe5aea00"_hex,
         "ea90dbfa648a67c5eb6abc57f8530b97d0cd5647c5e8732016b55203b078dd2ace7f8bc5d1c1cd99"_hex,
         {"84f2200208bcc5c17275545d93"_hex, "84ca00660804806aba9d543bb600"_hex,
          "84f2200218717222491556ec81a45f49ce48be33320024801a1c4cb0e0"_hex,
          "84f2800218561f105bccd3a1642904b251ccc1228beb80a82370a8637000"_hex}},
    };
    return all;
}

/// What the pySim card announced: diversification data 00.., i = 70, the invoking SD is the ISD-R (scp03.md §4:
/// the card challenges equal KDF(Key-ENC, 02, counter | ISD-R AID)).
inline scp03::CardParameters isd_r_card(std::uint32_t sequence_counter) {
    scp03::CardParameters card;
    card.i = scp03::i_sgp02;
    card.sequence_counter = sequence_counter;
    card.sd_aid.assign(euicc::apdu::aid::isd_r.begin(), euicc::apdu::aid::isd_r.end());
    return card;
}

/// An Rng that must not be used (pseudo-random mode draws nothing).
class NoRng final : public euicc::Rng {
public:
    void fill(std::span<std::uint8_t>) override { throw std::logic_error("test: unexpected use of the RNG"); }
};

} // namespace scp03_test
