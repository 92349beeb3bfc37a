// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: TS 102 226 compact and expanded command scripts and responses; round trips and prefix consistency.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/remote_script.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace remote = euicc::remote;

namespace {

euicc::Bytes bytes_of(euicc::ByteView v) { return euicc::Bytes(v.begin(), v.end()); }

// Expanded templates accept non-minimal BER lengths, so the input is only compared when it was canonical; the
// decoded value must survive encode/decode either way.
template <class Script>
void expanded_round_trip(euicc::ByteView raw) {
    const Script value = Script::decode(raw);
    const euicc::Bytes encoded = value.encode();
    const Script again = Script::decode(encoded);
    require(again == value);
    require(again.encode() == encoded);
}

void prefix_consistency(euicc::ByteView raw) {
    // Never throws for malformed input, and agrees with the strict decoder.
    const remote::ExpandedCommandPrefix prefix = remote::decode_expanded_command_prefix(raw);
    if (!prefix.bad_format) {
        require(remote::ExpandedCommandScript::decode(raw) == prefix.script);
        return;
    }
    try {
        remote::ExpandedCommandScript::decode(raw);
        require(false);
    } catch (const remote::BadFormatError& e) {
        require(e.kind() == *prefix.bad_format && e.offset() == prefix.bad_offset);
    }
    // The items before the fault form a valid script of their own.
    require(remote::ExpandedCommandScript::decode(prefix.script.encode()) == prefix.script);
}

} // namespace

// Input: a selector byte, then the script or response bytes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const euicc::ByteView raw(data + 1, size - 1);
    try {
        switch (data[0] % 5) {
        case 0: {
            // T=0 TPDUs have one encoding once the P3 rule is fixed: the script comes back byte for byte.
            const auto commands = remote::parse_compact_script(raw);
            require(remote::encode_compact_script(commands) == bytes_of(raw));
            break;
        }
        case 1:
            require(remote::CompactResponse::decode(raw).encode() == bytes_of(raw));
            break;
        case 2:
            expanded_round_trip<remote::ExpandedCommandScript>(raw);
            break;
        case 3:
            prefix_consistency(raw);
            break;
        default:
            expanded_round_trip<remote::ExpandedResponse>(raw);
            break;
        }
    } catch (const euicc::Error&) {
    }
    return 0;
}
