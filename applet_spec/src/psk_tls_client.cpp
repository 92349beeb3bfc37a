// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.4.4 / GP Amd B §3.2 card side of PSK-TLS 1.2 (RFC 4279), driven by bytes in and out (no socket).
#include "psk_tls_client.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <euicc/error.hpp>

namespace euicc::card {

namespace {

struct CtxFree {
    void operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }
};
struct SslFree {
    void operator()(SSL* ssl) const noexcept { SSL_free(ssl); }
};

/// "TLS handshake failed: sslv3 alert handshake failure": OpenSSL's reason strings name the fault, never a key.
[[noreturn]] void fail(const char* what) {
    std::string text = std::string("TLS ") + what;
    if (const unsigned long code = ERR_get_error(); code != 0) {
        char reason[256];
        ERR_error_string_n(code, reason, sizeof reason);
        text += ": ";
        text += reason;
    }
    ERR_clear_error();
    throw SecurityError(text);
}

} // namespace

struct PskTlsClient::Impl {
    std::string identity;
    SecretBytes psk;
    std::unique_ptr<SSL_CTX, CtxFree> ctx;
    std::unique_ptr<SSL, SslFree> ssl;
    BIO* network_in = nullptr;  ///< owned by ssl
    BIO* network_out = nullptr; ///< owned by ssl

    /// RFC 4279 §5.1: no identity hint is expected (spec/scp81.md §4); the identity and PSK are the session's.
    static unsigned int psk_callback(SSL* ssl, const char* /*hint*/, char* identity, unsigned int max_identity_len,
                                     unsigned char* psk, unsigned int max_psk_len) {
        const auto* self = static_cast<const Impl*>(SSL_get_app_data(ssl));
        if (self == nullptr || self->identity.size() + 1 > max_identity_len || self->psk.size() > max_psk_len) {
            return 0; // OpenSSL aborts the handshake
        }
        std::memcpy(identity, self->identity.c_str(), self->identity.size() + 1);
        std::memcpy(psk, self->psk.data(), self->psk.size());
        return static_cast<unsigned int>(self->psk.size());
    }
};

PskTlsClient::PskTlsClient(std::string identity, SecretBytes psk) : m_impl(std::make_unique<Impl>()) {
    if (identity.empty() || psk.empty()) {
        throw std::invalid_argument("PSK-TLS needs an identity and a PSK");
    }
    Impl& impl = *m_impl;
    impl.identity = std::move(identity);
    impl.psk = std::move(psk);
    ERR_clear_error();
    impl.ctx.reset(SSL_CTX_new(TLS_client_method()));
    if (!impl.ctx) {
        fail("context setup failed");
    }
    SSL_CTX* ctx = impl.ctx.get();
    // spec/scp81.md §4: TLS 1.2 only; the two SGP.02 suites; no tickets/resumption (SGP.02 excludes RFC 5077).
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) != 1 || SSL_CTX_set_cipher_list(ctx, cipher_list) != 1) {
        fail("profile setup failed");
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_psk_client_callback(ctx, &Impl::psk_callback);

    impl.ssl.reset(SSL_new(ctx));
    impl.network_in = BIO_new(BIO_s_mem());
    impl.network_out = BIO_new(BIO_s_mem());
    if (!impl.ssl || impl.network_in == nullptr || impl.network_out == nullptr) {
        BIO_free(impl.network_in);
        BIO_free(impl.network_out);
        fail("connection setup failed");
    }
    // An empty input buffer means "wait for more records", not end of stream.
    BIO_set_mem_eof_return(impl.network_in, -1);
    SSL_set_bio(impl.ssl.get(), impl.network_in, impl.network_out);
    SSL_set_app_data(impl.ssl.get(), m_impl.get());
    SSL_set_connect_state(impl.ssl.get());
    static_cast<void>(advance()); // writes the ClientHello
}

PskTlsClient::~PskTlsClient() = default;

void PskTlsClient::receive(ByteView records) {
    std::size_t done = 0;
    while (done < records.size()) {
        const std::size_t chunk = std::min<std::size_t>(records.size() - done, std::numeric_limits<int>::max());
        const int written = BIO_write(m_impl->network_in, records.data() + done, static_cast<int>(chunk));
        if (written <= 0) {
            fail("input buffer failed");
        }
        done += static_cast<std::size_t>(written);
    }
}

Bytes PskTlsClient::advance() {
    SSL* ssl = m_impl->ssl.get();
    ERR_clear_error();
    if (!SSL_is_init_finished(ssl)) {
        const int result = SSL_do_handshake(ssl);
        if (result != 1) {
            if (SSL_get_error(ssl, result) == SSL_ERROR_WANT_READ) {
                return {};
            }
            fail("handshake failed");
        }
    }
    Bytes plaintext;
    std::uint8_t buffer[4096];
    for (;;) {
        std::size_t got = 0;
        const int result = SSL_read_ex(ssl, buffer, sizeof buffer, &got);
        if (result == 1) {
            plaintext.insert(plaintext.end(), buffer, buffer + got);
            continue;
        }
        const int error = SSL_get_error(ssl, result);
        if (error == SSL_ERROR_WANT_READ) {
            break;
        }
        if (error == SSL_ERROR_ZERO_RETURN) {
            m_closed_by_peer = true;
            break;
        }
        fail("record failed");
    }
    return plaintext;
}

void PskTlsClient::write(ByteView plaintext) {
    if (!established()) {
        throw std::logic_error("PSK-TLS: application data before the handshake ended");
    }
    ERR_clear_error();
    std::size_t done = 0;
    while (done < plaintext.size()) {
        std::size_t written = 0;
        if (SSL_write_ex(m_impl->ssl.get(), plaintext.data() + done, plaintext.size() - done, &written) != 1) {
            fail("write failed");
        }
        done += written;
    }
}

void PskTlsClient::close() noexcept {
    // RFC 5246 §7.2.1: close_notify; the server's answer is not awaited (the channel closes next).
    if (SSL_is_init_finished(m_impl->ssl.get())) {
        static_cast<void>(SSL_shutdown(m_impl->ssl.get()));
    }
    ERR_clear_error();
}

Bytes PskTlsClient::take_output() {
    BIO* out = m_impl->network_out;
    Bytes records(BIO_ctrl_pending(out));
    if (!records.empty()) {
        const int read = BIO_read(out, records.data(), static_cast<int>(records.size()));
        records.resize(read > 0 ? static_cast<std::size_t>(read) : 0);
    }
    return records;
}

bool PskTlsClient::established() const noexcept { return SSL_is_init_finished(m_impl->ssl.get()) == 1; }

} // namespace euicc::card
