// SPDX-License-Identifier: Apache-2.0
// Test bench for the virtual eUICC's admin agent: the test plays the terminal (TS 102 223 BIP: OPEN CHANNEL, SEND/
// RECEIVE DATA, event download) and the SM-SR admin server (PSK-TLS server over memory BIOs, GP Amd B HTTP).
#pragma once

#include <utility>  // before any Boost header the scp81 codecs may pull in

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/remote_script.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/apdu/trigger.hpp>
#include <euicc/apdu/trigger_connection.hpp>
#include <euicc/card/virtual_euicc.hpp>

#include "ota_test_util.hpp"

namespace euicc::card::test {

using namespace std::chrono_literals;

/// The shared-decision SCP81 TEST keyset, spelled out again so that a wrong constant in the card is caught.
inline SecretBytes scp81_test_psk() { return SecretBytes("707172737475767778797A7B7C7D7E7F"_hex); }
inline SecretBytes scp81_test_dek() { return SecretBytes("808182838485868788898A8B8C8D8E8F"_hex); }
/// spec/scp81.md "SGP.02 PSK identity" for the default EID, KID 01, KVN 40.
inline constexpr const char* default_psk_identity =
    "8001028110890490321234512345123456789012354F10A0000005591010FFFFFFFF8900000100820101830140";

/// The server side of one TCP connection: a PSK-TLS 1.2 server (same profile as the card) behind memory BIOs.
/// Never throws for TLS failures: `failed` tells, and the alert goes out with the rest of the output.
class TlsServerConnection {
public:
    explicit TlsServerConnection(SecretBytes psk) : m_psk(std::move(psk)) {
        m_ctx.reset(SSL_CTX_new(TLS_server_method()));
        REQUIRE(m_ctx);
        REQUIRE(SSL_CTX_set_min_proto_version(m_ctx.get(), TLS1_2_VERSION) == 1);
        REQUIRE(SSL_CTX_set_max_proto_version(m_ctx.get(), TLS1_2_VERSION) == 1);
        REQUIRE(SSL_CTX_set_cipher_list(m_ctx.get(), "PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256") == 1);
        SSL_CTX_set_options(m_ctx.get(), SSL_OP_NO_TICKET);
        SSL_CTX_set_psk_server_callback(m_ctx.get(), &TlsServerConnection::psk_callback);
        m_ssl.reset(SSL_new(m_ctx.get()));
        REQUIRE(m_ssl);
        m_in = BIO_new(BIO_s_mem());
        m_out = BIO_new(BIO_s_mem());
        BIO_set_mem_eof_return(m_in, -1);
        SSL_set_bio(m_ssl.get(), m_in, m_out);
        SSL_set_app_data(m_ssl.get(), this);
        SSL_set_accept_state(m_ssl.get());
    }

    /// Bytes from the card; returns the application data they completed.
    Bytes receive(ByteView records) {
        if (!records.empty()) {
            REQUIRE(BIO_write(m_in, records.data(), static_cast<int>(records.size())) ==
                    static_cast<int>(records.size()));
        }
        Bytes plain;
        if (m_failed) {
            return plain;
        }
        if (!SSL_is_init_finished(m_ssl.get())) {
            const int r = SSL_do_handshake(m_ssl.get());
            if (r != 1) {
                if (SSL_get_error(m_ssl.get(), r) != SSL_ERROR_WANT_READ) {
                    m_failed = true;
                }
                ERR_clear_error();
                return plain;
            }
            cipher = SSL_get_cipher_name(m_ssl.get());
            version = SSL_get_version(m_ssl.get());
        }
        std::uint8_t buffer[4096];
        for (;;) {
            std::size_t got = 0;
            const int r = SSL_read_ex(m_ssl.get(), buffer, sizeof buffer, &got);
            if (r == 1) {
                plain.insert(plain.end(), buffer, buffer + got);
                continue;
            }
            const int error = SSL_get_error(m_ssl.get(), r);
            if (error == SSL_ERROR_ZERO_RETURN) {
                close_notify_received = true;
            } else if (error != SSL_ERROR_WANT_READ) {
                m_failed = true;
            }
            ERR_clear_error();
            break;
        }
        return plain;
    }

