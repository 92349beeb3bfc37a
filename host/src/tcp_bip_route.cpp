// SPDX-License-Identifier: Apache-2.0
// Where the BIP relay connects for an OPEN CHANNEL destination (ETSI TS 102 223 §8.58 other address, §8.59
// transport level): lab overrides and a catch-all.
#include <stdexcept>

#include <euicc/host/tcp_bip_handler.hpp>

namespace euicc::host {

namespace {

/// RFC 5952 text for an IP address in any valid spelling (the form cat::ip_string gives the card's address).
std::string canonical_ip(const std::string& text) {
    const auto address = cat::other_address_from_ip(text);
    return *cat::ip_string(address);
}

/// The override's port 0 keeps the port the card asked for.
TcpEndpoint with_port(TcpEndpoint target, std::uint16_t requested_port) {
    if (target.port == 0) {
        target.port = requested_port;
    }
    return target;
}

} // namespace

std::string to_string(const TcpEndpoint& endpoint) {
    const bool ipv6 = endpoint.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
}

TcpEndpoint route_destination(const TcpBipOptions& options, const TcpEndpoint& requested) {
    for (const auto& [from, to] : options.overrides) {
        // Compared as canonical text so that "2001:DB8::1" in a lab's configuration matches the card's bytes.
        if (from.port == requested.port && canonical_ip(from.host) == requested.host) {
            return with_port(to, requested.port);
        }
    }
    if (options.catch_all) {
        return with_port(*options.catch_all, requested.port);
    }
    return requested;
}

} // namespace euicc::host
