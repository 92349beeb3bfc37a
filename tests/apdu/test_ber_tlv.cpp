// SPDX-License-Identifier: Apache-2.0
// Tests for BER-TLV (ITU-T X.690 §8.1, ISO/IEC 7816-4 §5.2; spec/iso7816.md §5): tags, lengths, nesting, strictness.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/error.hpp>

#include "codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;

namespace {

Bytes concat(Bytes a, const Bytes& b) {
    append(a, b);
    return a;
}

Bytes pattern(std::size_t n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i) {
        b[i] = static_cast<std::uint8_t>(i * 7 + 1);
    }
    return b;
}

// `levels` constructed A0 TLVs, each the only child of the previous one, the innermost empty.
Bytes nested(std::size_t levels) {
    Bytes out;
    for (std::size_t i = 0; i < levels; ++i) {
        Bytes wrapped = ber::encode(0xA0, out);
        out = std::move(wrapped);
    }
    return out;
}

} // namespace

TEST_CASE("BER tags: 1- to 4-byte tags and the constructed bit", "[ber]") {
    auto [raw, tag, constructed] = GENERATE(table<Bytes, ber::Tag, bool>({
        {"5a0111"_hex, 0x5A, false},
        {"840100"_hex, 0x84, false},
        {"a000"_hex, 0xA0, true},
        {"e300"_hex, 0xE3, true},
        {"7f2100"_hex, 0x7F21, true},   // CV certificate (spec/iso7816.md §5)
        {"bf2200"_hex, 0xBF22, true},   // 2-byte constructed context tag
        {"5f200141"_hex, 0x5F20, false},
        {"9f700107"_hex, 0x9F70, false},
        {"9f810100"_hex, 0x9F8101, false},
        {"df81810100"_hex, 0xDF818101, false},
        {"ff2100"_hex, 0xFF21, true},
    }));
    CAPTURE(to_hex(raw));
    const ber::Tlv tlv = ber::parse_one(raw);
    CHECK(tlv.tag == tag);
    CHECK(tlv.constructed() == constructed);
    CHECK(ber::is_constructed(tag) == constructed);
    CHECK(ber::encode_tag(tag) == Bytes(raw.begin(), raw.end() - static_cast<std::ptrdiff_t>(1 + tlv.value.size())));
    CHECK(ber::encode(tlv) == raw);
}

TEST_CASE("BER lengths: short and 81..84 long forms", "[ber]") {
    auto [length_field, length] = GENERATE(table<Bytes, std::size_t>({
        {"00"_hex, 0},
        {"7f"_hex, 127},
        {"8180"_hex, 128},
        {"81ff"_hex, 255},
        {"820100"_hex, 256},
        {"82ffff"_hex, 65535},
        {"83010000"_hex, 65536},
        {"8401000000"_hex, 0x1000000},
    }));
    CAPTURE(to_hex(length_field));
    CHECK(ber::encode_length(length) == length_field);
    const Bytes value = pattern(length);
    const Bytes raw = concat(concat("04"_hex, length_field), value);
    const ber::Tlv tlv = ber::parse_one(raw, {.der = true});
    CHECK(tlv.tag == 0x04);
    CHECK(tlv.value == value);
    CHECK(ber::encode(tlv) == raw);
    CHECK(ber::encode(0x04, value) == raw);
}

TEST_CASE("BER encode_length at the largest 84 value and beyond", "[ber]") {
    CHECK(ber::encode_length(0xFFFFFFFFu) == "84ffffffff"_hex);
    CHECK_THROWS_AS(ber::encode_length(std::size_t{0x100000000}), std::invalid_argument);
}

TEST_CASE("BER non-minimal lengths: accepted by BER, rejected by DER", "[ber]") {
    auto raw = GENERATE("5a 8105 1122334455"_hex, "5a 820005 1122334455"_hex, "5a 83000005 1122334455"_hex,
                        "5a 8400000005 1122334455"_hex, concat("5a 817f"_hex, pattern(127)));
    CAPTURE(to_hex(raw));
    const ber::Tlv tlv = ber::parse_one(raw);
    CHECK(tlv.value == Bytes(raw.end() - static_cast<std::ptrdiff_t>(tlv.value.size()), raw.end()));
    CHECK(ber::encode(tlv).size() < raw.size()); // re-encoded in the shortest form
    CHECK_CODEC_ERROR(ber::parse_one(raw, {.der = true}), "BER-TLV", 1);
}

