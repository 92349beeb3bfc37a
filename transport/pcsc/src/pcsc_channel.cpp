// SPDX-License-Identifier: Apache-2.0
// A card connected through pcsc-lite (SCardConnect/SCardTransmit) holding one transaction per session.
#include <euicc/error.hpp>

#include "pcsc_error.hpp"
#include "pcsc_handles.hpp"

namespace euicc::transport {
namespace {

constexpr DWORD protocols = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;

DWORD native_disposition(Disposition d) noexcept {
    switch (d) {
    case Disposition::Reset:
        return SCARD_RESET_CARD;
    case Disposition::Unpower:
        return SCARD_UNPOWER_CARD;
    case Disposition::Eject:
        return SCARD_EJECT_CARD;
    case Disposition::Leave:
        break;
    }
    return SCARD_LEAVE_CARD;
}

} // namespace

PcscChannel::Impl::Impl(std::shared_ptr<detail::ContextHandle> ctx, std::string name, ShareMode mode)
    : context(std::move(ctx)), reader(std::move(name)),
      share_mode(mode == ShareMode::Exclusive ? SCARD_SHARE_EXCLUSIVE : SCARD_SHARE_SHARED),
      response(max_response) {
    const LONG rc = SCardConnect(context->get(), reader.c_str(), share_mode, protocols, &handle, &protocol);
    if (rc == SCARD_E_UNKNOWN_READER) {
        detail::throw_unknown_reader(context->get(), "SCardConnect", reader);
    }
    detail::check(rc, "SCardConnect", reader);
    try {
        begin_transaction();
    } catch (...) {
        (void)SCardDisconnect(handle, SCARD_LEAVE_CARD); // the transaction error is the one to report
        throw;
    }
}

PcscChannel::Impl::~Impl() {
    // Destructors do not throw; pcscd frees the handle when the context goes away in any case.
    if (in_transaction) {
        (void)SCardEndTransaction(handle, SCARD_LEAVE_CARD);
    }
    (void)SCardDisconnect(handle, native_disposition(disposition));
}

void PcscChannel::Impl::begin_transaction() {
    if (!in_transaction) {
        // One transaction for the whole session: other applications cannot interleave APDUs between
        // a SELECT and what follows it, and a transaction per APDU would cost +70 % (spec/vpcd.md).
        detail::check(SCardBeginTransaction(handle), "SCardBeginTransaction", reader);
        in_transaction = true;
    }
}

void PcscChannel::Impl::reconnect(DWORD initialization) {
    detail::check(SCardReconnect(handle, share_mode, protocols, initialization, &protocol), "SCardReconnect",
                  reader);
    // pcsc-lite keeps the transaction across SCardReconnect (the lock belongs to the handle), other
    // PC/SC stacks end it; taking it again nests harmlessly in pcsc-lite and SCardDisconnect releases
    // every level.
    in_transaction = false;
    begin_transaction();
}

const SCARD_IO_REQUEST* PcscChannel::Impl::send_pci() const noexcept {
    return protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
}

PcscChannel::PcscChannel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

PcscChannel::~PcscChannel() = default;

Bytes PcscChannel::do_transmit(ByteView command) {
    Impl& s = *m_impl;
    s.begin_transaction(); // no-op unless a failed reconnect lost it
    DWORD received = static_cast<DWORD>(s.response.size());
    const LONG rc = SCardTransmit(s.handle, s.send_pci(), command.data(), static_cast<DWORD>(command.size()),
                                  nullptr, s.response.data(), &received);
    if (rc == SCARD_W_RESET_CARD) {
        // Another application reset the card: the handle must acknowledge it with SCardReconnect before
        // it works again, and whatever the session had selected or authenticated is gone, so the caller
        // has to start over.
        const std::string message =
            detail::pcsc_error_message(rc, "SCardTransmit", s.reader) + "; card was reset";
        try {
            s.reconnect(SCARD_LEAVE_CARD);
        } catch (const TransportError& e) {
            throw CardRemovedError(message + ", reconnect failed: " + e.what(), rc);
        }
        throw CardRemovedError(message, rc);
    }
    detail::check(rc, "SCardTransmit", s.reader);
    if (received < 2) {
        throw TransportError("SCardTransmit on reader '" + s.reader + "': response of " +
                             std::to_string(received) + " bytes has no SW1 SW2");
    }
    return Bytes(s.response.begin(), s.response.begin() + static_cast<std::ptrdiff_t>(received));
}

void PcscChannel::do_reset(bool cold) {
    m_impl->reconnect(cold ? SCARD_UNPOWER_CARD : SCARD_RESET_CARD);
}

Bytes PcscChannel::atr() {
    BYTE atr[MAX_ATR_SIZE];
    DWORD atr_len = sizeof atr;
    DWORD reader_len = 0;
    DWORD state = 0;
    DWORD protocol = 0;
    detail::check(SCardStatus(m_impl->handle, nullptr, &reader_len, &state, &protocol, atr, &atr_len),
                  "SCardStatus", m_impl->reader);
    return Bytes(atr, atr + atr_len);
}

const std::string& PcscChannel::reader() const noexcept {
    return m_impl->reader;
}

int PcscChannel::protocol() const noexcept {
    return m_impl->protocol == SCARD_PROTOCOL_T0 ? 0 : 1;
}

void PcscChannel::unpower() {
    reset(true);
}

void PcscChannel::set_disposition(Disposition d) noexcept {
    m_impl->disposition = d;
}

std::intptr_t PcscChannel::native_handle() const noexcept {
    return static_cast<std::intptr_t>(m_impl->handle);
}

} // namespace euicc::transport
