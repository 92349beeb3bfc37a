// SPDX-License-Identifier: Apache-2.0
// PC/SC resource manager context (pcsc-lite winscard.h): readers, their state, waits, connections.
#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <euicc/error.hpp>

#include "pcsc_error.hpp"
#include "pcsc_handles.hpp"
#include "reader_list.hpp"

namespace euicc::transport {
namespace detail {
namespace {

// pcsc-lite keeps an event counter in the upper 16 bits of dwEventState (winscard_clnt.c); the
// SCARD_STATE_* flags are the lower 16.
constexpr DWORD state_bits = 0xFFFF;

std::vector<std::string> list_reader_names(SCARDCONTEXT context) {
    for (;;) {
        DWORD size = 0;
        LONG rc = SCardListReaders(context, nullptr, nullptr, &size);
        if (rc == SCARD_E_NO_READERS_AVAILABLE) {
            return {};
        }
        check(rc, "SCardListReaders", {});
        std::string multi(size, '\0');
        rc = SCardListReaders(context, nullptr, multi.data(), &size);
        if (rc == SCARD_E_INSUFFICIENT_BUFFER) {
            continue; // a reader appeared between the two calls
        }
        if (rc == SCARD_E_NO_READERS_AVAILABLE) {
            return {};
        }
        check(rc, "SCardListReaders", {});
        // Multi-string: names separated by NUL, ended by an empty name.
        std::vector<std::string> names;
        for (std::size_t pos = 0; pos < multi.size() && multi[pos] != '\0';) {
            const std::size_t end = multi.find('\0', pos);
            names.push_back(multi.substr(pos, end - pos));
            pos = end == std::string::npos ? multi.size() : end + 1;
        }
        return names;
    }
}

ReaderInfo reader_info(const SCARD_READERSTATE& state) {
    const DWORD bits = state.dwEventState & state_bits;
    ReaderInfo info;
    info.name = state.szReader;
    info.card_present = (bits & SCARD_STATE_PRESENT) != 0;
    info.exclusive = (bits & SCARD_STATE_EXCLUSIVE) != 0;
    info.in_use = (bits & SCARD_STATE_INUSE) != 0;
    info.event_state = static_cast<std::uint32_t>(bits);
    if (info.card_present) {
        const std::size_t n = std::min<std::size_t>(state.cbAtr, sizeof state.rgbAtr);
        info.atr.assign(state.rgbAtr, state.rgbAtr + n);
    }
    return info;
}

DWORD to_dword_ms(std::chrono::steady_clock::duration d) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(d).count();
    // INFINITE (0xFFFFFFFF) would mean "no timeout": stay one below.
    return static_cast<DWORD>(std::clamp<long long>(ms, 0, INFINITE - 1LL));
}

} // namespace

std::vector<ReaderInfo> list_readers(SCARDCONTEXT context) {
    const std::vector<std::string> names = list_reader_names(context);
    if (names.empty()) {
        return {};
    }
    std::vector<SCARD_READERSTATE> states(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        states[i].szReader = names[i].c_str();
        states[i].dwCurrentState = SCARD_STATE_UNAWARE; // differs from any state: returns at once
    }
    const LONG rc = SCardGetStatusChange(context, 0, states.data(), static_cast<DWORD>(states.size()));
    if (rc != SCARD_E_TIMEOUT) {
        check(rc, "SCardGetStatusChange", {});
    }
    std::vector<ReaderInfo> readers;
    for (const auto& state : states) {
        // A reader unplugged between the two calls is reported UNKNOWN: it is not there any more.
        if ((state.dwEventState & SCARD_STATE_UNKNOWN) == 0) {
            readers.push_back(reader_info(state));
        }
    }
    return readers;
}

[[noreturn]] void throw_unknown_reader(SCARDCONTEXT context, const char* call, const std::string& reader) {
    std::string available;
    try {
        available = describe_readers(list_readers(context));
    } catch (const TransportError& e) {
        available = std::string("reader list unavailable: ") + e.what();
    }
    throw_pcsc_error_message(SCARD_E_UNKNOWN_READER,
                             pcsc_error_message(SCARD_E_UNKNOWN_READER, call, reader) + "; " + available);
}

ContextHandle::ContextHandle() {
    check(SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &m_context), "SCardEstablishContext",
          {});
}

ContextHandle::~ContextHandle() {
    // Nothing useful can be done with a failure here: the context is gone either way (pcscd drops it
    // when the client's socket closes).
    (void)SCardReleaseContext(m_context);
}

} // namespace detail

struct PcscContext::Impl {
    std::shared_ptr<detail::ContextHandle> context = std::make_shared<detail::ContextHandle>();

    /// Waits until the card presence of `reader` equals `want_card`.
    bool wait_for(const std::string& reader, std::chrono::milliseconds timeout, bool want_card) const;
};

bool PcscContext::Impl::wait_for(const std::string& reader, std::chrono::milliseconds timeout,
                                 bool want_card) const {
    if (timeout.count() < 0) {
        throw std::invalid_argument("negative timeout waiting on reader '" + reader + "'");
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    SCARD_READERSTATE state{};
    state.szReader = reader.c_str();
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    DWORD wait_ms = 0; // the first call only reads the current state
    for (;;) {
        const LONG rc = SCardGetStatusChange(context->get(), wait_ms, &state, 1);
        if (rc == SCARD_E_TIMEOUT) {
            return false;
        }
        if (rc == SCARD_E_UNKNOWN_READER ||
            (rc == SCARD_S_SUCCESS && (state.dwEventState & SCARD_STATE_UNKNOWN))) {
            detail::throw_unknown_reader(context->get(), "SCardGetStatusChange", reader);
        }
        detail::check(rc, "SCardGetStatusChange", reader);
        if (((state.dwEventState & SCARD_STATE_PRESENT) != 0) == want_card) {
            return true;
        }
        const auto remaining = deadline - std::chrono::steady_clock::now();
        if (remaining <= std::chrono::steady_clock::duration::zero()) {
            return false;
        }
        wait_ms = detail::to_dword_ms(remaining);
        // Passing the event state back (counter included) makes pcsc-lite report even a quick
        // remove+insert that happened between two calls.
        state.dwCurrentState = state.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
    }
}

PcscContext::PcscContext() : m_impl(std::make_unique<Impl>()) {}
PcscContext::~PcscContext() = default;
PcscContext::PcscContext(PcscContext&&) noexcept = default;
PcscContext& PcscContext::operator=(PcscContext&&) noexcept = default;

std::vector<ReaderInfo> PcscContext::readers() {
    return detail::list_readers(m_impl->context->get());
}

std::string PcscContext::select_reader(const ReaderSelector& selector) {
    return transport::select_reader(readers(), selector);
}

bool PcscContext::wait_for_card(const std::string& reader, std::chrono::milliseconds timeout) {
    return m_impl->wait_for(reader, timeout, true);
}

bool PcscContext::wait_for_removal(const std::string& reader, std::chrono::milliseconds timeout) {
    return m_impl->wait_for(reader, timeout, false);
}

std::unique_ptr<PcscChannel> PcscContext::connect(const std::string& reader, ShareMode mode) {
    return std::unique_ptr<PcscChannel>(
        new PcscChannel(std::make_unique<PcscChannel::Impl>(m_impl->context, reader, mode)));
}

std::intptr_t PcscContext::native_handle() const noexcept {
    return static_cast<std::intptr_t>(m_impl->context->get());
}

} // namespace euicc::transport
