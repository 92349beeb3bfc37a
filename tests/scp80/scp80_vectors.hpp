// SPDX-License-Identifier: Apache-2.0
// Test data: the published SCP80 (TS 102 225) vectors of spec/scp80.md, pySim tests and a live sysmoISIM.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp80.hpp>

namespace scp80_test {

using namespace euicc::literals;
using euicc::Bytes;
using euicc::scp80::CommandHeader;
using euicc::scp80::Keyset;
using euicc::scp80::Spi;
using euicc::scp80::Tar;

inline Keyset keyset(std::uint8_t kvn, const Bytes& kic, const Bytes& kid) {
    return Keyset{kvn, euicc::SecretBytes(kic), euicc::SecretBytes(kid)};
}

/// scp80.md A: sysmoISIM-SJA5 sample keys, key version 3, 3DES 2-key.
inline Keyset keys_a_3des() {
    return keyset(3, "300102030405060708090a0b0c0d0e0f"_hex, "301102030405060708090a0b0c0d0e0f"_hex);
}
/// scp80.md A: key version 2, AES-128.
inline Keyset keys_a_aes() {
    return keyset(2, "200102030405060708090a0b0c0d0e0f"_hex, "201102030405060708090a0b0c0d0e0f"_hex);
}
/// scp80.md B: card 8988211000000467285, key version 3, 3DES 2-key.
inline Keyset keys_b() {
    return keyset(3, "C21DD66ACAC13CB3BC8B331B24AFB57B"_hex, "12110C78E678C25408233076AA033615"_hex);
}
/// scp80.md C: live sysmoISIM-SJA2, key version 1, 3DES 2-key.
inline Keyset keys_c() {
    return keyset(1, "F09C43EE1A0391665CC9F05AF4E0BD10"_hex, "01981F4A20999F62AF99988107BAF6CA"_hex);
}
/// scp80.md D: CRC32 only, no keys.
inline Keyset keys_d() {
    return Keyset{0, {}, {}};
}

/// A receiving entity that knows one TAR with one key set (kept by reference), a stored counter and an MSL.
inline euicc::scp80::KeyLookup single_entity(const Tar& tar, const Keyset& keys, std::uint64_t counter = 0,
                                             std::uint8_t msl = 0) {
    return [tar, &keys, counter, msl](const Tar& asked, std::uint8_t,
                                      std::uint8_t) -> std::optional<euicc::scp80::ReceivingEntity> {
        if (asked != tar) {
            return std::nullopt;
        }
        return euicc::scp80::ReceivingEntity{&keys, counter, msl};
    };
}

inline Spi spi(std::uint8_t first, std::uint8_t second) {
    return Spi::decode(first, second);
}

inline CommandHeader header(std::uint8_t spi1, std::uint8_t spi2, std::uint8_t kic, std::uint8_t kid, Tar tar,
                            std::uint64_t counter = 0) {
    return CommandHeader{spi(spi1, spi2), kic, kid, tar, counter};
}

inline constexpr Tar tar_b00000{{0xB0, 0x00, 0x00}};
inline constexpr Tar tar_b00010{{0xB0, 0x00, 0x10}};
inline constexpr Tar tar_b00011{{0xB0, 0x00, 0x11}};

/// A published command packet (from CPL on) with what produced it.
struct CommandVector {
    std::string name;
    CommandHeader header;
    Keyset keys;
    Bytes secured_data;
    Bytes packet;
};

/// A published PoR (SMS user data incl. 02 71 00), the command header it answers and what it decodes to.
struct PorVector {
    std::string name;
    CommandHeader sent;
    Keyset keys;
    Bytes user_data;
    euicc::scp80::ResponseStatus status;
    std::optional<Bytes> data; ///< nullopt where the source does not publish the decoded data
    bool secured;
};

inline std::vector<CommandVector> command_vectors() {
    const Bytes select_a = "00a40004023f00"_hex;
    const Bytes select_b = "00a40000023f00"_hex;
    const Bytes script_c = "a0a40000027f20a0c0000016"_hex;
    return {
        {"A 3DES SPI 0619", header(0x06, 0x19, 0x35, 0x35, tar_b00011), keys_a_3des(), select_a,
         "00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f"_hex},
        {"A 3DES SPI 0609", header(0x06, 0x09, 0x35, 0x35, tar_b00011), keys_a_3des(), select_a,
         "00201506093535b00011c49ac91ab8159ba5b83a54fb6385e0a5e31694f8b215fafc"_hex},
        {"A 3DES SPI 0601", header(0x06, 0x01, 0x35, 0x35, tar_b00011), keys_a_3des(), select_a,
         "00201506013535b000113190be334900f52b025f3f7eddfe868e96ebf310023b7769"_hex},
        {"A AES-128 SPI 0619", header(0x06, 0x19, 0x22, 0x22, tar_b00011), keys_a_aes(), select_a,
         "00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058"_hex},
        {"B SPI 0419 cipher only", header(0x04, 0x19, 0x35, 0x35, tar_b00000), keys_b(), select_b,
         "00180d04193535b00000e3ec80a849b554421276af3883927c20"_hex},
        {"B SPI 0219 CC only", header(0x02, 0x19, 0x35, 0x35, tar_b00000), keys_b(), select_b,
         "001d1502193535b00000000000000000072ea17bdb72060e00a40000023f00"_hex},
        {"B SPI 0019 no security", header(0x00, 0x19, 0x35, 0x35, tar_b00000), keys_b(), select_b,
         "00150d00193535b0000000000000000000a40000023f00"_hex},
        {"C SPI 0619 CNTR 0", header(0x06, 0x19, 0x15, 0x15, tar_b00010), keys_c(), script_c,
         "00281506191515b00010da1d6cbbd0d11ce4330d844c7408340943e843f67a6d7b0674730881605fd62d"_hex},
        {"C SPI 1619 CNTR 100", header(0x16, 0x19, 0x15, 0x15, tar_b00010, 100), keys_c(), script_c,
         "00281516191515b000103a4f599e94f2b5dcfbbda984761b7977df6514c57a580fb4844787c436d2eade"_hex},
        {"D CRC32 SPI 0100", header(0x01, 0x00, 0x00, 0x05, tar_b00000), keys_d(), select_b,
         "00191101000005b0000000000000000044f96fc000a40000023f00"_hex},
    };
}

inline std::vector<PorVector> por_vectors() {
    using euicc::scp80::ResponseStatus;
    const Bytes data_c = "029000"
                         "0000ffff7f2002000000000009b106350400838a838a"_hex;
    return {
        {"A 3DES PoR ciphered+CC", header(0x06, 0x19, 0x35, 0x35, tar_b00011), keys_a_3des(),
         "027100001c12b000118bb989492c632529326a2f4681feb37c825bc9021c9f6d0b"_hex, ResponseStatus::PorOk,
         "016132"_hex, true},
        {"A 3DES PoR CC", header(0x06, 0x09, 0x35, 0x35, tar_b00011), keys_a_3des(),
         "027100001612b0001100000000000000b5bcd6353a421fae016132"_hex, ResponseStatus::PorOk, "016132"_hex,
         true},
        {"A 3DES PoR plain", header(0x06, 0x01, 0x35, 0x35, tar_b00011), keys_a_3des(),
         "027100000e0ab0001100000000000000016132"_hex, ResponseStatus::PorOk, "016132"_hex, false},
        {"A AES-128 PoR ciphered+CC", header(0x06, 0x19, 0x22, 0x22, tar_b00011), keys_a_aes(),
         "027100002412b00011ebc6b497e2cad7aedf36ace0e3a29b38853f0fe9ccde81913be5702b73abce1f"_hex,
         ResponseStatus::PorOk, "016132"_hex, true},
        {"B PoR ciphered+CC", header(0x06, 0x19, 0x35, 0x35, tar_b00011), keys_b(),
         "027100001c12b000119660ebdb81be189b5e4389e9e7ab2bc0954f963ad869ed7c"_hex, ResponseStatus::PorOk,
         "01612f"_hex, true},
        {"B PoR CC", header(0x02, 0x09, 0x35, 0x35, tar_b00011), keys_b(),
         "027100001612b000110000000000000055f47118381175fb01612f"_hex, ResponseStatus::PorOk, "01612f"_hex,
         true},
        {"C PoR CNTR 0", header(0x06, 0x19, 0x15, 0x15, tar_b00010), keys_c(),
         "027100002c12b000107ddf58d1780f771638b3975759f4296cf5c31efc87a16a1b61921426baa16da1b5ba1a9951d59a39"_hex,
         ResponseStatus::PorOk, data_c, true},
        {"C PoR CNTR 100", header(0x16, 0x19, 0x15, 0x15, tar_b00010, 100), keys_c(),
         "027100002c12b0001049fb0315f6c6401b553867f412cefaf9355b38271178edb342a3bc9cc7e670cdc1f45eea6ffcbb39"_hex,
         ResponseStatus::PorOk, std::nullopt, true},
        {"C replayed, unsecured error PoR", header(0x16, 0x19, 0x15, 0x15, tar_b00010, 100), keys_c(),
         "027100000b0ab0001000000000000006"_hex, ResponseStatus::UnidentifiedSecurityError, Bytes{}, false},
    };
}

} // namespace scp80_test
