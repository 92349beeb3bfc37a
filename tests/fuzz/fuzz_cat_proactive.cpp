// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: proactive command parsing (ETSI TS 102 223 §6.5-6.6); a parsed command re-encodes to bytes that
// parse to the same command, and the terminal can always answer it (§6.8).
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace cat = euicc::cat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const euicc::ByteView raw(data, size);
    cat::ProactiveCommand command;
    try {
        command = cat::parse_proactive_command(raw);
    } catch (const euicc::CodecError&) {
        return 0;
    }
    // Past this point nothing may throw: encode() of a parsed command and its re-parse must succeed.
    const euicc::Bytes encoded = cat::encode(command);
    const cat::ProactiveCommand again = cat::parse_proactive_command(encoded);
    require(again == command);
    require(cat::encode(again) == encoded);
    require(cat::parse_command_details(raw) == cat::details_of(command));

    // The terminal's answer to it: 30 / 32 when not understood, otherwise some result; it must round-trip.
    const auto problem = cat::comprehension_result(command);
    require(problem.has_value() == (std::holds_alternative<cat::UnknownCommand>(command) ||
                                    cat::header_of(command).has_unknown_required_objects()));
    const cat::TerminalResponse response =
        cat::response_to(command, cat::Result::of(problem.value_or(cat::GeneralResult::PerformedSuccessfully)));
    require(cat::parse_terminal_response(cat::encode(response)) == response);
    return 0;
}
