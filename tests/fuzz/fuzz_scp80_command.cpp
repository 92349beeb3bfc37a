// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: card-side scp80::unwrap_command (TS 102 225 §5.1); see the properties below.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"
#include "fuzz_scp80_keys.hpp"

using euicc::fuzz::require;
namespace scp80 = euicc::scp80;

// Properties: unwrap_command never throws for packet content; a rejection yields a 16-byte error PoR carrying
// its status; an accepted unciphered packet without padding re-wraps byte-exactly; every accepted packet
// re-wraps into one that is accepted with the same header and data, and the card's PoR for it verifies on the
// host side.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const euicc::fuzz::FuzzKeys keys;
    static const scp80::KeyLookup lookup = [](const scp80::Tar& tar, std::uint8_t kic, std::uint8_t kid) {
        return keys.lookup(tar, kic, kid);
    };
    const euicc::ByteView packet(data, size);
    const scp80::CommandUnwrapResult result = scp80::unwrap_command(packet, lookup);
    if (!result.accepted()) {
        const euicc::Bytes por = scp80::wrap_error_response(result.rejection());
        require(por.size() == 16 && por[15] == static_cast<std::uint8_t>(result.status()));
        return 0;
    }

    const scp80::VerifiedCommand& command = result.command();
    const auto entity = keys.lookup(command.header.tar, command.header.kic, command.header.kid);
    const scp80::Keyset no_keys{};
    const scp80::Keyset& keyset = entity && entity->keys ? *entity->keys : no_keys;

    const euicc::Bytes rewrapped = scp80::wrap_command(command.header, keyset, command.secured_data);
    if (!command.header.spi.ciphering && packet[15] == 0) {
        require(rewrapped == euicc::Bytes(packet.begin(), packet.end()));
    }
    const scp80::CommandUnwrapResult again = scp80::unwrap_command(rewrapped, lookup);
    require(again.accepted());
    require(again.command().header == command.header);
    require(again.command().secured_data == command.secured_data);

    // The card's PoR for it verifies on the host, whatever SPI byte 2 asked for.
    const euicc::Bytes por =
        scp80::wrap_response(command.header, keyset, scp80::ResponseStatus::PorOk, command.secured_data);
    const scp80::ResponsePacket decoded = scp80::unwrap_response(por, command.header, keyset);
    require(decoded.status == scp80::ResponseStatus::PorOk);
    require(decoded.data == command.secured_data);
    require(decoded.counter == command.header.counter);
    return 0;
}