    void write(ByteView plain) {
        std::size_t written = 0;
        REQUIRE(SSL_write_ex(m_ssl.get(), plain.data(), plain.size(), &written) == 1);
        REQUIRE(written == plain.size());
    }

    /// close_notify, as a server does after 503/400 before it closes the connection.
    void shut_down() { static_cast<void>(SSL_shutdown(m_ssl.get())); }

    Bytes take_output() {
        Bytes out(BIO_ctrl_pending(m_out));
        if (!out.empty()) {
            REQUIRE(BIO_read(m_out, out.data(), static_cast<int>(out.size())) == static_cast<int>(out.size()));
        }
        return out;
    }

    bool failed() const noexcept { return m_failed; }
    bool established() const { return SSL_is_init_finished(m_ssl.get()) == 1; }

    std::string identity;        ///< the PSK identity the card sent
    std::string cipher;          ///< negotiated suite (OpenSSL name)
    std::string version;         ///< negotiated protocol
    bool close_notify_received = false;

private:
    static unsigned int psk_callback(SSL* ssl, const char* identity, unsigned char* psk, unsigned int max_psk_len) {
        auto* self = static_cast<TlsServerConnection*>(SSL_get_app_data(ssl));
        self->identity = identity != nullptr ? identity : "";
        if (self->m_psk.size() > max_psk_len) {
            return 0;
        }
        std::memcpy(psk, self->m_psk.data(), self->m_psk.size());
        return static_cast<unsigned int>(self->m_psk.size());
    }

    struct CtxFree {
        void operator()(SSL_CTX* c) const noexcept { SSL_CTX_free(c); }
    };
    struct SslFree {
        void operator()(SSL* s) const noexcept { SSL_free(s); }
    };

    SecretBytes m_psk;
    std::unique_ptr<SSL_CTX, CtxFree> m_ctx;
    std::unique_ptr<SSL, SslFree> m_ssl;
    BIO* m_in = nullptr;
    BIO* m_out = nullptr;
    bool m_failed = false;
};

/// One POST the server received and what it was on its connection.
struct ReceivedPost {
    scp81::AdminRequest request;
    unsigned connection = 0; ///< 1 for the first OPEN CHANNEL, 2 for the second, ...
    unsigned index = 0;      ///< 0 for the first POST of its connection
};

/// The terminal and the admin server around one VirtualEuicc. The terminal answers every proactive command (OPEN
/// CHANNEL as configured), relays SEND DATA to the server and the server's bytes back through data available +
/// RECEIVE DATA; the server parses POSTs and answers with `answer`. Timers expire at once unless `hold_timers`.
class AdminBench {
public:
    using Answer = std::function<scp81::AdminResponse(const ReceivedPost&)>;

    explicit AdminBench(VirtualEuicc& card) : uicc(card) {}

    VirtualEuicc& uicc;
    Answer answer;                        ///< required before the first POST
    SecretBytes server_psk = scp81_test_psk();
    std::uint16_t granted_buffer = 1500;  ///< what OPEN CHANNEL's response grants (39), at most what was asked
    std::optional<cat::Result> open_channel_result; ///< set: OPEN CHANNEL fails with it
    bool hold_timers = false;             ///< leave TIMER MANAGEMENT running (the test expires it)
    /// Called after each POST was answered (the server's bytes are in the terminal's Rx buffer, not yet announced):
    /// return true to drop the link instead of delivering them.
    std::function<bool(const ReceivedPost&)> drop_after;

    // What happened, in order.
    std::vector<cat::ProactiveCommand> commands;
    std::vector<ReceivedPost> posts;
    std::vector<std::chrono::seconds> timers;  ///< values of TIMER MANAGEMENT start
    std::vector<std::size_t> send_sizes;       ///< channel data of each SEND DATA
    std::vector<std::uint8_t> receive_requests; ///< requested lengths of RECEIVE DATA
    unsigned connections = 0;
    unsigned closes = 0;
    std::unique_ptr<TlsServerConnection> server; ///< of the current (or last) connection
    std::vector<std::string> identities;         ///< per CLOSE CHANNEL: the PSK identity the card sent
    std::vector<bool> close_notify;              ///< per CLOSE CHANNEL: the card sent close_notify before it
    std::optional<std::chrono::seconds> running_timer;

