// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the SCP81 header values a peer controls (SGP.02 §2.4.4.1 PSK identity from the TLS handshake,
// X-Admin-From, X-Admin-Targeted-Application, X-Admin-Script-Status, X-Admin-Service-Request); round trips.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace scp81 = euicc::scp81;

namespace {

template <class Parse>
void attempt(Parse&& parse) {
    try {
        parse();
    } catch (const euicc::Error&) {
        // Refusing bad input with a typed error is the point; anything else escapes and crashes.
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    attempt([&] {
        const scp81::PskIdentity identity = scp81::parse_psk_identity(text);
        require(scp81::parse_psk_identity(scp81::encode_psk_identity(identity)) == identity);
    });
    attempt([&] {
        const scp81::AgentId agent = scp81::parse_agent_id(text);
        require(scp81::parse_agent_id(scp81::format_agent_id(agent.eid, agent.isd_r_aid)) == agent);
    });
    attempt([&] {
        const euicc::Bytes aid = scp81::parse_targeted_application(text);
        require(scp81::parse_targeted_application(scp81::format_targeted_application(aid)) == aid);
    });
    attempt([&] {
        const scp81::ScriptStatus status = scp81::parse_script_status(text);
        require(scp81::parse_script_status(scp81::to_string(status)) == status);
    });
    attempt([&] {
        const scp81::ServiceRequest request = scp81::parse_service_request(text);
        require(scp81::parse_service_request(scp81::format_service_request(request)) == request);
    });
    return 0;
}
