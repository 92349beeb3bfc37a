// SPDX-License-Identifier: Apache-2.0
// Test side of SCP81 admin sessions (spec/scp81.md §4-§5): a blocking OpenSSL PSK-TLS 1.2 client, the card's
// HTTP POST loop (scp81::encode_request / ResponseParser) and the lab SCP81 keyset.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/remote_script.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/host/admin_psk_store.hpp>
#include <euicc/host/admin_server.hpp>

namespace euicc::host::test {

using namespace euicc::literals;

inline const std::string test_eid = "89049032123451234512345678901235";
/// A second EID with valid check digits.
inline std::string other_eid() {
    return apdu::eid_with_check_digits("890490321234512345123456789099");
}

/// The virtual eUICC's public lab SCP81 keyset (issue 5 shared decisions): KVN 40, PSK KID 1, DEK KID 2.
inline Scp81Keyset lab_scp81_keyset() {
    Scp81Keyset keys;
    keys.kvn = 0x40;
    keys.psk = SecretBytes("707172737475767778797A7B7C7D7E7F"_hex);
    keys.dek = SecretBytes("808182838485868788898A8B8C8D8E8F"_hex);
    return keys;
}

inline Bytes lab_psk() {
    return "707172737475767778797A7B7C7D7E7F"_hex;
}

inline Bytes isd_r_aid() {
    return Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end());
}

/// The SGP.02 PSK identity text of `eid` for the ISD-R keyset `kvn`, PSK key identifier `kid`.
inline std::string psk_identity(const std::string& eid, std::uint8_t kvn = 0x40, std::uint8_t kid = 0x01) {
    return scp81::encode_psk_identity(scp81::PskIdentity{apdu::eid_to_bytes(eid), isd_r_aid(), kid, kvn});
}

/// A blocking PSK-TLS client on 127.0.0.1 (the card's TLS role). Every read/write has a 10 s socket timeout,
/// a safety net so a broken server fails the test instead of hanging it.
class PskTlsClient {
public:
    struct Options {
        std::string ciphers = "PSK-AES128-GCM-SHA256";
        int max_version = TLS1_2_VERSION;
    };

    PskTlsClient(std::uint16_t port, std::string identity, Bytes psk)
        : PskTlsClient(port, identity, psk, Options{}) {}
    PskTlsClient(std::uint16_t port, std::string identity, Bytes psk, Options options)
        : m_identity(std::move(identity)), m_psk(std::move(psk)) {
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_min_proto_version(m_ctx, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(m_ctx, options.max_version);
        SSL_CTX_set_cipher_list(m_ctx, options.ciphers.c_str());
        SSL_CTX_set_app_data(m_ctx, this);
        SSL_CTX_set_psk_client_callback(m_ctx, &PskTlsClient::psk_callback);
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const timeval timeout{10, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("test client: connect failed");
        }
    }
    ~PskTlsClient() {
        if (m_ssl != nullptr) {
            SSL_free(m_ssl);
        }
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        SSL_CTX_free(m_ctx);
    }
    PskTlsClient(const PskTlsClient&) = delete;
    PskTlsClient& operator=(const PskTlsClient&) = delete;

    /// The TLS handshake; false when it failed (the server refused).
    bool handshake() {
        m_ssl = SSL_new(m_ctx);
        SSL_set_fd(m_ssl, m_fd);
        const bool ok = SSL_connect(m_ssl) == 1;
        ERR_clear_error();
        return ok;
    }
    SSL* ssl() const noexcept { return m_ssl; }

    void send(ByteView bytes) {
        if (SSL_write(m_ssl, bytes.data(), static_cast<int>(bytes.size())) !=
            static_cast<int>(bytes.size())) {
            throw std::runtime_error("test client: SSL_write failed");
        }
    }
    void send(const scp81::AdminRequest& request, bool chunked = false) {
        send(scp81::encode_request(request, chunked));
    }

    /// The next response; nullopt when the server closed the connection first.
    std::optional<scp81::AdminResponse> receive() {
        for (;;) {
            if (!m_input.empty()) {
                const std::size_t used = m_parser.feed(m_input);
                m_input.erase(m_input.begin(), m_input.begin() + static_cast<std::ptrdiff_t>(used));
                if (m_parser.done()) {
                    return m_parser.take();
                }
            }
            std::array<std::uint8_t, 4096> chunk{};
            const int n = SSL_read(m_ssl, chunk.data(), static_cast<int>(chunk.size()));
            if (n <= 0) {
                ERR_clear_error();
                return std::nullopt;
            }
            m_input.insert(m_input.end(), chunk.begin(), chunk.begin() + n);
        }
    }
    /// True when the server ends the connection (close_notify or TCP close) without sending anything more;
    /// the client then closes its side too, as a card closes its BIP channel.
    bool closed_by_server() {
        std::array<std::uint8_t, 64> chunk{};
        const int n = SSL_read(m_ssl, chunk.data(), static_cast<int>(chunk.size()));
        ERR_clear_error();
        if (n <= 0) {
            close();
        }
        return n <= 0;
    }
    /// Orderly end: close_notify, then the socket.
    void close() {
        SSL_shutdown(m_ssl);
        ::shutdown(m_fd, SHUT_RDWR);
    }
    /// The card vanishes (BIP channel lost): the socket closes without close_notify.
    void drop() {
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_fd = -1;
    }

private:
    static unsigned int psk_callback(SSL* ssl, const char*, char* identity, unsigned int max_identity_len,
                                     unsigned char* psk, unsigned int max_psk_len) {
        auto* self = static_cast<PskTlsClient*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
        if (self->m_identity.size() + 1 > max_identity_len || self->m_psk.size() > max_psk_len) {
            return 0;
        }
        std::copy(self->m_identity.begin(), self->m_identity.end(), identity);
        identity[self->m_identity.size()] = '\0';
        std::copy(self->m_psk.begin(), self->m_psk.end(), psk);
        return static_cast<unsigned int>(self->m_psk.size());
    }

    std::string m_identity;
    Bytes m_psk;
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    int m_fd = -1;
    scp81::ResponseParser m_parser;
    Bytes m_input;
};

/// A card answering C-APDUs (the virtual eUICC's process(), or a fake).
using CardResponder = std::function<Bytes(ByteView)>;

/// The card's side of the POST loop (the admin agent engineer C writes for the virtual eUICC, reduced to what
/// these tests need): first POST with the service request, then each script run against `card` and answered.
class TestAdminAgent {
public:
    TestAdminAgent(PskTlsClient& client, std::string eid) : m_client(client), m_eid(std::move(eid)) {}

