// SPDX-License-Identifier: Apache-2.0
// TextTracer: StreamTracer's one-line-per-APDU format delivered to a Python callable (print, logging).
#pragma once

#include <mutex>
#include <sstream>
#include <string>
#include <string_view>

#include <euicc/transport/apdu_tracer.hpp>

#include "trampolines.hpp"

namespace euicc::python {

/// Formats with transport::StreamTracer (so keys are redacted the same way) into a private buffer, then
/// calls `callback(line)` once per line, without the trailing newline, holding the GIL. The callback runs
/// on the thread that transmitted; exceptions it raises are reported through sys.unraisablehook.
class TextTracer final : public transport::ApduTracer {
public:
    TextTracer(py::function callback, std::string prefix)
        : m_format(m_buffer, std::move(prefix)), m_callback(std::move(callback)) {}

    ~TextTracer() override {
        // The last reference may go away on a thread without the GIL; a Python reference needs it.
        if (Py_IsInitialized() != 0) {
            py::gil_scoped_acquire gil;
            m_callback = py::function();
        } else {
            (void)m_callback.release(); // interpreter gone: leak rather than touch it
        }
    }

    void on_exchange(ByteView command, ByteView response) noexcept override {
        emit([&] { m_format.on_exchange(command, response); });
    }
    void on_reset(ByteView atr) noexcept override {
        emit([&] { m_format.on_reset(atr); });
    }

private:
    template <class F>
    void emit(F&& format) noexcept {
        std::string text;
        {
            // Format under our lock, call Python outside it: holding it while waiting for the GIL
            // could deadlock against a thread that holds the GIL and traces.
            std::lock_guard lock(m_mutex);
            std::forward<F>(format)();
            text = m_buffer.str();
            m_buffer.str({});
        }
        if (text.empty()) {
            return;
        }
        call_python_noexcept("euicc.TextTracer callback", [&] {
            std::string_view rest = text;
            while (!rest.empty()) {
                const auto nl = rest.find('\n');
                const auto line = rest.substr(0, nl);
                m_callback(py::str(line.data(), line.size()));
                rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
            }
        });
    }

    std::mutex m_mutex;
    std::ostringstream m_buffer;
    transport::StreamTracer m_format; // writes into m_buffer, which is declared (constructed) first
    py::function m_callback;
};

} // namespace euicc::python
