// SPDX-License-Identifier: Apache-2.0
// SecretBytes: owns key material, copies and moves without leaving stray copies, and cannot be printed.
#include <catch2/catch.hpp>
#include <ostream>
#include <type_traits>

#include <euicc/apdu/secret_bytes.hpp>

using namespace euicc::literals;
using euicc::Bytes;
using euicc::SecretBytes;

namespace {
template <typename T>
concept Streamable = requires(std::ostream& os, const T& value) {
    os << value;
};
} // namespace

// A key must not reach a log line or an exception text by accident: no operator<<, no conversion to Bytes.
static_assert(!Streamable<SecretBytes>);
static_assert(!std::is_convertible_v<SecretBytes, Bytes>);
static_assert(!std::is_convertible_v<Bytes, SecretBytes>);
static_assert(!std::is_convertible_v<euicc::ByteView, SecretBytes>);

TEST_CASE("SecretBytes copies a view and takes over a vector", "[secret]") {
    const Bytes key = "00112233445566778899AABBCCDDEEFF"_hex;
    const SecretBytes copied(euicc::ByteView{key});
    CHECK(copied.size() == 16);
    CHECK(Bytes(copied.view().begin(), copied.view().end()) == key);
    CHECK(copied.data() != key.data());

    Bytes source = key;
    const std::uint8_t* buffer = source.data();
    const SecretBytes taken(std::move(source));
    CHECK(taken.data() == buffer); // no copy of the key was made
    CHECK(source.empty());         // NOLINT(bugprone-use-after-move): the moved-from vector holds nothing
    CHECK(taken == copied);
}

TEST_CASE("SecretBytes copy, move and assignment", "[secret]") {
    SecretBytes a(Bytes{"0102030405060708"_hex});
    SecretBytes b(a);
    CHECK(a == b);
    SecretBytes c(std::move(b));
    CHECK(b.empty()); // NOLINT(bugprone-use-after-move)
    CHECK(c == a);
    SecretBytes d(Bytes{"FFFF"_hex});
    CHECK_FALSE(d == a);
    d = a;
    CHECK(d == a);
    SecretBytes e;
    CHECK(e.empty());
    e = std::move(d);
    CHECK(e == a);
    CHECK(d.empty()); // NOLINT(bugprone-use-after-move)
    // Equal length, different content compares unequal.
    CHECK_FALSE(SecretBytes(Bytes{"0102030405060709"_hex}) == a);
}
