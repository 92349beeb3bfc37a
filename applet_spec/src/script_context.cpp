// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 226 §5: the context remote command scripts run in (own dispatcher and logical channels) and their
// compact and expanded execution.
#include "script_context.hpp"

#include <utility>
#include <variant>
#include <vector>

#include <euicc/apdu/remote_script.hpp>
#include <euicc/error.hpp>

#include "card_commands.hpp"

namespace euicc::card {

ScriptContext::ScriptContext(const Applications& applications, const DataObjects& data_objects, Platform& platform,
                             Rng& rng, Authority authority)
    : m_applications(applications), m_dispatcher(m_channels, nullptr, authority, &m_bearer_dek) {
    add_application_commands(m_dispatcher,
                             CardServices{m_channels, m_contexts, applications, data_objects, platform, rng});
    restart();
}

void ScriptContext::restart(SecretBytes bearer_dek) {
    m_channels.reset();
    m_channels.select(0, m_applications.get(Selectable::IsdR));
    m_bearer_dek = std::move(bearer_dek);
}

bool ScriptContext::is_expanded(ByteView script) noexcept {
    return !script.empty() && (script[0] == remote::tag::command_script_definite ||
                               script[0] == remote::tag::command_script_indefinite);
}

apdu::ResponseApdu ScriptContext::execute(ByteView c_apdu) {
    // The dispatcher never throws and always answers at least SW1 SW2.
    return apdu::ResponseApdu::parse(m_dispatcher.process(c_apdu));
}

Bytes ScriptContext::run_compact(ByteView script) {
    std::vector<apdu::CommandApdu> commands;
    try {
        commands = remote::parse_compact_script(script);
    } catch (const CodecError&) {
        // A script whose lengths do not add up is refused as a whole: nothing runs, the response reports 6700
        // (our choice; TS 102 226 §5.1 does not say), so no half-read command is ever executed.
        return remote::CompactResponse{0, apdu::sw::wrong_length, {}}.encode();
    }
    remote::CompactResponse response;
    for (const apdu::CommandApdu& command : commands) {
        const apdu::ResponseApdu answer = execute(command.encode());
        ++response.executed;
        response.last_sw = answer.sw();
        response.last_data = answer.data();
        if (remote::compact_script_stops_at(answer.sw())) {
            break;
        }
    }
    return response.encode();
}

Bytes ScriptContext::run_expanded(ByteView script) {
    // TS 102 226 §5.2.2: the card processes the TLVs in order and reports a TLV it cannot read with a bad format
    // TLV after the responses to the commands before it.
    const remote::ExpandedCommandPrefix prefix = remote::decode_expanded_command_prefix(script);
    remote::ExpandedResponse response;
    response.indefinite = prefix.script.indefinite;
    std::uint32_t executed = 0;
    bool stopped = false;
    for (const remote::CommandItem& item : prefix.script.items) {
        if (const auto* c_apdu = std::get_if<remote::CommandApduTlv>(&item)) {
            const apdu::ResponseApdu answer = execute(c_apdu->apdu);
            ++executed;
            response.items.emplace_back(remote::ResponseApduTlv{answer.data(), answer.sw()});
            stopped = remote::expanded_script_stops_at(answer.sw());
        } else if (std::holds_alternative<remote::ImmediateAction>(item)) {
            // No immediate action (proactive session, REFRESH) is implemented: report it and stop (§5.2.1.2).
            response.items.emplace_back(
                remote::ImmediateActionResponse{remote::response_code::suspension_error});
            stopped = true;
        } else if (std::holds_alternative<remote::ScriptChaining>(item)) {
            // Script chaining (§5.2.1.4) is not implemented: say so (table 5.16) and stop.
            response.items.emplace_back(
                remote::ScriptChainingResponse{remote::response_code::chaining_not_supported});
            stopped = true;
        }
        // An error action TLV (§5.2.1.3) is accepted and ignored: the card's one error behaviour is to stop.
        if (stopped) {
            break;
        }
    }
    if (!stopped && prefix.bad_format) {
        response.items.emplace_back(remote::BadFormatTlv{*prefix.bad_format});
    }
    if (!response.indefinite) {
        response.executed = executed;
    }
    return response.encode();
}

} // namespace euicc::card
