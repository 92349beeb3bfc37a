// SPDX-License-Identifier: Apache-2.0
// Private: the admin server's PSK-TLS profile (SGP.02 §2.4.4, spec/scp81.md §4) and the per-connection PSK
// hook.
#pragma once

#include <utility> // before any Asio header: Boost 1.74 under C++20 needs it (awaitable.hpp)


#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

namespace euicc::host::detail {

/// The connection side of the OpenSSL PSK server callback (RFC 4279 §2).
class PskServerHook {
public:
    virtual ~PskServerHook() = default;
    /// Writes the PSK for `identity` (NUL-terminated, as the client sent it) into `psk` and returns its
    /// length; 0 refuses the identity (the handshake fails with unknown_psk_identity). Must not throw.
    virtual unsigned int on_psk_identity(const char* identity, unsigned char* psk,
                                         unsigned int max_psk_len) noexcept = 0;
};

/// TLS 1.2 only; "PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256"; no certificate, no identity hint, no session
/// tickets, no session cache, no renegotiation, no compression; the PSK from the hook attached to each SSL.
/// Throws TransportError naming the OpenSSL setting that failed.
boost::asio::ssl::context make_admin_tls_context();

/// Routes the PSK callback of `ssl` to `hook` (borrowed: must outlive the handshake).
void attach_psk_hook(SSL* ssl, PskServerHook* hook);

} // namespace euicc::host::detail
