// SPDX-License-Identifier: Apache-2.0
// PC/SC reader selection: ReaderSelector::parse and select_reader over a reader list; no pcscd needed.
#include <catch2/catch.hpp>
#include <stdexcept>

#include <euicc/error.hpp>
#include <euicc/transport/pcsc.hpp>

using namespace euicc;
using euicc::transport::ReaderInfo;
using euicc::transport::ReaderSelector;
using Kind = ReaderSelector::Kind;

namespace {

ReaderInfo reader(std::string name, bool card) {
    ReaderInfo r;
    r.name = std::move(name);
    r.card_present = card;
    return r;
}

const std::vector<ReaderInfo> k_readers = {
    reader("Virtual PCD 00 00", false),
    reader("Virtual PCD 00 01", true),
    reader("ACS ACR39U ICC Reader 00 00", true),
};

} // namespace

TEST_CASE("ReaderSelector::parse: digits -> index, /re/ -> regex, else exact name, empty -> any",
          "[selector]") {
    SECTION("empty") {
        CHECK(ReaderSelector::parse("").kind == Kind::Any);
    }
    SECTION("digits") {
        const auto s = ReaderSelector::parse("12");
        CHECK(s.kind == Kind::Index);
        CHECK(s.index == 12);
        CHECK(ReaderSelector::parse("0").index == 0);
    }
    SECTION("regex between slashes") {
        const auto s = ReaderSelector::parse("/PCD 00 00$/");
        CHECK(s.kind == Kind::Regex);
        CHECK(s.text == "PCD 00 00$");
    }
    SECTION("names, including ones that only look like the other forms") {
        for (const char* text : {"Virtual PCD 00 00", "/", "/dev/ttyUSB0", "1a", " 1", "-1"}) {
            CAPTURE(text);
            const auto s = ReaderSelector::parse(text);
            CHECK(s.kind == Kind::Name);
            CHECK(s.text == text);
        }
    }
    SECTION("a regex that does not compile is rejected at parse time") {
        CHECK_THROWS_AS(ReaderSelector::parse("/[unclosed/"), std::invalid_argument);
        CHECK_THROWS_WITH(ReaderSelector::parse("/(/"), Catch::Contains("invalid reader regex /(/"));
    }
    SECTION("an index that does not fit is rejected") {
        CHECK_THROWS_AS(ReaderSelector::parse("99999999999999999999999999"), std::invalid_argument);
    }
}

TEST_CASE("select_reader: exact name", "[selector]") {
    CHECK(transport::select_reader(k_readers, ReaderSelector::name("Virtual PCD 00 01")) ==
          "Virtual PCD 00 01");
    // Exact means exact: a prefix is not a match.
    CHECK_THROWS_AS(transport::select_reader(k_readers, ReaderSelector::name("Virtual PCD 00")), ReaderError);
}

TEST_CASE("select_reader: regex is an ECMAScript search, first match in list order", "[selector]") {
    CHECK(transport::select_reader(k_readers, ReaderSelector::regex("PCD 00 00$")) == "Virtual PCD 00 00");
    CHECK(transport::select_reader(k_readers, ReaderSelector::regex("PCD")) == "Virtual PCD 00 00");
    CHECK(transport::select_reader(k_readers, ReaderSelector::regex("^ACS")) ==
          "ACS ACR39U ICC Reader 00 00");
    // Case-sensitive, as ECMAScript without the icase flag.
    CHECK_THROWS_AS(transport::select_reader(k_readers, ReaderSelector::regex("acr39u")), ReaderError);
}

TEST_CASE("select_reader: index in list order, with or without a card", "[selector]") {
    CHECK(transport::select_reader(k_readers, ReaderSelector::by_index(0)) == "Virtual PCD 00 00");
    CHECK(transport::select_reader(k_readers, ReaderSelector::by_index(2)) == "ACS ACR39U ICC Reader 00 00");
}

TEST_CASE("select_reader: any = first reader with a card", "[selector]") {
    CHECK(transport::select_reader(k_readers, ReaderSelector::any()) == "Virtual PCD 00 01");
}

TEST_CASE("select_reader failures name what was asked and the readers available", "[selector]") {
    const std::string listing =
        "available readers: [0] 'Virtual PCD 00 00' (empty), [1] 'Virtual PCD 00 01' (card), "
        "[2] 'ACS ACR39U ICC Reader 00 00' (card)";
    SECTION("unknown name") {
        try {
            transport::select_reader(k_readers, ReaderSelector::name("Gemalto PC Twin"));
            FAIL("no exception");
        } catch (const ReaderError& e) {
            CHECK(std::string(e.what()) == "reader 'Gemalto PC Twin' not found; " + listing);
            CHECK(e.native_code() == 0x80100009); // SCARD_E_UNKNOWN_READER
        }
    }
    SECTION("regex without a match") {
        CHECK_THROWS_MATCHES(transport::select_reader(k_readers, ReaderSelector::regex("Omnikey")),
                             ReaderError, Catch::Message("no reader matches /Omnikey/; " + listing));
    }
    SECTION("index out of range") {
        CHECK_THROWS_MATCHES(transport::select_reader(k_readers, ReaderSelector::by_index(3)), ReaderError,
                             Catch::Message("reader index 3 out of range; " + listing));
    }
    SECTION("any, readers without cards -> NoCardError") {
        const std::vector<ReaderInfo> empty_readers = {reader("Virtual PCD 00 00", false)};
        try {
            transport::select_reader(empty_readers, ReaderSelector::any());
            FAIL("no exception");
        } catch (const NoCardError& e) {
            CHECK(std::string(e.what()) ==
                  "no card in any reader; available readers: [0] 'Virtual PCD 00 00' (empty)");
            CHECK(e.native_code() == 0x8010000C); // SCARD_E_NO_SMARTCARD
        }
    }
    SECTION("no readers at all") {
        CHECK_THROWS_MATCHES(transport::select_reader({}, ReaderSelector::any()), ReaderError,
                             Catch::Message("no PC/SC reader found"));
        CHECK_THROWS_MATCHES(transport::select_reader({}, ReaderSelector::name("X")), ReaderError,
                             Catch::Message("reader 'X' not found; no readers available"));
    }
    SECTION("a selector built directly with a bad regex") {
        CHECK_THROWS_AS(transport::select_reader(k_readers, ReaderSelector::regex("(")),
                        std::invalid_argument);
    }
}
