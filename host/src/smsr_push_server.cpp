// SPDX-License-Identifier: Apache-2.0
// The push server's HTTP side (host/docs/push_server.md): Beast HTTP/1.1 on one Asio thread, `POST /push` with a
// bearer token (RFC 6750 §2.1, §3), deliveries handed to PushDelivery off the event loop.
#include <euicc/host/smsr/push_server.hpp>

#include <utility> // before any Asio header: Boost 1.74 under C++20 needs it (awaitable.hpp)

#include <exception>
#include <future>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <euicc/apdu/push_api.hpp>
#include <euicc/error.hpp>

#include "coroutine_stack.hpp"

namespace euicc::host::smsr {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

constexpr std::string_view push_path = "/push";
constexpr std::size_t coroutine_stack = 256 * 1024;

Response make_response(const Request& request, http::status status, std::string body,
                       const char* content_type = "text/plain") {
    Response response(status, request.version());
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);
    return response;
}

/// RFC 6750 §2.1: "Authorization: Bearer <token>"; the token compared in constant time.
bool authorized(const Request& request, const SecretBytes& token) {
    const auto header = request.find(http::field::authorization);
    if (header == request.end()) {
        return false;
    }
    constexpr std::string_view scheme = "Bearer ";
    const std::string_view value(header->value().data(), header->value().size());
    if (value.size() != scheme.size() + token.size() || value.substr(0, scheme.size()) != scheme) {
        return false;
    }
    const std::string_view presented = value.substr(scheme.size());
    const SecretBytes candidate(ByteView(reinterpret_cast<const std::uint8_t*>(presented.data()), presented.size()));
    return candidate == token;
}

} // namespace

struct PushServer::Impl {
    struct Connection {
        beast::tcp_stream stream;
        bool reading = false;
        explicit Connection(asio::ip::tcp::socket socket) : stream(std::move(socket)) {}
    };

    Impl(PushServerOptions options_, PushDelivery& delivery_)
        : options(std::move(options_)), delivery(delivery_), acceptor(ioc) {}

    void accept_loop(asio::yield_context yield);
    void serve(const std::shared_ptr<Connection>& connection, asio::yield_context yield);
    Response answer(const Request& request, asio::yield_context yield);
    Response handle(const Request& request, asio::yield_context yield);
    Response deliver(const Request& request, const push_api::PushRequest& push, asio::yield_context yield);

    PushServerOptions options;
    PushDelivery& delivery;
    asio::io_context ioc;
    asio::ip::tcp::acceptor acceptor;
    std::thread thread;
    std::uint16_t port = 0;
    bool started = false; ///< start() succeeded once; a server does not start twice
    bool running = false;
    // Only touched on the event-loop thread.
    bool stopping = false;
    std::set<std::shared_ptr<Connection>> connections;
};

void PushServer::Impl::accept_loop(asio::yield_context yield) {
    for (;;) {
        asio::ip::tcp::socket socket(ioc);
        beast::error_code ec;
        acceptor.async_accept(socket, yield[ec]);
        if (stopping || ec == asio::error::operation_aborted) {
            return;
        }
        if (ec) {
            continue; // a connection that failed before it was accepted concerns only its client
        }
        auto connection = std::make_shared<Connection>(std::move(socket));
        connections.insert(connection);
        asio::spawn(
            ioc,
            [this, connection](asio::yield_context session_yield) {
                serve(connection, session_yield);
                connections.erase(connection);
            },
            boost::coroutines::attributes(coroutine_stack));
    }
}

void PushServer::Impl::serve(const std::shared_ptr<Connection>& connection, asio::yield_context yield) {
    beast::flat_buffer buffer;
    while (!stopping) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(push_api::max_body);
        beast::error_code ec;
        connection->stream.expires_after(options.read_timeout);
        connection->reading = true;
        http::async_read(connection->stream, buffer, parser, yield[ec]);
        connection->reading = false;
        if (ec == http::error::body_limit) {
            Response response = make_response(parser.get(), http::status::payload_too_large, "body too large\n");
            response.keep_alive(false);
            response.prepare_payload();
            connection->stream.expires_after(options.write_timeout);
            http::async_write(connection->stream, response, yield[ec]);
            break;
        }
        if (ec) {
            break; // closed by the client, timed out, malformed HTTP or stopping: nothing to answer
        }
        const Request request = parser.release();
        Response response = answer(request, yield);
        response.keep_alive(request.keep_alive() && !stopping);
        response.prepare_payload();
        connection->stream.expires_after(options.write_timeout);
        http::async_write(connection->stream, response, yield[ec]);
        if (ec || !response.keep_alive()) {
            break;
        }
    }
    beast::error_code ignored;
    connection->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    connection->stream.close();
}