TEST_CASE("BER nesting: the FCP template from the trace", "[ber]") {
    // GET RESPONSE data, osmocom/pysim pySim-trace_test_gsmtap.pcapng (spec/iso7816.md, test vectors).
    const Bytes fcp =
        "622d8202782183023f00a509800171830400018b908a01058c04261a0000c60f90017083010183018183010a83010b"_hex;
    const ber::Tlv tlv = ber::parse_one(fcp, {.der = true});
    CHECK(tlv.tag == 0x62);
    CHECK(tlv.value == Bytes(fcp.begin() + 2, fcp.end()));
    REQUIRE(tlv.children.size() == 6);
    CHECK(tlv.at(0x82).value == "7821"_hex);
    CHECK(tlv.at(0x83).value == "3f00"_hex);
    const ber::Tlv& a5 = tlv.at(0xA5);
    REQUIRE(a5.children.size() == 2);
    CHECK(a5.at(0x80).value == "71"_hex);
    CHECK(a5.at(0x83).value == "00018b90"_hex);
    CHECK(tlv.at(0x8A).value == "05"_hex);
    CHECK(tlv.at(0x8C).value == "261a0000"_hex);
    // C6 (PIN status template DO) has b6 = 0, so BER reads it as primitive; its content parses on request.
    const ber::Tlv& c6 = tlv.at(0xC6);
    CHECK_FALSE(c6.constructed());
    CHECK(c6.children.empty());
    const auto pin_status = ber::parse_all(c6.value);
    REQUIRE(pin_status.size() == 5);
    CHECK(pin_status[0].tag == 0x90);
    CHECK(pin_status[4].value == "0b"_hex);
    CHECK(a5.find(0x83) == &a5.children[1]);
    CHECK(tlv.find(0x99) == nullptr);
    CHECK_CODEC_ERROR(tlv.at(0x99), "BER-TLV", 0);
    CHECK(ber::encode(tlv) == fcp);
}

TEST_CASE("BER parse_all reads a sequence, e.g. the STATUS answer", "[ber]") {
    const Bytes status = "8410a0000000871002ffffffff8907090000"_hex;
    const auto tlvs = ber::parse_all(status);
    REQUIRE(tlvs.size() == 1);
    CHECK(tlvs[0].tag == 0x84);
    CHECK(tlvs[0].value == "a0000000871002ffffffff8907090000"_hex);

    const auto three = ber::parse_all("5a0111 bf2206 5f200141 a000 9f700107"_hex);
    REQUIRE(three.size() == 3);
    CHECK(three[1].tag == 0xBF22);
    REQUIRE(three[1].children.size() == 2);
    CHECK(three[1].children[1].tag == 0xA0);
    CHECK(three[2].tag == 0x9F70);
    CHECK(ber::parse_all({}).empty());
}

TEST_CASE("BER encode builds constructed TLVs from their children", "[ber]") {
    ber::Tlv outer;
    outer.tag = 0xBF22;
    ber::Tlv child;
    child.tag = 0x5A;
    child.value = "89049032"_hex;
    outer.children.push_back(child);
    child.tag = 0x9F70;
    child.value = "07"_hex;
    outer.children.push_back(child);
    outer.value = "dead"_hex; // ignored when children are present
    CHECK(ber::encode(outer) == "bf220a 5a0489049032 9f700107"_hex);
    outer.children.clear();
    CHECK(ber::encode(outer) == "bf2202dead"_hex);
}

TEST_CASE("BER indefinite length only with allow_indefinite", "[ber]") {
    const ber::ParseOptions indefinite{.allow_indefinite = true};
    const Bytes raw = "ae80 5a0111 a080 800100 0000 0000"_hex; // nested indefinite (TS 102 226 AE)
    CHECK_CODEC_ERROR(ber::parse_one(raw), "BER-TLV", 1);
    const ber::Tlv tlv = ber::parse_one(raw, indefinite);
    CHECK(tlv.tag == 0xAE);
    CHECK(tlv.indefinite);
    CHECK(tlv.value == "5a0111 a080 800100 0000"_hex); // content without the end-of-contents mark
    REQUIRE(tlv.children.size() == 2);
    CHECK_FALSE(tlv.children[0].indefinite);
    CHECK(tlv.children[1].indefinite);
    CHECK(tlv.children[1].at(0x80).value == "00"_hex);
    CHECK(ber::encode(tlv) == raw);
    CHECK(ber::parse_one("af800000"_hex, indefinite).children.empty());
}

