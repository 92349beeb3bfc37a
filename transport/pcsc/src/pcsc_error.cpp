// SPDX-License-Identifier: Apache-2.0
// pcsc-lite 1.9 return codes (pcsclite.h SCARD_E_/W_/F_/P_*) mapped to typed euicc errors in one table.
#include "pcsc_error.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <stdexcept>

#include <euicc/error.hpp>

namespace euicc::transport {
namespace {

enum class Kind { Transport, NoCard, CardRemoved, Reader, Timeout };

struct Entry {
    LONG code;
    Kind kind;
};

// Every code pcsclite.h defines, in its order. The classes answer "what can the caller do about it":
// - CardRemoved: the card's session state is gone (removed, reset or unpowered underneath us);
// - NoCard: no usable card (absent, mute, or one the reader cannot talk to) - insert/replace a card;
// - Reader: the reader or the resource manager is the problem (unknown/unavailable reader, pcscd not
//   running or shutting down, another application holds the card);
// - Timeout: a wait ran out;
// - Transport: everything else (API misuse, IPC failures, smart-card-provider codes pcsc-lite never
//   returns for plain APDU I/O).
constexpr Entry k_table[] = {
    {SCARD_F_INTERNAL_ERROR, Kind::Transport},
    {SCARD_E_CANCELLED, Kind::Transport},
    {SCARD_E_INVALID_HANDLE, Kind::Transport},
    {SCARD_E_INVALID_PARAMETER, Kind::Transport},
    {SCARD_E_INVALID_TARGET, Kind::Transport},
    {SCARD_E_NO_MEMORY, Kind::Transport},
    {SCARD_F_WAITED_TOO_LONG, Kind::Timeout},
    {SCARD_E_INSUFFICIENT_BUFFER, Kind::Transport},
    {SCARD_E_UNKNOWN_READER, Kind::Reader},
    {SCARD_E_TIMEOUT, Kind::Timeout},
    {SCARD_E_SHARING_VIOLATION, Kind::Reader},
    {SCARD_E_NO_SMARTCARD, Kind::NoCard},
    {SCARD_E_UNKNOWN_CARD, Kind::Transport},
    {SCARD_E_CANT_DISPOSE, Kind::Transport},
    {SCARD_E_PROTO_MISMATCH, Kind::Transport},
    {SCARD_E_NOT_READY, Kind::Reader},
    {SCARD_E_INVALID_VALUE, Kind::Transport},
    {SCARD_E_SYSTEM_CANCELLED, Kind::Transport},
    {SCARD_F_COMM_ERROR, Kind::Transport},
    {SCARD_F_UNKNOWN_ERROR, Kind::Transport},
    {SCARD_E_INVALID_ATR, Kind::Transport},
    {SCARD_E_NOT_TRANSACTED, Kind::Transport},
    {SCARD_E_READER_UNAVAILABLE, Kind::Reader},
    {SCARD_P_SHUTDOWN, Kind::Reader},
    {SCARD_E_PCI_TOO_SMALL, Kind::Transport},
    {SCARD_E_READER_UNSUPPORTED, Kind::Reader},
    {SCARD_E_DUPLICATE_READER, Kind::Reader},
    {SCARD_E_CARD_UNSUPPORTED, Kind::NoCard},
    {SCARD_E_NO_SERVICE, Kind::Reader},
    {SCARD_E_SERVICE_STOPPED, Kind::Reader},
    // SCARD_E_UNEXPECTED and SCARD_E_UNSUPPORTED_FEATURE share 0x8010001F in pcsc-lite.
    {SCARD_E_UNSUPPORTED_FEATURE, Kind::Transport},
    {SCARD_E_ICC_INSTALLATION, Kind::Transport},
    {SCARD_E_ICC_CREATEORDER, Kind::Transport},
    // 0x80100022 is the Windows value of SCARD_E_UNSUPPORTED_FEATURE (commented out in pcsclite.h).
    {0x80100022, Kind::Transport},
    {SCARD_E_DIR_NOT_FOUND, Kind::Transport},
    {SCARD_E_FILE_NOT_FOUND, Kind::Transport},
    {SCARD_E_NO_DIR, Kind::Transport},
    {SCARD_E_NO_FILE, Kind::Transport},
    {SCARD_E_NO_ACCESS, Kind::Transport},
    {SCARD_E_WRITE_TOO_MANY, Kind::Transport},
    {SCARD_E_BAD_SEEK, Kind::Transport},
    {SCARD_E_INVALID_CHV, Kind::Transport},
    {SCARD_E_UNKNOWN_RES_MNG, Kind::Transport},
    {SCARD_E_NO_SUCH_CERTIFICATE, Kind::Transport},
    {SCARD_E_CERTIFICATE_UNAVAILABLE, Kind::Transport},
    {SCARD_E_NO_READERS_AVAILABLE, Kind::Reader},
    {SCARD_E_COMM_DATA_LOST, Kind::Transport},
    {SCARD_E_NO_KEY_CONTAINER, Kind::Transport},
    {SCARD_E_SERVER_TOO_BUSY, Kind::Reader},
    {SCARD_W_UNSUPPORTED_CARD, Kind::NoCard},
    {SCARD_W_UNRESPONSIVE_CARD, Kind::NoCard},
    {SCARD_W_UNPOWERED_CARD, Kind::CardRemoved},
    {SCARD_W_RESET_CARD, Kind::CardRemoved},
    {SCARD_W_REMOVED_CARD, Kind::CardRemoved},
    {SCARD_W_SECURITY_VIOLATION, Kind::Transport},
    {SCARD_W_WRONG_CHV, Kind::Transport},
    {SCARD_W_CHV_BLOCKED, Kind::Transport},
    {SCARD_W_EOF, Kind::Transport},
    {SCARD_W_CANCELLED_BY_USER, Kind::Transport},
    {SCARD_W_CARD_NOT_AUTHENTICATED, Kind::Transport},
};

// pcsc-lite LONG is 64-bit on LP64; a caller holding the code in a 32-bit int sign-extends it.
LONG normalise(long code) noexcept {
    return static_cast<LONG>(static_cast<unsigned long>(code) & 0xFFFFFFFFUL);
}

Kind kind_of(LONG code) noexcept {
    const auto* it = std::find_if(std::begin(k_table), std::end(k_table),
                                  [code](const Entry& e) { return e.code == code; });
    return it == std::end(k_table) ? Kind::Transport : it->kind;
}

} // namespace

std::string pcsc_error_text(long code) {
    return pcsc_stringify_error(normalise(code));
}

[[noreturn]] void throw_pcsc_error(long code, const char* call, const std::string& reader) {
    detail::throw_pcsc_error_message(code, detail::pcsc_error_message(code, call, reader));
}

namespace detail {

std::string pcsc_error_message(long code, const char* call, const std::string& reader) {
    char hex[24];
    std::snprintf(hex, sizeof hex, " (0x%08lX)", static_cast<unsigned long>(normalise(code)));
    std::string message = call;
    if (!reader.empty()) {
        message += " on reader '" + reader + "'";
    }
    return message + ": " + pcsc_error_text(code) + hex;
}

[[noreturn]] void throw_pcsc_error_message(long code, const std::string& message) {
    const LONG native = normalise(code);
    if (native == SCARD_S_SUCCESS) {
        throw std::logic_error("throw_pcsc_error called with SCARD_S_SUCCESS: " + message);
    }
    switch (kind_of(native)) {
    case Kind::NoCard:
        throw NoCardError(message, native);
    case Kind::CardRemoved:
        throw CardRemovedError(message, native);
    case Kind::Reader:
        throw ReaderError(message, native);
    case Kind::Timeout:
        throw TimeoutError(message, native);
    case Kind::Transport:
        break;
    }
    throw TransportError(message, native);
}

} // namespace detail
} // namespace euicc::transport
