// SPDX-License-Identifier: Apache-2.0
// Push-mode admin session driver (GP Amd B §3.7-§3.8, SGP.02 §2.4.3-§2.4.4): trigger, access time, BIP relay, end.
#include <euicc/host/triggered_session.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/trigger_connection.hpp>
#include <euicc/host/standard_terminal.hpp>

namespace euicc::host {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::steady_clock;

// Short enough that the end of a session (the card's CLOSE CHANNEL) is seen promptly, long enough that an idle
// wait costs nothing; the loop returns at once when a socket has data.
constexpr milliseconds step_wait{50};

/// "OPEN CHANNEL, SEND DATA" for the proactive commands of one envelope's session.
std::string command_names(const std::vector<ProactiveExchange>& exchanges) {
    std::string out;
    for (const ProactiveExchange& exchange : exchanges) {
        if (!out.empty()) {
            out += ", ";
        }
        out += std::string(cat::command_type_name(exchange.response.details.type));
        if (exchange.response.result.general != cat::GeneralResult::PerformedSuccessfully) {
            std::ostringstream code;
            code << " (result " << std::hex << static_cast<unsigned>(exchange.response.result.general) << ")";
            out += code.str();
        }
    }
    return out;
}

std::size_t count_commands(const TerminalLoopStep& step) {
    std::size_t n = 0;
    for (const TimerPoll& poll : step.timers) {
        n += poll.outcome.proactive.size();
    }
    for (const DeliveredEvent& event : step.events) {
        n += event.outcome.proactive.size();
    }
    return n;
}

std::vector<AdminEvent> events_since(const AdminRecords& records, std::string_view eid, std::size_t first) {
    const std::optional<AdminCardRecord> card = records.card(eid);
    if (!card || card->events.size() <= first) {
        return {};
    }
    return {card->events.begin() + static_cast<std::ptrdiff_t>(first), card->events.end()};
}

/// The outcome the server's events give once the card is done, nullopt while they show no end.
std::optional<TriggeredOutcome> server_outcome(const std::vector<AdminEvent>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->step == AdminStep::Completed) {
            return TriggeredOutcome::Completed;
        }
        if (it->step == AdminStep::NothingToDo) {
            return TriggeredOutcome::NothingToDo;
        }
    }
    return std::nullopt;
}

std::string last_failure(const std::vector<AdminEvent>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->step == AdminStep::Failed || it->step == AdminStep::HandshakeFailed ||
            it->step == AdminStep::RefusedBusy) {
            return std::string(to_string(it->step)) + (it->detail.empty() ? "" : ": " + it->detail);
        }
    }
    return {};
}

} // namespace

LabClock::LabClock() : m_offset_ns(std::make_shared<std::atomic<std::int64_t>>(0)) {}

TerminalClockFn LabClock::function() const {
    return [offset = m_offset_ns] { return TerminalClock::now() + nanoseconds(offset->load()); };
}

TerminalClock::time_point LabClock::now() const { return TerminalClock::now() + nanoseconds(m_offset_ns->load()); }

void LabClock::advance(TerminalClock::duration by) {
    if (by.count() > 0) {
        m_offset_ns->fetch_add(duration_cast<nanoseconds>(by).count());
    }
}

TerminalClock::duration LabClock::offset() const { return nanoseconds(m_offset_ns->load()); }

trigger::Trigger build_admin_trigger(const AdminTriggerSettings& settings) {
    if (settings.server_port == 0) {
        throw std::invalid_argument("admin trigger: server port 0");
    }
    trigger::AdminSessionParameters session;
    session.connection =
        trigger::connection_from(trigger::tcp_client_open_channel(settings.server_ip, settings.server_port,
                                                                  settings.buffer_size));
    session.retry = settings.retry;
    trigger::HttpPostParameters http;
    http.uri = settings.admin_uri;
    http.host = settings.server_ip;
    session.http_post = http;
    trigger::Trigger out;
    out.session = std::move(session);
    if (settings.extension) {
        trigger::Extension extension;
        extension.operation = settings.operation;
        extension.mode = trigger::ManagementMode::Push;
        extension.smsr_id = settings.smsr_id;
        extension.smsr_address = settings.server_ip + ":" + std::to_string(settings.server_port);
        extension.access_control = settings.access_control;
        extension.request_id = settings.request_id;
        out.extension = std::move(extension);
    }
    return out;
}

std::string_view to_string(TriggeredOutcome outcome) noexcept {
    switch (outcome) {
    case TriggeredOutcome::Completed: return "completed";
    case TriggeredOutcome::NothingToDo: return "nothing to do";
    case TriggeredOutcome::Failed: return "failed";
    case TriggeredOutcome::NoSession: return "no session";
    case TriggeredOutcome::TimedOut: return "timed out";
    case TriggeredOutcome::CardLost: return "card lost";
    }
    return "unknown";
}

