// SPDX-License-Identifier: Apache-2.0
// One C-APDU per SCP81 command script and its R-APDU from the card's next POST (GP Amd B §3.4; ETSI TS 102
// 226 §5.2.1, §5.2.2).
#include <euicc/host/admin_tunnel_channel.hpp>

#include <string>
#include <variant>

#include <euicc/apdu/remote_script.hpp>

namespace euicc::host {

namespace {

constexpr const char* context = "admin response script";

} // namespace

AdminScriptError::AdminScriptError(scp81::ScriptStatus status)
    : Error("admin session: the card answered the script with X-Admin-Script-Status " +
            std::string(scp81::to_string(status))),
      m_status(status) {}

Bytes AdminTunnelChannel::atr() {
    throw TransportError("admin session: no ATR through a remote admin session");
}

void AdminTunnelChannel::do_reset(bool) {
    throw TransportError("admin session: the card cannot be reset through a remote admin session");
}

Bytes AdminTunnelChannel::do_transmit(ByteView command) {
    // The command goes as the bytes the CardChannel encoded (TS 102 226 §5.2.1.1: the C-APDU TLV carries the
    // command as it would be sent to the card).
    remote::ExpandedCommandScript script;
    script.items.push_back(remote::CommandApduTlv{Bytes(command.begin(), command.end())});
    const scp81::AdminRequest answer = m_exchange.send_script(script.encode());
    ++m_scripts;

    if (!answer.script_status) {
        throw CodecError(context, 0, "the card's POST carries no X-Admin-Script-Status");
    }
    if (*answer.script_status != scp81::ScriptStatus::Ok) {
        throw AdminScriptError(*answer.script_status);
    }
    if (answer.body.empty()) {
        throw CodecError(context, 0, "script status ok without a response script");
    }
    const remote::ExpandedResponse response = remote::ExpandedResponse::decode(answer.body);
    for (const remote::ResponseItem& item : response.items) {
        if (const auto* bad = std::get_if<remote::BadFormatTlv>(&item)) {
            // §5.2.2 table 5.12: the card could not read our script; nothing of it ran.
            throw CodecError(context, 0,
                             "the card reports bad format " +
                                 std::to_string(static_cast<unsigned>(bad->kind)) + " in the command script");
        }
    }
    const remote::ResponseApduTlv* last = response.last_response();
    if (response.items.size() != 1 || last == nullptr || response.executed_count() != 1) {
        throw CodecError(context, 0,
                         "expected one executed command and its R-APDU, got " +
                             std::to_string(response.executed_count()) + " executed and " +
                             std::to_string(response.items.size()) + " item(s)");
    }
    Bytes out = last->data;
    out.push_back(last->sw.sw1());
    out.push_back(last->sw.sw2());
    return out;
}

} // namespace euicc::host
