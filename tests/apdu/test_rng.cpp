// SPDX-License-Identifier: Apache-2.0
// Random sources: FixedRng reproducibility, unit_interval range, OpenSslRng delivering.
#include <catch2/catch.hpp>

#include <array>

#include <euicc/apdu/rng.hpp>

using namespace euicc;

TEST_CASE("rng: FixedRng is reproducible and unit_interval stays in [0,1]", "[rng]") {
    FixedRng a(42), b(42), c(43);
    CHECK(a.next_u64() == b.next_u64());
    CHECK(a.next_u64() != c.next_u64());
    for (int i = 0; i < 1000; ++i) {
        const double r = a.unit_interval();
        CHECK(r >= 0.0);
        CHECK(r <= 1.0);
    }
    OpenSslRng real;
    std::array<std::uint8_t, 32> x{}, y{};
    real.fill(x);
    real.fill(y);
    CHECK(x != y);
}
