// SPDX-License-Identifier: Apache-2.0
// Owners of pcsc-lite handles: the SCARDCONTEXT (shared) and one SCARDHANDLE with its transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <winscard.h>

#include <euicc/transport/pcsc.hpp>

namespace euicc::transport::detail {

/// One SCARDCONTEXT. Shared by PcscContext and every channel it made: pcsc-lite invalidates all card
/// handles of a context on SCardReleaseContext, so the context must die last.
class ContextHandle {
public:
    ContextHandle(); ///< SCardEstablishContext(SCARD_SCOPE_SYSTEM); ReaderError when pcscd is not running
    ~ContextHandle();
    ContextHandle(const ContextHandle&) = delete;
    ContextHandle& operator=(const ContextHandle&) = delete;

    SCARDCONTEXT get() const noexcept { return m_context; }

private:
    SCARDCONTEXT m_context = 0;
};

} // namespace euicc::transport::detail

namespace euicc::transport {

/// A connected card plus its session transaction. Constructed only by PcscContext::connect.
struct PcscChannel::Impl {
    /// Largest R-APDU: Ne = 65536 data bytes (extended Le = 0000, ISO 7816-4 §5.1) + SW1 SW2.
    static constexpr std::size_t max_response = 65536 + 2;

    Impl(std::shared_ptr<detail::ContextHandle> context, std::string reader, ShareMode mode);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    /// SCardBeginTransaction unless one is held.
    void begin_transaction();
    /// SCardReconnect with `initialization` (SCARD_LEAVE_CARD/RESET_CARD/UNPOWER_CARD), then the
    /// transaction again.
    void reconnect(DWORD initialization);
    const SCARD_IO_REQUEST* send_pci() const noexcept;

    std::shared_ptr<detail::ContextHandle> context;
    std::string reader;
    DWORD share_mode;
    SCARDHANDLE handle = 0;
    DWORD protocol = SCARD_PROTOCOL_UNDEFINED;
    bool in_transaction = false;
    Disposition disposition = Disposition::Leave;
    /// Receive buffer reused by every transmit: one allocation per session, not 64 KiB per APDU.
    std::vector<std::uint8_t> response;
};

} // namespace euicc::transport

namespace euicc::transport::detail {

/// SCardListReaders + SCardGetStatusChange(timeout 0): every reader with its state and ATR.
std::vector<ReaderInfo> list_readers(SCARDCONTEXT context);

/// SCARD_E_UNKNOWN_READER from `call`, with the readers that do exist appended to the message.
[[noreturn]] void throw_unknown_reader(SCARDCONTEXT context, const char* call, const std::string& reader);

} // namespace euicc::transport::detail