    /// Runs the toolkit dialogue after a card answer `sw` until the card has nothing more to say.
    void pump(apdu::StatusWord sw) {
        for (int guard = 0; guard < 10000; ++guard) {
            if (sw.sw1() == 0x91) {
                const cat::ProactiveCommand command = fetch(uicc, sw);
                commands.push_back(command);
                sw = respond(uicc, handle(command)).sw();
                continue;
            }
            REQUIRE(sw == apdu::sw::ok);
            if (m_channel_open && !m_rx.empty() && !m_announced) {
                // TS 102 223 §7.5.10: data arrived in an empty Rx buffer.
                m_announced = true;
                cat::DataAvailableEvent event;
                event.status = cat::ChannelStatus{1, true, cat::channel_info::none, 0};
                event.available_length = cat::channel_data_length_byte(m_rx.size());
                sw = envelope(cat::encode(event));
                continue;
            }
            if (running_timer && !hold_timers) {
                sw = expire_timer();
                continue;
            }
            return;
        }
        FAIL("the card never stopped asking");
    }

    /// ENVELOPE timer expiration of the running timer 1.
    apdu::StatusWord expire_timer() {
        REQUIRE(running_timer);
        cat::TimerExpiration expiration;
        expiration.timer_id = 1;
        expiration.value = *running_timer;
        running_timer.reset();
        return envelope(cat::encode(expiration));
    }

    /// The terminal lost the bearer: ENVELOPE channel status "link dropped" (TS 102 223 §7.5.11).
    apdu::StatusWord drop_link() {
        m_channel_open = false;
        m_rx.clear();
        cat::ChannelStatusEvent event;
        event.status = cat::ChannelStatus{1, false, cat::channel_info::link_dropped, 0};
        return envelope(cat::encode(event));
    }

    apdu::StatusWord envelope(const Bytes& ber_tlv) { return send(uicc, cat::envelope_apdu(ber_tlv).encode()).sw(); }

    /// Commands of one kind, in order.
    template <typename C>
    std::vector<C> all() const {
        std::vector<C> out;
        for (const auto& command : commands) {
            if (const auto* c = std::get_if<C>(&command)) {
                out.push_back(*c);
            }
        }
        return out;
    }

private:
    cat::TerminalResponse handle(const cat::ProactiveCommand& command) {
        cat::TerminalResponse response = cat::response_to(command, cat::Result::ok());
        if (const auto* timer = std::get_if<cat::TimerManagement>(&command)) {
            REQUIRE(timer->value);
            timers.push_back(*timer->value);
            running_timer = timer->value;
        } else if (const auto* open = std::get_if<cat::OpenChannel>(&command)) {
            if (open_channel_result) {
                response.result = *open_channel_result;
                return response;
            }
            ++connections;
            server = std::make_unique<TlsServerConnection>(server_psk);
            m_parser.emplace();
            m_channel_open = true;
            m_rx.clear();
            m_announced = false;
            m_post_index = 0;
            response.channel_statuses = {cat::ChannelStatus{1, true, cat::channel_info::none, 0}};
            response.bearer = open->bearer;
            response.buffer_size = std::min(granted_buffer, open->buffer_size);
        } else if (const auto* send_data = std::get_if<cat::SendData>(&command)) {
            REQUIRE(m_channel_open);
            CHECK(send_data->send_immediately());
            send_sizes.push_back(send_data->data.size());
            serve(send_data->data);
            response.channel_data_length = 0xFF;
        } else if (const auto* receive = std::get_if<cat::ReceiveData>(&command)) {
            REQUIRE(m_channel_open);
            receive_requests.push_back(receive->requested_length);
            const std::size_t n = std::min<std::size_t>(receive->requested_length, m_rx.size());
            response.channel_data = Bytes(m_rx.begin(), m_rx.begin() + static_cast<std::ptrdiff_t>(n));
            m_rx.erase(m_rx.begin(), m_rx.begin() + static_cast<std::ptrdiff_t>(n));
            response.channel_data_length = cat::channel_data_length_byte(m_rx.size());
            if (m_rx.empty()) {
                m_announced = false;
            }
        } else if (std::holds_alternative<cat::CloseChannel>(command)) {
            ++closes;
            if (server) {
                identities.push_back(server->identity);
                close_notify.push_back(server->close_notify_received);
            }
            m_channel_open = false;
            m_rx.clear();
        }
        return response;
    }

