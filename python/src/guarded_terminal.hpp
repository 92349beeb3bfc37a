// SPDX-License-Identifier: Apache-2.0
// The Python face of host::ToolkitTerminal (ETSI TS 102 223 terminal): one lock around every use of the terminal.
#pragma once

#include <mutex>
#include <utility>

#include <euicc/host/toolkit_terminal.hpp>

#include "bindings.hpp"

namespace euicc::python {

/// A ToolkitTerminal (not thread-safe in C++) that Python threads may share: every call takes `mutex` after
/// releasing the GIL, so a thread waiting for the lock never holds the GIL that the running one needs for its
/// clock or on_event callback. The mutex is recursive because on_event runs inside a locked call and may read the
/// terminal (events, timers); it must not drive it (start/envelope/... from on_event is not supported).
class GuardedTerminal {
public:
    GuardedTerminal(transport::CardChannel& channel, host::ToolkitTerminalOptions options)
        : m_clock(options.clock), m_terminal(channel, std::move(options)) {}

    /// Runs f(terminal) with the GIL released and the lock held; the result is converted after the GIL is back.
    template <class F>
    auto locked(F&& f) {
        py::gil_scoped_release release;
        std::lock_guard lock(m_mutex);
        return std::forward<F>(f)(m_terminal);
    }

    /// The terminal's "now" (its injected clock, else steady_clock), for the timer views.
    host::TerminalClock::time_point now() const { return m_clock ? m_clock() : host::TerminalClock::now(); }

    /// For OtaSession, which borrows the terminal; use only inside locked().
    host::ToolkitTerminal& unguarded() noexcept { return m_terminal; }

private:
    host::TerminalClockFn m_clock;
    std::recursive_mutex m_mutex;
    host::ToolkitTerminal m_terminal;
};

} // namespace euicc::python
