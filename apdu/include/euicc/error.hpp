// SPDX-License-Identifier: Apache-2.0
// euicc-host error hierarchy: every failure the library raises derives from euicc::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/apdu/status_word.hpp>

namespace euicc::scp80 {
// Opaque declaration (full definition in euicc/apdu/scp80.hpp): PorError carries the typed status without
// making every user of this header depend on the SCP80 codec.
enum class ResponseStatus : std::uint8_t;
} // namespace euicc::scp80

namespace euicc {

/// Root of every error this project throws (bad arguments use std::invalid_argument instead).
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Malformed bytes: names what was being parsed (`context`) and the byte offset of the fault.
class CodecError : public Error {
public:
    CodecError(std::string context, std::size_t offset, const std::string& reason);
    const std::string& context() const noexcept { return m_context; }
    std::size_t offset() const noexcept { return m_offset; }
    /// The reason alone, without context and offset (to re-raise with another offset).
    const std::string& reason() const noexcept { return m_reason; }

private:
    std::string m_context;
    std::size_t m_offset;
    std::string m_reason;
};

/// Cryptographic check failed: MAC/cryptographic checksum mismatch, counter replay, bad cryptogram.
class SecurityError : public Error {
public:
    using Error::Error;
};

/// Moving bytes failed. `native_code()` keeps the lower layer's code (SCARD_E_*, errno, curl code).
class TransportError : public Error {
public:
    explicit TransportError(const std::string& what, long native_code = 0)
        : Error(what), m_native_code(native_code) {}
    long native_code() const noexcept { return m_native_code; }

private:
    long m_native_code;
};

/// No card in the reader (or the reader has no card yet).
class NoCardError : public TransportError {
public:
    using TransportError::TransportError;
};

/// The card was removed or reset underneath an open session.
class CardRemovedError : public TransportError {
public:
    using TransportError::TransportError;
};

/// Reader-level failure: unknown reader, reader unavailable, service stopped, sharing violation.
class ReaderError : public TransportError {
public:
    using TransportError::TransportError;
};

/// A wait (card insert/remove, response) ran out of time.
class TimeoutError : public TransportError {
public:
    using TransportError::TransportError;
};

/// The card answered a command with a status word the caller did not accept.
class StatusWordError : public Error {
public:
    StatusWordError(std::string command, apdu::StatusWord sw);
    const std::string& command() const noexcept { return m_command; }
    apdu::StatusWord sw() const noexcept { return m_sw; }

private:
    std::string m_command;
    apdu::StatusWord m_sw;
};

/// The card's Proof of Receipt reported a failure (TS 102 225 §5.2 response status codes, TS 31.115 §7):
/// the secured packet was rejected or not fully processed. `status()` is the code, `description()` its
/// meaning (scp80::describe). The text never contains keys or packet contents.
class PorError : public Error {
public:
    PorError(scp80::ResponseStatus status, std::string description)
        : Error(message(status, description)), m_status(status), m_description(std::move(description)) {}
    scp80::ResponseStatus status() const noexcept { return m_status; }
    const std::string& description() const noexcept { return m_description; }

private:
    static std::string message(scp80::ResponseStatus status, const std::string& description) {
        constexpr char digits[] = "0123456789ABCDEF";
        const auto code = static_cast<std::uint8_t>(status);
        return std::string("PoR status ") + digits[code >> 4] + digits[code & 0x0F] + ": " + description;
    }

    scp80::ResponseStatus m_status;
    std::string m_description;
};

} // namespace euicc
