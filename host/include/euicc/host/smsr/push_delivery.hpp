// SPDX-License-Identifier: Apache-2.0
// The push server's delivery: each item's SMS-DELIVERs as ENVELOPE SMS-PP download through the terminal of
// the reader that holds the card (TS 31.111 §7.1.1.2), reported per identity (host/docs/push_server.md).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <euicc/apdu/push_api.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host::smsr {

/// A toolkit terminal on one reader, held for the deliveries of one push request on that reader. The holder
/// owns whatever the terminal needs (PC/SC channel, handler, BIP relay) and keeps serving the card after the
/// trigger if it wants to (timers, OPEN CHANNEL): that is the terminal's business, not the push server's.
class PushTerminal {
public:
    virtual ~PushTerminal() = default;
    virtual ToolkitTerminal& terminal() = 0;
};

/// Opens the terminal of `reader` (TERMINAL PROFILE sent). NoCardError -> "no_terminal", any other
/// euicc::Error -> "transport_error" for every item of that reader. Called on the reader's worker thread.
using PushTerminalFactory = std::function<std::unique_ptr<PushTerminal>(const std::string& reader)>;

/// Identity -> reader name, from a JSON object {"<type>:<value>": "<reader>", ...} with the identity types of
/// the API ("imsi:001010123456789": "Virtual PCD 00 00").
class PushTerminalMap {
public:
    /// DocumentError (context "push terminal map") naming the member for anything else.
    static PushTerminalMap parse(std::string_view json);
    /// parse() of a file's text; euicc::Error naming the path when it cannot be read.
    static PushTerminalMap load(const std::string& path);

    /// Throws std::invalid_argument for an empty reader name.
    void add(const push_api::Identity& identity, std::string reader);
    std::optional<std::string> reader_for(const push_api::Identity& identity) const;
    std::size_t size() const noexcept { return m_readers.size(); }

private:
    std::map<std::string, std::string> m_readers;
};

struct PushDeliveryOptions {
    /// ENVELOPEs answered 9300 (toolkit busy, TS 31.111 §7.1.1.2) are sent again this many times in all.
    unsigned busy_attempts = 3;
    std::chrono::milliseconds busy_pause{200};
    /// Told of every item once it is settled (the CLI logs it). Called on worker threads; must not throw.
    std::function<void(const push_api::DeliveryReport&)> on_report;
};

/// Delivers push requests. Items are grouped by reader; each reader's group runs on its own thread, so a
/// slow card holds up only its own reader, and one reader serves one request at a time. Thread-safe.
class PushDelivery {
public:
    PushDelivery(PushTerminalMap map, PushTerminalFactory factory, PushDeliveryOptions options = {});

    /// One report per item, in request order. Never throws for a card or reader problem: those are reported.
    /// Before anything is sent, every TPDU must decode as an SMS-DELIVER (TS 23.040 §9.2.2.1); otherwise
    /// DocumentError ("push request", pointer of the TPDU) and nothing is delivered.
    push_api::PushResult deliver(const push_api::PushRequest& request);

private:
    std::mutex& reader_mutex(const std::string& reader);
    void deliver_on_reader(const std::string& reader, const push_api::PushRequest& request,
                           const std::vector<std::size_t>& items, push_api::PushResult& result);
    push_api::DeliveryReport deliver_item(ToolkitTerminal& terminal, const std::string& reader,
                                          const push_api::PushItem& item);

    PushTerminalMap m_map;
    PushTerminalFactory m_factory;
    PushDeliveryOptions m_options;
    std::mutex m_readers_mutex;
    std::map<std::string, std::unique_ptr<std::mutex>> m_reader_mutexes;
};

} // namespace euicc::host::smsr
