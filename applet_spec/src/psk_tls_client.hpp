// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.4.4 / GP Amd B §3.2 card side of PSK-TLS 1.2 (RFC 4279), driven by bytes in and out (no socket).
#pragma once

#include <memory>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::card {

/// A TLS client for the admin agent: TLS 1.2 only, TLS_PSK_WITH_AES_128_GCM_SHA256 and
/// TLS_PSK_WITH_AES_128_CBC_SHA256 only, no certificates, no identity hint, no session tickets or resumption, no
/// renegotiation (spec/scp81.md §4). It does no I/O: records from the network go in with receive(), records for the
/// network come out of take_output() (OpenSSL memory BIOs). Its randomness is OpenSSL's, not the card's Rng.
/// Every failure throws SecurityError naming the TLS reason (never the PSK); the client is spent afterwards.
class PskTlsClient {
public:
    /// The OpenSSL cipher list of the profile.
    static constexpr const char* cipher_list = "PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256";

    /// Starts the handshake: the ClientHello is ready in take_output(). Throws std::invalid_argument for an empty
    /// identity or PSK, SecurityError when OpenSSL cannot set up the connection.
    PskTlsClient(std::string identity, SecretBytes psk);
    ~PskTlsClient();
    PskTlsClient(const PskTlsClient&) = delete;
    PskTlsClient& operator=(const PskTlsClient&) = delete;

    /// TLS records from the server, in the order received (any split). Then call advance().
    void receive(ByteView records);
    /// Runs the handshake as far as the input allows and returns the application data decrypted so far (empty
    /// while none). Throws SecurityError for an alert, a bad record or a failed handshake.
    Bytes advance();
    /// Encrypts `plaintext` for the server; needs established(). Throws SecurityError, std::logic_error before the
    /// handshake ends.
    void write(ByteView plaintext);
    /// Sends close_notify (RFC 5246 §7.2.1). Never throws.
    void close() noexcept;
    /// Records waiting to go to the server (the buffer is emptied).
    Bytes take_output();

    bool established() const noexcept;
    /// The server sent close_notify.
    bool closed_by_peer() const noexcept { return m_closed_by_peer; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_closed_by_peer = false;
};

} // namespace euicc::card
