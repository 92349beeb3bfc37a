// SPDX-License-Identifier: Apache-2.0
// The admin server's PSK-TLS profile: TLS 1.2, the two SGP.02 PSK cipher suites, no tickets (SGP.02 §2.4.4,
// RFC 4279, RFC 5487; spec/scp81.md §4).
#include "admin_tls_context.hpp"

#include <string>

#include <openssl/err.h>

#include <euicc/error.hpp>

namespace euicc::host::detail {

namespace {

// SGP.02 §2.4.4 (digest): TLS_PSK_WITH_AES_128_GCM_SHA256 (00A8) and TLS_PSK_WITH_AES_128_CBC_SHA256 (00AE).
constexpr const char* cipher_suites = "PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256";

int hook_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

unsigned int psk_server_callback(SSL* ssl, const char* identity, unsigned char* psk,
                                 unsigned int max_psk_len) {
    auto* hook = static_cast<PskServerHook*>(SSL_get_ex_data(ssl, hook_index()));
    if (hook == nullptr || identity == nullptr) {
        return 0;
    }
    return hook->on_psk_identity(identity, psk, max_psk_len);
}

[[noreturn]] void fail(const std::string& what) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    throw TransportError("admin server TLS: " + what + " failed", static_cast<long>(code));
}

} // namespace

boost::asio::ssl::context make_admin_tls_context() {
    boost::asio::ssl::context context(boost::asio::ssl::context::tls_server);
    SSL_CTX* ctx = context.native_handle();
    // SGP.02 §2.4.4: TLS 1.2 (Amd B v1.2's TLS 1.3 is not part of this profile).
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) != 1) {
        fail("TLS 1.2 only");
    }
    if (SSL_CTX_set_cipher_list(ctx, cipher_suites) != 1) {
        fail("cipher suites " + std::string(cipher_suites));
    }
    // spec/scp81.md §4: no resumption (RFC 5077 tickets, session cache) and no parallel sessions.
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                                 SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    // A session spends most of its life waiting for the card's next POST (BIP is slow): give the ~34 KB of record
    // buffers back while idle, so thousands of open sessions cost what they hold, not their peak.
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    // No identity hint (njiwa sends none): the identity names the card, not the server.
    SSL_CTX_set_psk_server_callback(ctx, psk_server_callback);
    return context;
}

void attach_psk_hook(SSL* ssl, PskServerHook* hook) {
    if (SSL_set_ex_data(ssl, hook_index(), hook) != 1) {
        fail("SSL_set_ex_data");
    }
}

} // namespace euicc::host::detail
