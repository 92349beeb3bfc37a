// SPDX-License-Identifier: Apache-2.0
// `euicc decode` entry points: kinds, dispatch to the explainer of each structure, the tree's own helpers.
#include <euicc/host/explain.hpp>

#include <array>
#include <stdexcept>

#include "explain_parts.hpp"

namespace euicc::host {

namespace {

struct KindName {
    Kind kind;
    std::string_view name;
};

constexpr std::array<KindName, 16> kind_names{{
    {Kind::Auto, "auto"},
    {Kind::CommandApdu, "apdu"},
    {Kind::ResponseApdu, "rapdu"},
    {Kind::TerminalProfile, "profile"},
    {Kind::Envelope, "envelope"},
    {Kind::ProactiveCommand, "proactive"},
    {Kind::TerminalResponse, "terminal-response"},
    {Kind::SmsDeliver, "deliver"},
    {Kind::SmsSubmit, "submit"},
    {Kind::SmsDeliverReport, "deliver-report"},
    {Kind::SmsUserData, "user-data"},
    {Kind::CommandPacket, "command-packet"},
    {Kind::ResponsePacket, "por"},
    {Kind::CommandScript, "script"},
    {Kind::ResponseScript, "script-response"},
    {Kind::Trigger, "trigger"},
}};

constexpr std::array<Kind, kind_names.size()> kinds_in_order = [] {
    std::array<Kind, kind_names.size()> out{};
    for (std::size_t i = 0; i < kind_names.size(); ++i) {
        out[i] = kind_names[i].kind;
    }
    return out;
}();

Explanation explain_root(ByteView data, detail::Context& context) {
    if (data.empty()) {
        return detail::node("empty input", "no bytes to explain");
    }
    const Kind kind = context.options.kind == Kind::Auto ? detail::detect(data) : context.options.kind;
    if (kind == Kind::Auto) {
        Explanation root = detail::node("unrecognised", "not a structure `euicc decode` recognises by its shape; "
                                                        "name it with --as KIND",
                                        data);
        return root;
    }
    try {
        return detail::explain_as(kind, detail::Input{data, 0}, context);
    } catch (const Error& e) {
        // Explainers catch the codec errors of their own parts; this only keeps the promise never to throw.
        Explanation root = detail::node(std::string(kind_name(kind)), "could not be explained", data);
        root.add(detail::node("malformed", e.what()));
        return root;
    } catch (const std::invalid_argument& e) {
        Explanation root = detail::node(std::string(kind_name(kind)), "could not be explained", data);
        root.add(detail::node("malformed", e.what()));
        return root;
    }
}

} // namespace

Explanation& Explanation::add(Explanation child) {
    children.push_back(std::move(child));
    return children.back();
}

const Explanation* Explanation::find(std::string_view wanted) const noexcept {
    if (label == wanted) {
        return this;
    }
    for (const Explanation& child : children) {
        if (const Explanation* hit = child.find(wanted)) {
            return hit;
        }
    }
    return nullptr;
}

bool Explanation::malformed() const noexcept {
    return find("malformed") != nullptr;
}

std::string_view kind_name(Kind kind) noexcept {
    for (const KindName& entry : kind_names) {
        if (entry.kind == kind) {
            return entry.name;
        }
    }
    return "unknown";
}

std::optional<Kind> parse_kind(std::string_view name) noexcept {
    for (const KindName& entry : kind_names) {
        if (entry.name == name) {
            return entry.kind;
        }
    }
    return std::nullopt;
}

std::span<const Kind> all_kinds() noexcept {
    return kinds_in_order;
}

Explanation explain(ByteView data, const ExplainOptions& options) {
    detail::Context context{options, std::nullopt};
    return explain_root(data, context);
}

std::optional<SentCommand> find_command(ByteView data, const ExplainOptions& options) {
    detail::Context context{options, std::nullopt};
    static_cast<void>(explain_root(data, context));
    return context.found_command;
}

namespace detail {

Explanation explain_as(Kind kind, Input input, Context& context) {
    switch (kind) {
    case Kind::CommandApdu: return explain_command_apdu(input, context);
    case Kind::ResponseApdu: return explain_response_apdu(input, context);
    case Kind::TerminalProfile: return explain_terminal_profile(input, context);
    case Kind::Envelope: return explain_envelope(input, context);
    case Kind::ProactiveCommand: return explain_proactive_command(input, context);
    case Kind::TerminalResponse: return explain_terminal_response(input, context);
    case Kind::SmsDeliver: return explain_deliver(input, context);
    case Kind::SmsSubmit: return explain_submit(input, context);
    case Kind::SmsDeliverReport: return explain_deliver_report(input, context);
    case Kind::SmsUserData: return explain_user_data(input, context);
    case Kind::CommandPacket: return explain_command_packet(input, context);
    case Kind::ResponsePacket: return explain_response_packet(input, context);
    case Kind::CommandScript: return explain_command_script(input, context);
    case Kind::ResponseScript: return explain_response_script(input, context);
    case Kind::Trigger: return explain_trigger(input, context);
    case Kind::Auto: break;
    }
    throw std::logic_error("explain_as: no explainer for Kind::Auto");
}

} // namespace detail

} // namespace euicc::host
