// SPDX-License-Identifier: Apache-2.0
// Shared helpers for the euicc::transport tests: scratch files and a programmable CardEndpoint.
#pragma once

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include <euicc/apdu/bytes.hpp>
#include <euicc/transport/card_endpoint.hpp>

namespace euicc::transport::test {

/// A fresh path in the temp directory, removed on destruction.
class TempPath {
public:
    explicit TempPath(const std::string& name)
        : m_path(std::filesystem::temp_directory_path() /
                 ("euicc-test-" + std::to_string(::getpid()) + "-" + name)) {
        std::filesystem::remove(m_path);
    }
    ~TempPath() {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }
    TempPath(const TempPath&) = delete;
    TempPath& operator=(const TempPath&) = delete;
    std::string str() const { return m_path.string(); }

private:
    std::filesystem::path m_path;
};

/// `head` followed by `tail` (test data: response data + SW).
inline Bytes cat(Bytes head, ByteView tail) {
    append(head, tail);
    return head;
}

inline Bytes read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Classic pcap layout (spec/gsmtap.md §3): 24-byte global header, 16-byte record headers.
constexpr std::size_t global_header_size = 24;
constexpr std::size_t record_header_size = 16;

/// One pcap record.
struct Record {
    std::uint32_t ts_sec;
    std::uint32_t ts_usec;
    Bytes frame;
};

inline std::uint32_t le32(ByteView b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
}

/// Splits a classic pcap into its records (the global header is checked separately).
inline std::vector<Record> records_of(const Bytes& file) {
    std::vector<Record> records;
    std::size_t at = global_header_size;
    while (at < file.size()) {
        REQUIRE(file.size() - at >= record_header_size);
        const std::uint32_t incl = le32(file, at + 8);
        REQUIRE(le32(file, at + 12) == incl);
        REQUIRE(file.size() - at - record_header_size >= incl);
        const auto begin = file.begin() + static_cast<std::ptrdiff_t>(at + record_header_size);
        records.push_back({le32(file, at), le32(file, at + 4), Bytes(begin, begin + incl)});
        at += record_header_size + incl;
    }
    return records;
}

/// The GSMTAP payload of an IPv4/UDP/GSMTAP frame.
inline Bytes payload_of(const Bytes& frame) {
    REQUIRE(frame.size() >= 44);
    return Bytes(frame.begin() + 44, frame.end());
}

/// A card whose answers come from a function; counts power events (atomics: a VpcdLink thread calls it).
class FunctionCard : public CardEndpoint {
public:
    explicit FunctionCard(std::function<Bytes(ByteView)> answer, Bytes atr = {0x3B, 0x00})
        : m_answer(std::move(answer)), m_atr(std::move(atr)) {}
    Bytes atr() const override { return m_atr; }
    void power_on() override { ++power_ons; }
    void power_off() override { ++power_offs; }
    void reset() override { ++resets; }
    Bytes process(ByteView command) noexcept override { return m_answer(command); }

    std::atomic<int> power_ons{0};
    std::atomic<int> power_offs{0};
    std::atomic<int> resets{0};

private:
    std::function<Bytes(ByteView)> m_answer;
    Bytes m_atr;
};

} // namespace euicc::transport::test

namespace Catch {
/// Byte buffers print as hex in assertion failures.
template <>
struct StringMaker<euicc::Bytes> {
    static std::string convert(const euicc::Bytes& bytes) { return euicc::to_hex(bytes); }
};
} // namespace Catch
