// SPDX-License-Identifier: Apache-2.0
// CAT simple data objects (ETSI TS 102 223 §8.1, 8.7, 8.8, 8.38, 8.52, 8.56, 8.58, 8.59, 8.61): value codecs.
#include <euicc/apdu/cat_objects.hpp>

#include <arpa/inet.h>

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

#include <euicc/error.hpp>

#include "bcd_digits.hpp"
#include "cat_codec.hpp"

namespace euicc::cat {

namespace {

constexpr std::uint8_t channel_id_mask = 0x07;    // §8.56 byte 1 b1-b3
constexpr std::uint8_t link_established = 0x80;   // §8.56 byte 1 b8
constexpr std::uint8_t channel_rfu_mask = 0x78;   // §8.56 byte 1 b4-b7
constexpr std::size_t ipv4_size = 4;
constexpr std::size_t ipv6_size = 16;
constexpr std::size_t max_apn_label = 63;         // TS 23.003 §9.1: DNS label limit
// TS 102 223 §8.1 / TS 31.102 EF-ADN: A = '*', B = '#', C-E kept as 'c'-'e' (DTMF pause, wild, expansion).
constexpr std::string_view dialling_digits = "0123456789*#cde";

std::size_t expected_ip_size(AddressType type) {
    switch (type) {
    case AddressType::Ipv4: return ipv4_size;
    case AddressType::Ipv6: return ipv6_size;
    }
    return 0;
}

} // namespace

std::uint8_t channel_device(std::uint8_t channel_id) {
    if (channel_id < 1 || channel_id > 7) {
        throw std::invalid_argument("BIP channel id " + std::to_string(channel_id) + " outside 1..7");
    }
    return static_cast<std::uint8_t>(device::first_channel + channel_id - 1);
}

std::optional<std::uint8_t> channel_of_device(std::uint8_t dev) noexcept {
    if (dev < device::first_channel || dev > device::last_channel) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(dev - device::first_channel + 1);
}

std::chrono::milliseconds duration_to_chrono(const Duration& duration) {
    switch (duration.unit) {
    case TimeUnit::Minutes: return std::chrono::minutes(duration.interval);
    case TimeUnit::Seconds: return std::chrono::seconds(duration.interval);
    case TimeUnit::Tenths: return std::chrono::milliseconds(100 * duration.interval);
    }
    throw std::invalid_argument("duration with reserved time unit");
}

Duration duration_from_chrono(std::chrono::milliseconds value) {
    const auto ms = value.count();
    const std::array<std::pair<TimeUnit, long long>, 3> units{
        {{TimeUnit::Seconds, 1000}, {TimeUnit::Minutes, 60000}, {TimeUnit::Tenths, 100}}};
    for (const auto& [unit, step] : units) {
        if (ms > 0 && ms % step == 0 && ms / step <= 255) {
            return Duration{unit, static_cast<std::uint8_t>(ms / step)};
        }
    }
    throw std::invalid_argument("duration of " + std::to_string(ms) +
                                " ms not representable as 1..255 tenths, seconds or minutes");
}

Bytes encode_timer_value(std::chrono::seconds value) {
    const auto total = value.count();
    constexpr long long max_seconds = 99 * 3600 + 59 * 60 + 59;
    if (total < 0 || total > max_seconds) {
        throw std::invalid_argument("timer value " + std::to_string(total) + " s outside 0..99:59:59");
    }
    const auto hours = static_cast<unsigned>(total / 3600);
    const auto minutes = static_cast<unsigned>((total / 60) % 60);
    const auto seconds = static_cast<unsigned>(total % 60);
    return {bcd::swapped_byte(hours), bcd::swapped_byte(minutes), bcd::swapped_byte(seconds)};
}

std::chrono::seconds decode_timer_value(ByteView value) {
    ByteReader r(value, "timer value");
    const auto out = detail::read_timer_value(r);
    r.expect_end();
    return out;
}

std::optional<std::string> ip_string(const OtherAddress& address) {
    const std::size_t size = expected_ip_size(address.type);
    if (size == 0 || address.address.size() != size) {
        return std::nullopt;
    }
    std::array<char, INET6_ADDRSTRLEN> text{};
    const int family = address.type == AddressType::Ipv4 ? AF_INET : AF_INET6;
    if (inet_ntop(family, address.address.data(), text.data(), static_cast<socklen_t>(text.size())) == nullptr) {
        return std::nullopt;
    }
    return std::string(text.data());
}

OtherAddress other_address_from_ip(std::string_view text) {
    const std::string s(text);
    std::array<std::uint8_t, ipv6_size> buffer{};
    if (inet_pton(AF_INET, s.c_str(), buffer.data()) == 1) {
        return OtherAddress{AddressType::Ipv4, Bytes(buffer.begin(), buffer.begin() + ipv4_size)};
    }
    if (inet_pton(AF_INET6, s.c_str(), buffer.data()) == 1) {
        return OtherAddress{AddressType::Ipv6, Bytes(buffer.begin(), buffer.end())};
    }
    throw std::invalid_argument("'" + s + "' is neither an IPv4 nor an IPv6 address");
}

Bytes encode_address(const Address& address) {
    Bytes out{address.ton_npi};
    append(out, bcd::encode_swapped(address.digits, dialling_digits, "address digit"));
    return out;
}

Address decode_address(ByteView value) {
    ByteReader r(value, "address");
    const Address out = detail::read_address(r);
    r.expect_end();
    return out;
}

Bytes encode_network_access_name(std::string_view apn) {
    Bytes out;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = apn.find('.', start);
        const std::string_view label = apn.substr(start, dot == std::string_view::npos ? apn.npos : dot - start);
        if (label.empty() || label.size() > max_apn_label) {
            throw std::invalid_argument("network access name '" + std::string(apn) +
                                        "': labels must have 1..63 characters");
        }
        out.push_back(static_cast<std::uint8_t>(label.size()));
        out.insert(out.end(), label.begin(), label.end());
        if (dot == std::string_view::npos) {
            return out;
        }
        start = dot + 1;
    }
}