    std::optional<scp81::ServiceRequest> service_request =
        scp81::ServiceRequest{trigger::OperationType::ProfileDownload, trigger::ManagementMode::Pull};
    bool chunked = false;
    std::string first_uri = "/smsr/admin";

    /// The first POST; returns the server's answer.
    std::optional<scp81::AdminResponse> open() {
        scp81::AdminRequest request = base(first_uri);
        request.service_request = service_request;
        m_client.send(request, chunked);
        return m_client.receive();
    }
    /// Runs `script` on `card` and POSTs the response script to `next_uri`.
    std::optional<scp81::AdminResponse> answer(const scp81::AdminResponse& script,
                                               const CardResponder& card) {
        const remote::ExpandedCommandScript commands = remote::ExpandedCommandScript::decode(script.body);
        remote::ExpandedResponse response;
        for (const remote::CommandItem& item : commands.items) {
            const Bytes raw = card(std::get<remote::CommandApduTlv>(item).apdu);
            commands_seen.push_back(std::get<remote::CommandApduTlv>(item).apdu);
            const apdu::StatusWord sw(raw[raw.size() - 2], raw[raw.size() - 1]);
            response.items.push_back(remote::ResponseApduTlv{Bytes(raw.begin(), raw.end() - 2), sw});
        }
        response.executed = static_cast<std::uint32_t>(response.items.size());
        return post(script.next_uri, scp81::ScriptStatus::Ok, response.encode());
    }
    std::optional<scp81::AdminResponse> post(const std::string& uri, scp81::ScriptStatus status, Bytes body) {
        scp81::AdminRequest request = base(uri);
        request.script_status = status;
        request.body = std::move(body);
        m_client.send(request, chunked);
        return m_client.receive();
    }
    /// open(), then answer() every script: the final response (204 expected) or nullopt.
    std::optional<scp81::AdminResponse> run(const CardResponder& card) {
        std::optional<scp81::AdminResponse> response = open();
        while (response && response->kind == scp81::AdminResponse::Kind::Script) {
            response = answer(*response, card);
        }
        return response;
    }

    std::vector<Bytes> commands_seen;

private:
    scp81::AdminRequest base(const std::string& uri) const {
        scp81::AdminRequest request;
        request.uri = uri;
        request.host = "127.0.0.1";
        request.agent_id = scp81::format_agent_id(apdu::eid_to_bytes(m_eid), isd_r_aid());
        return request;
    }

    PskTlsClient& m_client;
    std::string m_eid;
};

/// A server on an ephemeral loopback port with the lab keyset registered for `test_eid` and `other_eid()`.
struct AdminServerFixture {
    explicit AdminServerFixture(SessionPlanner planner = audit_planner(), AdminServerOptions options = {})
        : store(std::make_shared<InMemoryPskStore>()), server(std::move(options), store, std::move(planner)) {
        store->add(test_eid, lab_scp81_keyset());
        store->add(other_eid(), lab_scp81_keyset());
        server.start();
    }

    static SessionPlanner audit_planner() {
        return [](const AdminPlanQuery&) { return std::optional<AdminPlan>(AdminPlan::audit_only()); };
    }

    PskTlsClient client(const std::string& eid = test_eid) {
        return PskTlsClient(server.port(), psk_identity(eid), lab_psk());
    }

    /// Waits (10 s safety net) until `total` connections were accepted and none is open any more.
    bool idle_after(std::uint64_t total) {
        return server.records().wait_for(
            [total](const AdminCounters& c) { return c.total >= total && c.open == 0; },
            std::chrono::seconds(10));
    }

    AdminCardRecord card(const std::string& eid = test_eid) {
        auto record = server.records().card(eid);
        REQUIRE(record);
        return *record;
    }

    std::shared_ptr<InMemoryPskStore> store;
    AdminServer server;
};

} // namespace euicc::host::test