    /// The admin server on the card's bytes.
    void serve(ByteView records) {
        Bytes plain = server->receive(records);
        ByteView rest = plain;
        while (!rest.empty()) {
            rest = rest.subspan(m_parser->feed(rest));
            if (!m_parser->done()) {
                break;
            }
            ReceivedPost post{m_parser->take(), connections, m_post_index++};
            posts.push_back(post);
            REQUIRE(answer);
            const scp81::AdminResponse reply = answer(post);
            server->write(scp81::encode_response(reply));
            if (reply.kind == scp81::AdminResponse::Kind::Busy ||
                reply.kind == scp81::AdminResponse::Kind::BadRequest) {
                server->shut_down(); // GP Amd B / shared decision: the server closes after 503 and 400
            }
            if (drop_after && drop_after(post)) {
                static_cast<void>(server->take_output());
                return;
            }
        }
        append(m_rx, server->take_output());
    }

    std::optional<scp81::RequestParser> m_parser;
    bool m_channel_open = false;
    Bytes m_rx;              ///< the terminal's Rx buffer: server bytes the card has not read
    bool m_announced = false; ///< data available was sent for what is in m_rx
    unsigned m_post_index = 0;
};

/// 84: default bearer, buffer 1500, TCP client to 127.0.0.1:8443.
inline std::vector<ctlv::Tlv> lab_connection(std::uint16_t buffer = 1500) {
    return trigger::connection_from(trigger::tcp_client_open_channel("127.0.0.1", 8443, buffer));
}

/// A trigger for the lab SM-SR: connection to 127.0.0.1:8443, Host smsr.example, URI /gsma/adminagent, operation
/// profile download (push), no access control.
inline trigger::Trigger lab_trigger(std::optional<trigger::RetryPolicy> retry = std::nullopt) {
    trigger::AdminSessionParameters session;
    session.connection = lab_connection();
    session.retry = std::move(retry);
    session.http_post = trigger::HttpPostParameters{"smsr.example", std::nullopt, "/gsma/adminagent"};
    trigger::Extension extension;
    extension.operation = trigger::OperationType::ProfileDownload;
    extension.mode = trigger::ManagementMode::Push;
    trigger::Trigger t;
    t.session = std::move(session);
    t.extension = std::move(extension);
    return t;
}

/// The card's fixed clock and RNG, as in the trigger tests.
inline VirtualEuiccConfig bench_config() {
    VirtualEuiccConfig config;
    config.rng = std::make_shared<FixedRng>(42);
    config.clock = [] { return std::chrono::sys_days{std::chrono::year{2024} / 6 / 1} + 12h; };
    return config;
}

/// Pushes `t` over SMS-PP (counter `counter`, no PoR wanted) and returns the ENVELOPE's status word.
inline apdu::StatusWord push_trigger(VirtualEuicc& card, const trigger::Trigger& t, std::uint64_t counter = 1) {
    return send_packet(card, isd_r_header(counter, 0x16, 0x00), trigger::encode(t)).sw();
}

/// 200 OK with `commands` as an expanded script (AA), next URI /next/<n>, optional target.
inline scp81::AdminResponse script_response(const std::vector<apdu::CommandApdu>& commands, unsigned n,
                                            std::optional<Bytes> target = std::nullopt) {
    scp81::AdminResponse response;
    response.kind = scp81::AdminResponse::Kind::Script;
    response.next_uri = "/next/" + std::to_string(n);
    response.targeted_application = std::move(target);
    response.body = remote::ExpandedCommandScript::from_commands(commands).encode();
    return response;
}

inline scp81::AdminResponse end_response() {
    scp81::AdminResponse response;
    response.kind = scp81::AdminResponse::Kind::End;
    return response;
}

inline scp81::AdminResponse busy_response(std::optional<std::chrono::seconds> retry_after) {
    scp81::AdminResponse response;
    response.kind = scp81::AdminResponse::Kind::Busy;
    response.retry_after = retry_after;
    return response;
}

/// The response script of a POST, decoded.
inline remote::ExpandedResponse response_script(const ReceivedPost& post) {
    return remote::ExpandedResponse::decode(post.request.body);
}

} // namespace euicc::card::test