TEST_CASE("BER indefinite form errors", "[ber]") {
    const ber::ParseOptions indefinite{.allow_indefinite = true};
    auto [raw, offset] = GENERATE(table<Bytes, std::size_t>({
        {"ae80 5a0111"_hex, 5},      // no end-of-contents
        {"ae80 5a0111 00"_hex, 5},   // half an end-of-contents
        {"ae80 5a0111 0001"_hex, 5}, // 00 is not a tag
        {"5a80 11 0000"_hex, 1},     // X.690 §8.1.3.2: primitive tags are never indefinite
        {"a003 ae8000"_hex, 4},      // end-of-contents beyond the definite parent
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(ber::parse_one(raw, indefinite), "BER-TLV", offset);
}

TEST_CASE("BER encode of an indefinite primitive is refused", "[ber]") {
    ber::Tlv tlv;
    tlv.tag = 0x5A;
    tlv.indefinite = true;
    CHECK_THROWS_AS(ber::encode(tlv), std::invalid_argument);
}

TEST_CASE("BER parse rejects malformed input at the offending field", "[ber]") {
    auto [raw, offset] = GENERATE(table<Bytes, std::size_t>({
        {Bytes{}, 0},                        // nothing
        {"5a"_hex, 1},                  // no length
        {"5a051122"_hex, 1},            // declared length past the end
        {"5a820100"_hex, 1},            // 256 declared, none present
        {"5a8201"_hex, 2},              // truncated length field
        {"5a850000000001"_hex, 1},      // 5 length bytes unsupported
        {"5f"_hex, 1},                  // truncated multi-byte tag
        {"9f8181"_hex, 3},              // truncated multi-byte tag
        {"1f81818101 00"_hex, 0},       // 5-byte tag
        {"000111"_hex, 0},              // 00 is padding, not a tag
        {"5a0111 00"_hex, 3},           // trailing byte
        {"5a0111 5a0111"_hex, 3},       // parse_one: a second TLV is trailing data
        {"a003 5a0511"_hex, 3},         // child's length past the parent's end
        {"a001 5f01"_hex, 3},           // child's tag cut by the parent's end (01 is outside)
        {"a0035a0111 5a"_hex, 5},       // trailing after a constructed TLV
        {"a001 00"_hex, 2},             // child tag 00
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(ber::parse_one(raw), "BER-TLV", offset);
}

TEST_CASE("BER parse_all reports absolute offsets", "[ber]") {
    CHECK_CODEC_ERROR(ber::parse_all("5a0111 00 00"_hex), "BER-TLV", 3);
    CHECK_CODEC_ERROR(ber::parse_all("5a0111 bf2203 5a0211"_hex), "BER-TLV", 7);
}

TEST_CASE("BER DER rejects a leading-zero tag continuation byte", "[ber]") {
    const Bytes raw = "5f800100"_hex;
    CHECK(ber::parse_one(raw).tag == 0x5F8001);
    CHECK_CODEC_ERROR(ber::parse_one(raw, {.der = true}), "BER-TLV", 1);
}

TEST_CASE("BER nesting is limited to 32 levels", "[ber]") {
    const Bytes ok = nested(32);
    const ber::Tlv tlv = ber::parse_one(ok);
    CHECK(ber::encode(tlv) == ok);
    CHECK_CODEC_ERROR(ber::parse_one(nested(33)), "BER-TLV", 64); // the 33rd header: 32 two-byte headers before
    const ber::ParseOptions indefinite{.allow_indefinite = true};
    Bytes deep;
    for (int i = 0; i < 40; ++i) {
        append(deep, "a080"_hex);
    }
    CHECK_CODEC_ERROR(ber::parse_one(deep, indefinite), "BER-TLV", 64);
}

TEST_CASE("BER encode_tag refuses tags that would not read back", "[ber]") {
    auto tag = GENERATE(as<ber::Tag>{}, 0x00, 0x5F, 0x5A01, 0x5F81, 0x9F8101FF, 0x1F818181);
    CAPTURE(tag);
    CHECK_THROWS_AS(ber::encode_tag(tag), std::invalid_argument);
}
