// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: host-side scp80::unwrap_response (TS 102 225 §5.2, TS 31.115 §4); see below.
#include <array>
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"
#include "fuzz_scp80_keys.hpp"

using euicc::fuzz::require;
namespace scp80 = euicc::scp80;

namespace {

struct Sent {
    scp80::CommandHeader header;
    const scp80::Keyset* keys;
};

scp80::CommandHeader header(std::uint8_t spi1, std::uint8_t spi2, std::uint8_t key_id, std::uint32_t tar,
                            std::uint64_t counter) {
    return scp80::CommandHeader{
        scp80::Spi::decode(spi1, spi2), key_id, key_id,
        scp80::Tar{{static_cast<std::uint8_t>(tar >> 16), static_cast<std::uint8_t>(tar >> 8),
                    static_cast<std::uint8_t>(tar)}},
        counter};
}

} // namespace

// The first byte picks the command the PoR answers (one per scp80.md PoR vector, plus a cipher-only PoR), the
// rest is the PoR. Properties: only euicc::Error escapes; a PoR that verifies echoes TAR (and CNTR unless it
// is an unsecured error PoR); the card-side builder turns the decoded fields into a PoR that verifies to the
// same fields.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const euicc::fuzz::FuzzKeys keys;
    static const std::array<Sent, 9> commands{{
        {header(0x06, 0x19, 0x35, 0xB00011, 0), &keys.a_3des()},
        {header(0x06, 0x09, 0x35, 0xB00011, 0), &keys.a_3des()},
        {header(0x06, 0x01, 0x35, 0xB00011, 0), &keys.a_3des()},
        {header(0x06, 0x19, 0x22, 0xB00011, 0), &keys.a_aes()},
        {header(0x06, 0x19, 0x35, 0xB00011, 0), &keys.b()},
        {header(0x02, 0x09, 0x35, 0xB00011, 0), &keys.b()},
        {header(0x06, 0x19, 0x15, 0xB00010, 0), &keys.c()},
        {header(0x16, 0x19, 0x15, 0xB00010, 100), &keys.c()},
        {header(0x16, 0x11, 0x22, 0xB00011, 5), &keys.a_aes()}, // PoR ciphered without CC
    }};
    if (size == 0) {
        return 0;
    }
    const Sent& sent = commands[data[0] % commands.size()];
    const euicc::ByteView por(data + 1, size - 1);
    scp80::ResponsePacket decoded;
    try {
        decoded = scp80::unwrap_response(por, sent.header, *sent.keys);
    } catch (const euicc::Error&) {
        return 0;
    }
    require(decoded.tar == sent.header.tar);
    const bool unsecured_error = !decoded.secured && decoded.status != scp80::ResponseStatus::PorOk;
    require(unsecured_error || decoded.counter == sent.header.counter);

    const euicc::Bytes rebuilt = scp80::wrap_response(sent.header, *sent.keys, decoded.status, decoded.data);
    const scp80::ResponsePacket again = scp80::unwrap_response(rebuilt, sent.header, *sent.keys);
    require(again.status == decoded.status);
    require(again.data == decoded.data);
    require(again.tar == decoded.tar);
    return 0;
}