std::string decode_network_access_name(ByteView value) {
    ByteReader r(value, "network access name");
    return detail::read_network_access_name(r);
}

namespace detail {

Duration read_duration(ByteReader& r) {
    const std::size_t at = r.offset();
    const std::uint8_t unit = r.u8();
    if (unit > static_cast<std::uint8_t>(TimeUnit::Tenths)) {
        r.fail_at(at, "reserved time unit " + to_hex(ByteView(&unit, 1)));
    }
    return Duration{static_cast<TimeUnit>(unit), r.u8()};
}

Bytes duration_value(const Duration& duration) {
    return {static_cast<std::uint8_t>(duration.unit), duration.interval};
}

std::chrono::seconds read_timer_value(ByteReader& r) {
    unsigned parts[3] = {0, 0, 0};
    for (unsigned& part : parts) {
        const std::size_t at = r.offset();
        const std::uint8_t b = r.u8();
        // §8.38: each byte is BCD with the nibbles swapped (tens digit in the low nibble).
        const auto value = bcd::swapped_byte_value(b);
        if (!value) {
            r.fail_at(at, "timer value byte " + to_hex(ByteView(&b, 1)) + " is not BCD");
        }
        part = *value;
        if (&part != &parts[0] && part > 59) {
            r.fail_at(at, "timer value minutes or seconds above 59");
        }
    }
    return std::chrono::hours(parts[0]) + std::chrono::minutes(parts[1]) + std::chrono::seconds(parts[2]);
}

std::uint8_t read_timer_id(ByteReader& r) {
    const std::size_t at = r.offset();
    const std::uint8_t id = r.u8();
    // §8.37: timers 1..8; other values are reserved.
    if (id < 1 || id > 8) {
        r.fail_at(at, "timer identifier " + std::to_string(id) + " outside 1..8");
    }
    return id;
}

ChannelStatus read_channel_status(ByteReader& r) {
    const std::uint8_t first = r.u8();
    ChannelStatus s;
    s.channel_id = first & channel_id_mask;
    s.link_established = (first & link_established) != 0;
    s.other_bits = first & channel_rfu_mask;
    s.further_info = r.u8();
    return s;
}

Bytes channel_status_value(const ChannelStatus& status) {
    if (status.channel_id > channel_id_mask || (status.other_bits & ~channel_rfu_mask) != 0) {
        throw std::invalid_argument("channel status: channel id above 7 or other_bits outside b4-b7");
    }
    const auto first = static_cast<std::uint8_t>(status.channel_id | status.other_bits |
                                                 (status.link_established ? link_established : 0));
    return {first, status.further_info};
}

BearerDescription read_bearer_description(ByteReader& r) {
    BearerDescription b;
    b.type = static_cast<BearerType>(r.u8());
    b.parameters = read_bytes(r);
    return b;
}

Bytes bearer_description_value(const BearerDescription& bearer) {
    Bytes out{static_cast<std::uint8_t>(bearer.type)};
    append(out, bearer.parameters);
    return out;
}

OtherAddress read_other_address(ByteReader& r) {
    OtherAddress a;
    a.type = static_cast<AddressType>(r.u8());
    const std::size_t at = r.offset();
    a.address = read_bytes(r);
    const std::size_t size = expected_ip_size(a.type);
    // An empty address asks the terminal to allocate one; a known type otherwise has a fixed size.
    if (size != 0 && !a.address.empty() && a.address.size() != size) {
        r.fail_at(at, "other address of " + std::to_string(a.address.size()) + " bytes, expected " +
                          std::to_string(size));
    }
    return a;
}

Bytes other_address_value(const OtherAddress& address) {
    Bytes out{static_cast<std::uint8_t>(address.type)};
    append(out, address.address);
    return out;
}

TransportLevel read_transport_level(ByteReader& r) {
    TransportLevel t;
    t.protocol = static_cast<TransportProtocol>(r.u8());
    t.port = r.u16be();
    return t;
}

Bytes transport_level_value(const TransportLevel& level) {
    return {static_cast<std::uint8_t>(level.protocol), static_cast<std::uint8_t>(level.port >> 8),
            static_cast<std::uint8_t>(level.port & 0xFF)};
}

Address read_address(ByteReader& r) {
    Address a;
    a.ton_npi = r.u8();
    const std::size_t at = r.offset();
    const ByteView value = r.rest();
    // §8.1: F is only the filler of an odd digit count, in the high nibble of the last byte.
    a.digits = bcd::decode_swapped(value, bcd::swapped_digit_count(value), dialling_digits, r.context(), at);
    return a;
}

std::string read_network_access_name(ByteReader& r) {
    std::string out;
    if (r.empty()) {
        r.fail("empty network access name");
    }
    while (!r.empty()) {
        const std::size_t at = r.offset();
        const std::uint8_t length = r.u8();
        if (length == 0 || length > max_apn_label) {
            r.fail_at(at, "network access name label of " + std::to_string(length) + " bytes");
        }
        const ByteView label = r.take(length);
        for (std::uint8_t c : label) {
            // A dot inside a label would make the dotted text ambiguous (TS 23.003 §9.1 forbids it anyway).
            if (c == '.') {
                r.fail_at(at, "'.' inside a network access name label");
            }
        }
        if (!out.empty()) {
            out.push_back('.');
        }
        out.append(label.begin(), label.end());
    }
    return out;
}

} // namespace detail

} // namespace euicc::cat
