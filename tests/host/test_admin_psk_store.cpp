// SPDX-License-Identifier: Apache-2.0
// InMemoryPskStore: SGP.02 §2.4.4.1 PSK identities (spec/scp81.md §4 vector), raw identities, SM-SR change.
#include <catch2/catch.hpp>

#include <euicc/host/admin_psk_store.hpp>

#include "host/admin_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;
using host::InMemoryPskStore;
using host::PskLookup;

namespace {

// spec/scp81.md "SGP.02 PSK identity" vector: EID 8904...1235, ISD-R AID, KID 01, KVN 40.
constexpr std::string_view spec_identity =
    "8001028110890490321234512345123456789012354F10A0000005591010FFFFFFFF8900000100820101830140";

std::optional<host::AdminCredentials> find(const InMemoryPskStore& store, std::string_view text) {
    PskLookup lookup{text, std::nullopt};
    try {
        lookup.parsed = scp81::parse_psk_identity(text);
    } catch (const CodecError&) {
    }
    return store.find(lookup);
}

} // namespace

TEST_CASE("PSK store finds the SGP.02 identity of the spec vector", "[host][admin]") {
    CHECK(psk_identity(test_eid) == spec_identity);
    InMemoryPskStore store;
    store.add(test_eid, lab_scp81_keyset());
    const auto found = find(store, spec_identity);
    REQUIRE(found);
    CHECK(found->eid == test_eid);
    CHECK(found->keyset.kvn == 0x40);
    CHECK(found->keyset.psk == lab_scp81_keyset().psk);
    CHECK(found->keyset.dek == lab_scp81_keyset().dek);
    // The hex text compares case-insensitively (it is parsed, not matched as text).
    std::string lower(spec_identity);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
    CHECK(find(store, lower));
}

TEST_CASE("PSK store refuses identities that name another key, keyset, AID or card", "[host][admin]") {
    InMemoryPskStore store;
    store.add(test_eid, lab_scp81_keyset());
    CHECK_FALSE(find(store, psk_identity(test_eid, 0x41)));       // no keyset 41
    CHECK_FALSE(find(store, psk_identity(test_eid, 0x40, 0x02))); // KID 2 is the DEK, not the PSK
    CHECK_FALSE(find(store, psk_identity(other_eid())));
    const std::string other_aid = scp81::encode_psk_identity(
        scp81::PskIdentity{apdu::eid_to_bytes(test_eid), "A0000005591010FFFFFFFF8900000200"_hex, 0x01, 0x40});
    CHECK_FALSE(find(store, other_aid));
    CHECK_FALSE(find(store, "not an identity"));
    CHECK_FALSE(find(store, ""));
}

TEST_CASE("PSK store matches raw identities byte for byte", "[host][admin]") {
    InMemoryPskStore store;
    store.add_identity("PSK Identity 123", test_eid, lab_scp81_keyset());
    const auto found = find(store, "PSK Identity 123");
    REQUIRE(found);
    CHECK(found->eid == test_eid);
    CHECK_FALSE(find(store, "psk identity 123"));
    CHECK_FALSE(find(store, spec_identity));
    store.remove(test_eid, 0x40);
    CHECK_FALSE(find(store, "PSK Identity 123"));
}

TEST_CASE("PSK store after an SM-SR change knows only the new keyset", "[host][admin]") {
    InMemoryPskStore store;
    store.add(test_eid, lab_scp81_keyset());
    store.add(other_eid(), lab_scp81_keyset());
    host::Scp81Keyset fresh;
    fresh.kvn = 0x41;
    fresh.psk = SecretBytes("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex);
    fresh.dek = SecretBytes("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"_hex);
    store.keysets_changed(test_eid, {0x40}, fresh);
    CHECK_FALSE(find(store, psk_identity(test_eid, 0x40)));
    const auto found = find(store, psk_identity(test_eid, 0x41));
    REQUIRE(found);
    CHECK(found->keyset.psk == fresh.psk);
    CHECK(find(store, psk_identity(other_eid(), 0x40))); // other cards keep theirs
}

TEST_CASE("SCP81 keysets and store entries are checked", "[host][admin]") {
    InMemoryPskStore store;
    host::Scp81Keyset keys = lab_scp81_keyset();
    SECTION("KVN outside 40..4F") {
        keys.kvn = 0x30;
    }
    SECTION("PSK too short") {
        keys.psk = SecretBytes("0102030405060708"_hex);
    }
    SECTION("DEK not an AES key") {
        keys.dek = SecretBytes("0102030405"_hex);
    }
    SECTION("same key identifiers") {
        keys.dek_id = keys.psk_id;
    }
    CHECK_THROWS_AS(store.add(test_eid, keys), std::invalid_argument);
}

TEST_CASE("PSK store refuses bad EIDs and empty raw identities", "[host][admin]") {
    InMemoryPskStore store;
    CHECK_THROWS_AS(store.add("89049032123451234512345678901234", lab_scp81_keyset()), std::invalid_argument);
    CHECK_THROWS_AS(store.add_identity("", test_eid, lab_scp81_keyset()), std::invalid_argument);
    CHECK_THROWS_AS(store.add(test_eid, lab_scp81_keyset(), "A000"_hex), std::invalid_argument);
    // Messages never carry key bytes.
    host::Scp81Keyset keys = lab_scp81_keyset();
    keys.psk = SecretBytes("7071727374757677"_hex);
    try {
        keys.validate();
        FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("7071") == std::string::npos);
    }
}
