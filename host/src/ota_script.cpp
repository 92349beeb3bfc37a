// SPDX-License-Identifier: Apache-2.0
// Command scripts over an OtaSession and the response scripts in their PoRs (ETSI TS 102 226 §5.1, §5.2).
#include <stdexcept>
#include <utility>
#include <variant>

#include <euicc/host/ota_session.hpp>

namespace euicc::host {

namespace {

void read_compact(ScriptResult& result, ByteView data) {
    // §5.1.2: number of executed commands, SW of the last one, then its response data.
    const auto response = remote::CompactResponse::decode(data);
    result.executed = response.executed;
    result.last_sw = response.last_sw;
    result.responses.emplace_back(response.last_data, response.last_sw);
}

void read_expanded(ScriptResult& result, ByteView data) {
    auto response = remote::ExpandedResponse::decode(data);
    result.executed = response.executed_count();
    for (const auto& item : response.items) {
        if (const auto* r = std::get_if<remote::ResponseApduTlv>(&item)) {
            result.responses.emplace_back(r->data, r->sw);
        }
    }
    if (const auto* last = response.last_response()) {
        result.last_sw = last->sw;
    }
    result.expanded = std::move(response);
}

ScriptResult interpret(OtaDelivery delivery, ScriptFormat format) {
    ScriptResult result;
    result.delivery = std::move(delivery);
    const auto& por = result.delivery.por;
    // No PoR (none asked) or a PoR without response data (nothing executed, e.g. an empty response): nothing
    // to decode.
    if (por && !por->data.empty()) {
        if (format == ScriptFormat::Compact) {
            read_compact(result, por->data);
        } else {
            read_expanded(result, por->data);
        }
    }
    return result;
}

} // namespace

ScriptResult OtaSession::send_script(std::span<const apdu::CommandApdu> commands) {
    return send_script(remote::encode_compact_script(commands), ScriptFormat::Compact);
}

ScriptResult OtaSession::send_script(const remote::ExpandedCommandScript& script) {
    return send_script(script.encode(), ScriptFormat::Expanded);
}

ScriptResult OtaSession::send_script(ByteView script, ScriptFormat format) {
    if (script.empty()) {
        throw std::invalid_argument("OtaSession::send_script: empty script");
    }
    return interpret(send_secured_data(script), format);
}

} // namespace euicc::host
