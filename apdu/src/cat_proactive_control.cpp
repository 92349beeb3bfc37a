// SPDX-License-Identifier: Apache-2.0
// Session-steering proactive commands (ETSI TS 102 223 §6.6.6, 6.6.8, 6.6.13, 6.6.14, 6.6.16, 6.6.21): REFRESH,
// MORE TIME, POLL INTERVAL, POLLING OFF, SET UP EVENT LIST, TIMER MANAGEMENT.
#include <euicc/apdu/cat_proactive_control.hpp>

#include <stdexcept>

#include "cat_proactive_parsers.hpp"

namespace euicc::cat {

namespace {

// §8.18: every path in a file list starts at the MF.
constexpr std::uint8_t mf_high = 0x3F;
constexpr std::uint8_t mf_low = 0x00;

bool is_mf(ByteView path, std::size_t at) { return path[at] == mf_high && path[at + 1] == mf_low; }

Bytes file_list_value(const std::vector<Bytes>& files) {
    if (files.size() > 0xFF) {
        throw std::invalid_argument("REFRESH: more than 255 files");
    }
    Bytes out{static_cast<std::uint8_t>(files.size())};
    for (const Bytes& path : files) {
        if (path.size() < 2 || path.size() % 2 != 0 || !is_mf(path, 0)) {
            throw std::invalid_argument("REFRESH: a file path is 3F00 followed by 2-byte file ids");
        }
        for (std::size_t i = 2; i < path.size(); i += 2) {
            if (is_mf(path, i)) {
                throw std::invalid_argument("REFRESH: 3F00 may only start a path");
            }
        }
        append(out, path);
    }
    return out;
}

std::vector<Bytes> read_file_list(ByteReader& r) {
    const std::size_t count_at = r.offset();
    const std::uint8_t count = r.u8();
    std::vector<Bytes> files;
    while (!r.empty()) {
        const std::size_t at = r.offset();
        const ByteView id = r.take(2);
        if (is_mf(id, 0)) {
            files.emplace_back();
        } else if (files.empty()) {
            r.fail_at(at, "file path does not start with 3F00");
        }
        append(files.back(), id);
    }
    if (files.size() != count) {
        r.fail_at(count_at, "file list announces " + std::to_string(count) + " file(s), holds " +
                                std::to_string(files.size()));
    }
    return files;
}

std::vector<Event> read_event_list(ByteReader& r) {
    std::vector<Event> events;
    for (std::uint8_t e : r.rest()) {
        events.push_back(static_cast<Event>(e));
    }
    return events;
}

} // namespace

Bytes encode(const Refresh& c) {
    using namespace detail;
    Bytes v = command_start(c.header, Refresh::type);
    put_raw(v, tag::alpha_identifier, true, c.alpha_identifier);
    put_raw(v, tag::icon_identifier, true, c.icon_identifier);
    if (c.files) {
        put(v, tag::file_list, true, file_list_value(*c.files));
    }
    put_raw(v, tag::aid, true, c.aid);
    return finish_encoding(std::move(v), c.header);
}

Bytes encode(const MoreTime& c) { return detail::finish_encoding(detail::command_start(c.header, MoreTime::type), c.header); }

Bytes encode(const PollInterval& c) {
    Bytes v = detail::command_start(c.header, PollInterval::type);
    detail::put(v, tag::duration, true, detail::duration_value(c.interval));
    return detail::finish_encoding(std::move(v), c.header);
}

Bytes encode(const PollingOff& c) {
    return detail::finish_encoding(detail::command_start(c.header, PollingOff::type), c.header);
}

Bytes encode(const SetUpEventList& c) {
    Bytes v = detail::command_start(c.header, SetUpEventList::type);
    Bytes events;
    for (Event e : c.events) {
        events.push_back(static_cast<std::uint8_t>(e));
    }
    detail::put(v, tag::event_list, true, events);
    return detail::finish_encoding(std::move(v), c.header);
}

Bytes encode(const TimerManagement& c) {
    if (c.timer_id < 1 || c.timer_id > 8) {
        throw std::invalid_argument("TIMER MANAGEMENT: timer identifier outside 1..8");
    }
    Bytes v = detail::command_start(c.header, TimerManagement::type);
    detail::put(v, tag::timer_identifier, true, Bytes{c.timer_id});
    if (c.value) {
        detail::put(v, tag::timer_value, true, encode_timer_value(*c.value));
    }
    return detail::finish_encoding(std::move(v), c.header);
}

namespace detail {

Refresh parse_refresh(ObjectList& list, CommandHeader header) {
    Refresh c;
    c.header = std::move(header);
    c.alpha_identifier = take_raw(list, tag::alpha_identifier);
    c.icon_identifier = take_raw(list, tag::icon_identifier);
    if (const Object* o = list.take(tag::file_list)) {
        c.files = read_value(list, *o, read_file_list);
    }
    c.aid = take_raw(list, tag::aid);
    return finish(std::move(c), list);
}

MoreTime parse_more_time(ObjectList& list, CommandHeader header) {
    MoreTime c;
    c.header = std::move(header);
    return finish(std::move(c), list);
}

PollInterval parse_poll_interval(ObjectList& list, CommandHeader header) {
    PollInterval c;
    c.header = std::move(header);
    c.interval = read_value(list, list.require(tag::duration, "duration"), read_duration);
    return finish(std::move(c), list);
}

PollingOff parse_polling_off(ObjectList& list, CommandHeader header) {
    PollingOff c;
    c.header = std::move(header);
    return finish(std::move(c), list);
}

SetUpEventList parse_set_up_event_list(ObjectList& list, CommandHeader header) {
    SetUpEventList c;
    c.header = std::move(header);
    c.events = read_value(list, list.require(tag::event_list, "event list"), read_event_list);
    return finish(std::move(c), list);
}

TimerManagement parse_timer_management(ObjectList& list, CommandHeader header) {
    TimerManagement c;
    c.header = std::move(header);
    c.timer_id = read_value(list, list.require(tag::timer_identifier, "timer identifier"), read_timer_id);
    if (const Object* o = list.take(tag::timer_value)) {
        c.value = read_value(list, *o, read_timer_value);
    }
    return finish(std::move(c), list);
}

} // namespace detail

} // namespace euicc::cat