Response PushServer::Impl::answer(const Request& request, asio::yield_context yield) {
    // A request's handling may throw and catch on this coroutine's stack; clear what that left (coroutine_stack.hpp).
    euicc::host::detail::forget_unwound_frames(coroutine_stack);
    // Whatever fails inside is answered (500 with its text), never left to unwind the event loop.
    try {
        return handle(request, yield);
    } catch (const std::exception& e) {
        euicc::host::detail::forget_unwound_frames(coroutine_stack);
        return make_response(request, http::status::internal_server_error, std::string(e.what()) + "\n");
    }
}

Response PushServer::Impl::handle(const Request& request, asio::yield_context yield) {
    const std::string_view target(request.target().data(), request.target().size());
    if (target != push_path) {
        return make_response(request, http::status::not_found, "no such resource\n");
    }
    if (request.method() != http::verb::post) {
        Response response = make_response(request, http::status::method_not_allowed, "use POST\n");
        response.set(http::field::allow, "POST");
        return response;
    }
    if (!authorized(request, options.token)) {
        Response response = make_response(request, http::status::unauthorized, "bearer token required\n");
        response.set(http::field::www_authenticate, "Bearer realm=\"push\"");
        return response;
    }
    try {
        return deliver(request, push_api::parse_push_request(request.body()), yield);
    } catch (const push_api::DocumentError& e) {
        euicc::host::detail::forget_unwound_frames(coroutine_stack);
        return make_response(request, http::status::bad_request, std::string(e.what()) + "\n");
    }
}

Response PushServer::Impl::deliver(const Request& request, const push_api::PushRequest& push,
                                   asio::yield_context yield) {
    // Cards are slow: the delivery runs on its own thread (and PushDelivery's reader threads) while this
    // coroutine waits on a timer the thread cancels when done, so the event loop keeps serving others.
    asio::steady_timer done(ioc, asio::steady_timer::time_point::max());
    std::optional<push_api::PushResult> result;
    std::exception_ptr failure;
    bool finished = false; // only touched on the event-loop thread
    std::thread worker([&] {
        try {
            result = delivery.deliver(push);
        } catch (...) {
            euicc::host::detail::forget_unwound_frames(coroutine_stack);
            failure = std::current_exception();
        }
        asio::post(ioc, [&done, &finished] {
            finished = true;
            done.cancel();
        });
    });
    while (!finished) {
        beast::error_code ec;
        done.async_wait(yield[ec]);
    }
    // The thread's last act was the post above: joining cannot block the loop for long.
    worker.join();
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const push_api::DocumentError& e) {
            euicc::host::detail::forget_unwound_frames(coroutine_stack);
            return make_response(request, http::status::bad_request, std::string(e.what()) + "\n");
        }
        // Anything else is answered 500 by answer().
    }
    return make_response(request, http::status::ok, push_api::encode_push_result(*result), "application/json");
}

PushServer::PushServer(PushServerOptions options, PushDelivery& delivery) {
    if (options.token.empty()) {
        throw std::invalid_argument("push server: empty bearer token");
    }
    m_impl = std::make_unique<Impl>(std::move(options), delivery);
}

PushServer::~PushServer() {
    stop();
}

void PushServer::start() {
    Impl& impl = *m_impl;
    if (impl.started) {
        throw std::logic_error("push server: start() on a server that ran already");
    }
    const std::string where = impl.options.address + " port " + std::to_string(impl.options.port);
    beast::error_code ec;
    const asio::ip::address address = asio::ip::make_address(impl.options.address, ec);
    if (ec) {
        throw TransportError("push server: \"" + impl.options.address + "\" is not an IP address", ec.value());
    }
    const asio::ip::tcp::endpoint endpoint(address, impl.options.port);
    impl.acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        impl.acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        beast::error_code ignored;
        impl.acceptor.close(ignored);
        throw TransportError("push server: cannot listen on " + where + ": " + ec.message(), ec.value());
    }
    impl.port = impl.acceptor.local_endpoint().port();
    asio::spawn(
        impl.ioc, [&impl](asio::yield_context yield) { impl.accept_loop(yield); },
        boost::coroutines::attributes(coroutine_stack));
    impl.thread = std::thread([&impl] { impl.ioc.run(); });
    impl.started = true;
    impl.running = true;
}

void PushServer::stop() {
    Impl& impl = *m_impl;
    if (!impl.running) {
        return;
    }
    // On the loop thread: no new connections, idle ones closed; a request being delivered is answered
    // (Connection: close) and then its connection ends, after which run() returns.
    asio::post(impl.ioc, [&impl] {
        impl.stopping = true;
        beast::error_code ignored;
        impl.acceptor.close(ignored);
        for (const auto& connection : impl.connections) {
            if (connection->reading) {
                connection->stream.socket().cancel(ignored);
            }
        }
    });
    impl.thread.join();
    impl.running = false;
}

std::uint16_t PushServer::port() const noexcept {
    return m_impl->port;
}

} // namespace euicc::host::smsr
