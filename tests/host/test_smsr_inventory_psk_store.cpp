// SPDX-License-Identifier: Apache-2.0
// InventoryPskStore: the admin server's SGP.02 §2.4.4.1 PSK lookups answered from the SM-SR inventory.
#include <catch2/catch.hpp>

#include <euicc/apdu/scp81.hpp>
#include <euicc/host/smsr/inventory_psk_store.hpp>

#include "host/test_smsr_inventory_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::smsr;
using namespace euicc::host::smsr::test;
using euicc::host::PskLookup;
using euicc::host::Scp81Keyset;

namespace {

PskLookup lookup(const std::string& eid, std::uint8_t kvn = 0x40, std::uint8_t kid = 0x01,
                 const Bytes& isd_r_aid = Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end())) {
    return PskLookup{"", scp81::PskIdentity{apdu::eid_to_bytes(eid), isd_r_aid, kid, kvn}};
}

} // namespace

TEST_CASE("InventoryPskStore finds the card's SCP81 keyset by SGP.02 identity", "[host][smsr][inventory]") {
    InventoryFile file;
    auto inventory = std::make_shared<SqliteInventory>(file.path, master_key());
    inventory->add_card(lab_card(card_a, "001010123456789", "15550123001"));
    InventoryPskStore store(inventory);

    const auto found = store.find(lookup(card_a));
    REQUIRE(found);
    CHECK(found->eid == card_a);
    CHECK(found->keyset.kvn == 0x40);
    CHECK(found->keyset.psk == SecretBytes("707172737475767778797A7B7C7D7E7F"_hex));
    CHECK(found->keyset.dek == SecretBytes("808182838485868788898A8B8C8D8E8F"_hex));

    CHECK_FALSE(store.find(lookup(card_b)));                                          // not in the inventory
    CHECK_FALSE(store.find(lookup(card_a, 0x41)));                                    // no keyset 41
    CHECK_FALSE(store.find(lookup(card_a, 0x40, 0x02)));                              // KID 2 is the DEK
    CHECK_FALSE(store.find(lookup(card_a, 0x01)));                                    // KVN 1 is SCP80
    CHECK_FALSE(store.find(lookup(card_a, 0x40, 0x01, "A0000005591010FFFFFFFF8900000200"_hex))); // other AID
    CHECK_FALSE(store.find(PskLookup{"raw identity text", std::nullopt}));
}

TEST_CASE("InventoryPskStore records an SM-SR change in the inventory", "[host][smsr][inventory]") {
    InventoryFile file;
    auto inventory = std::make_shared<SqliteInventory>(file.path, master_key());
    inventory->add_card(lab_card(card_a, "001010123456789", "15550123001"));
    InventoryPskStore store(inventory);
    Scp81Keyset fresh;
    fresh.kvn = 0x41;
    fresh.psk = SecretBytes("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex);
    store.keysets_changed(card_a, {0x40}, fresh);
    CHECK_FALSE(store.find(lookup(card_a, 0x40))); // the old PSK opens no session
    const auto found = store.find(lookup(card_a, 0x41));
    REQUIRE(found);
    CHECK(found->keyset.psk == fresh.psk);
    CHECK(inventory->keysets(card_a).size() == 2); // SCP80 01 stays

    CHECK_THROWS_AS(InventoryPskStore(nullptr), std::invalid_argument);
}