TriggeredSessionResult run_triggered_session(OtaSession& ota, ToolkitTerminal& terminal, TcpBipHandler& bip,
                                             const AdminRecords& records, std::string_view eid,
                                             const trigger::Trigger& trigger,
                                             const TriggeredSessionOptions& options) {
    StandardTerminal* standard = terminal.standard_terminal();
    if (standard == nullptr) {
        throw std::invalid_argument("triggered session: the terminal's handler is not a StandardTerminal");
    }
    const auto log = [&](const std::string& line) {
        if (options.on_log) {
            options.on_log(line);
        }
    };
    TriggeredSessionResult result;
    result.eid = std::string(eid);
    const std::optional<AdminCardRecord> before = records.card(eid);
    const std::size_t first_event = before ? before->events.size() : 0;
    // A handshake that fails before the PSK identity names a known card is recorded without an EID.
    const std::size_t first_unidentified = records.unidentified().size();

    const auto started = steady_clock::now();
    const auto deadline = started + options.timeout;
    log("trigger SMS-PP to the ISD-R of " + result.eid + ": " + to_hex(trigger::encode(trigger)));
    result.delivery = ota.send_trigger(trigger);
    log("trigger delivered, counter " + std::to_string(result.delivery.header.counter) +
        (result.delivery.por ? ", PoR OK" : ", no PoR"));
    for (const SmsPpOutcome& part : result.delivery.parts) {
        if (!part.envelope.proactive.empty()) {
            log("card: " + command_names(part.envelope.proactive));
        }
    }

    TerminalLoopOptions loop_options;
    if (options.fast_forward) {
        loop_options.clock = options.fast_forward->function();
    }
    loop_options.max_wait = step_wait;
    loop_options.on_step = [&](const TerminalLoopStep& step) {
        for (const TimerPoll& poll : step.timers) {
            log("timer " + std::to_string(poll.timer.timer_id) + " expired" +
                (poll.outcome.proactive.empty() ? "" : "; card: " + command_names(poll.outcome.proactive)));
        }
        for (const DeliveredEvent& event : step.events) {
            log("event download" +
                (event.outcome.proactive.empty() ? std::string() : "; card: " + command_names(event.outcome.proactive)));
        }
    };
    TerminalLoop loop(terminal, bip, loop_options);

    std::optional<steady_clock::time_point> server_done_at;
    while (true) {
        result.events = events_since(records, eid, first_event);
        const std::optional<TriggeredOutcome> done = server_outcome(result.events);
        const bool channel_open = !bip.channel_statuses().empty();
        const std::optional<TerminalClock::time_point> next_timer = standard->timers().next_expiry();
        const bool idle = !channel_open && !next_timer;
        const auto now = steady_clock::now();
        if (done) {
            if (!server_done_at) {
                server_done_at = now;
            }
            // The server answered 204; the card then closes TLS and its channel. Wait for that, within a grace.
            if (idle || now - *server_done_at > options.close_grace) {
                result.outcome = *done;
                break;
            }
        } else if (idle) {
            // No channel and no timer: the card has stopped trying (or never started). The server may not have
            // recorded the end yet (it records "completed" once its 204 is written, and the card can close first):
            // let every connection it still serves finish, then read its verdict again.
            records.wait_for([](const AdminCounters& counters) { return counters.open == 0; }, options.close_grace);
            result.events = events_since(records, eid, first_event);
            if (const std::optional<TriggeredOutcome> late = server_outcome(result.events)) {
                result.outcome = *late;
                break;
            }
            result.failure = last_failure(result.events);
            result.outcome = result.events.empty() ? TriggeredOutcome::NoSession : TriggeredOutcome::Failed;
            if (result.failure.empty()) {
                const std::vector<AdminEvent> unknown = records.unidentified();
                if (unknown.size() > first_unidentified) {
                    result.failure = "a card the server could not identify: " + std::string(to_string(unknown.back().step)) +
                                     (unknown.back().detail.empty() ? "" : ": " + unknown.back().detail);
                } else {
                    result.failure = result.events.empty() ? "the card did not open a session to the admin server"
                                                           : "the session ended without completing";
                }
            }
            break;
        }
        if (now >= deadline) {
            result.outcome = TriggeredOutcome::TimedOut;
            result.failure = "no end within " + std::to_string(options.timeout.count()) + " ms";
            break;
        }
        if (options.fast_forward && !channel_open && next_timer) {
            LabClock clock = *options.fast_forward;
            const TerminalClock::time_point clock_now = clock.now();
            if (*next_timer > clock_now) {
                clock.advance(*next_timer - clock_now);
                log("fast-forward " + std::to_string(duration_cast<milliseconds>(*next_timer - clock_now).count()) +
                    " ms to the card's next timer");
            }
        }
        const TerminalLoopStep step = loop.step(step_wait);
        ++result.loop.steps;
        result.loop.envelopes += step.timers.size() + step.events.size();
        result.loop.proactive_commands += count_commands(step);
    }
    result.seconds = std::chrono::duration<double>(steady_clock::now() - started).count();
    if (options.fast_forward) {
        result.fast_forwarded_seconds = std::chrono::duration<double>(options.fast_forward->offset()).count();
    }
    log("session " + std::string(to_string(result.outcome)) +
        (result.failure.empty() ? "" : ": " + result.failure));
    return result;
}

} // namespace euicc::host
