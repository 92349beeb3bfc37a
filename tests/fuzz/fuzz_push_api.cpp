// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the push server JSON API codec (host/docs/push_server.md): push requests and results parse or
// fail with euicc::Error, and whatever parses encodes to a canonical text that parses back the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <euicc/apdu/push_api.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace api = euicc::push_api;

namespace {

template <class Parse, class Encode>
void check_codec(std::string_view input, Parse parse, Encode encode) {
    try {
        const auto value = parse(input);
        const std::string text = encode(value);
        const auto again = parse(text);
        require(again == value);
        require(encode(again) == text);
    } catch (const euicc::Error&) {
        // Refused input: only the project's errors may escape (a DocumentError naming the member).
    }
}

} // namespace

// Input: any bytes, given to both parsers. Properties: only euicc::Error escapes; an accepted document
// encodes (the encoder accepts every value the parser returns) to a text that parses to the same value and
// encodes to itself.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_codec(input, api::parse_push_request, api::encode_push_request);
    check_codec(input, api::parse_push_result, api::encode_push_result);
    return 0;
}
