// SPDX-License-Identifier: Apache-2.0
// SM-SR inventory (design §4): records, lookups, resolve with unknown entries, profile and SM-SR change updates.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/host/smsr/inventory_sqlite.hpp>

#include "host/test_smsr_inventory_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::smsr;
using namespace euicc::host::smsr::test;
using euicc::host::Scp81Keyset;

namespace {

const Bytes isd_p_1 = "A0000005591010FFFFFFFF8900001000"_hex;
const Bytes isd_p_2 = "A0000005591010FFFFFFFF8900001100"_hex;

ProfileRecord profile(const Bytes& aid, std::string iccid, ProfileState state, bool fallback = false) {
    return ProfileRecord{aid, std::move(iccid), state, fallback};
}

const Scp81Keyset& scp81_of(const std::vector<CardKeyset>& keysets, std::uint8_t kvn) {
    for (const CardKeyset& keyset : keysets) {
        if (kvn_of(keyset) == kvn) {
            return std::get<Scp81Keyset>(keyset);
        }
    }
    FAIL("no SCP81 keyset " << int(kvn));
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("Identities are checked and normalised by type", "[host][smsr][inventory]") {
    CHECK(make_identity(IdentityType::Msisdn, "+15550123001").value == "15550123001");
    CHECK(make_identity(IdentityType::Imsi, "001010123456789") == Identity{IdentityType::Imsi, "001010123456789"});
    CHECK(make_identity(IdentityType::Impu, "sip:alice@ims.example.org").value == "sip:alice@ims.example.org");
    CHECK(make_identity(IdentityType::Impu, "tel:+15550123001").value == "tel:+15550123001");
    CHECK(make_identity(IdentityType::Impi, "001010123456789@ims.example.org").type == IdentityType::Impi);
    const auto [type, value] = GENERATE(table<IdentityType, std::string>({
        {IdentityType::Imsi, "00101"},              // shorter than MCC + MNC + 1 digit of MSIN
        {IdentityType::Imsi, "0010101234567890"},   // 16 digits
        {IdentityType::Imsi, "00101012345678A"},
        {IdentityType::Msisdn, "+"},
        {IdentityType::Msisdn, "1555 0123"},
        {IdentityType::Impu, "alice@ims.example.org"}, // no URI scheme
        {IdentityType::Impu, "sip:"},
        {IdentityType::Impu, "sip:alice smith@example.org"},
        {IdentityType::Impi, "alice"},
        {IdentityType::Impi, "@ims.example.org"},
        {IdentityType::Impi, "alice@"},
    }));
    CAPTURE(to_string(type), value);
    CHECK_THROWS_AS(make_identity(type, value), std::invalid_argument);
}

TEST_CASE("Card records are validated before they are stored", "[host][smsr][inventory]") {
    CHECK_NOTHROW(lab_card(card_a, "001010123456789", "15550123001").validate());
    auto record = lab_card(card_a, "001010123456789", "15550123001");
    SECTION("EID check digits") {
        record.card.eid = "89049032123451234512345678901234";
    }
    SECTION("ISD-R AID length") {
        record.card.isd_r_aid = "A000000559"_hex;
        record.card.isd_r_aid.pop_back();
    }
    SECTION("SM-SR id") {
        record.card.smsr_id.clear();
    }
    SECTION("an identity not in normal form") {
        record.card.identities.push_back(Identity{IdentityType::Msisdn, "+15550123009"});
    }
    SECTION("an identity twice") {
        record.card.identities.push_back(record.card.identities.front());
    }
    SECTION("a KVN twice") {
        record.keysets.push_back(lab_card_keysets().front());
    }
    SECTION("an SCP80 KVN outside 01..0F") {
        std::get<scp80::Keyset>(record.keysets.front()).kvn = 0x10;
    }
    SECTION("an SCP81 PSK too short") {
        std::get<Scp81Keyset>(record.keysets.back()).psk = SecretBytes("0102"_hex);
    }
    SECTION("an SCP03 keyset without DEK") {
        scp03::StaticKeys keys;
        keys.kvn = 0x30;
        keys.enc = SecretBytes(Bytes(16, 1));
        keys.mac = SecretBytes(Bytes(16, 2));
        record.keysets.emplace_back(std::move(keys));
    }
    SECTION("two enabled profiles") {
        record.card.profiles = {profile(isd_p_1, "8988211000000000001", ProfileState::Enabled),
                                profile(isd_p_2, "8988211000000000002", ProfileState::Enabled)};
    }
    SECTION("an ICCID of 17 digits") {
        record.card.profiles = {profile(isd_p_1, "89882110000000001", ProfileState::Created)};
    }
    CHECK_THROWS_AS(record.validate(), std::invalid_argument);
    InventoryFile file;
    SqliteInventory inventory = file.open();
    CHECK_THROWS_AS(inventory.add_card(record), std::invalid_argument);
    CHECK_FALSE(inventory.card(card_a));
}

TEST_CASE("Inventory keeps cards, identities, profiles and keysets as given", "[host][smsr][inventory]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    auto a = lab_card(card_a, "001010123456789", "15550123001");
    a.card.identities.push_back(make_identity(IdentityType::Impu, "sip:001010123456789@ims.example.org"));
    a.card.identities.push_back(make_identity(IdentityType::Impi, "001010123456789@ims.example.org"));
    a.card.isd_r_tar.bytes = {0x00, 0x00, 0x01};
    a.card.profiles = {profile(isd_p_1, "8988211000000000001", ProfileState::Enabled, true),
                       profile(isd_p_2, "89882110000000000024", ProfileState::Disabled)};
    scp03::StaticKeys scp03_keys;
    scp03_keys.kvn = 0x30;
    scp03_keys.enc = SecretBytes("404142434445464748494A4B4C4D4E4F"_hex);
    scp03_keys.mac = SecretBytes("505152535455565758595A5B5C5D5E5F"_hex);
    scp03_keys.dek = SecretBytes("606162636465666768696A6B6C6D6E6F"_hex);
    a.keysets.emplace_back(scp03_keys);
    const auto b = lab_card(card_b, "001010123456790", "15550123002");
    inventory.add_cards(std::vector{a, b});

    const auto info = inventory.card(card_a);
    REQUIRE(info);
    CHECK(*info == a.card);
    CHECK(inventory.card(card_b)->identities == b.card.identities);
    CHECK_FALSE(inventory.card(card_c));
    CHECK_FALSE(inventory.card("not an EID"));

    const auto keysets = inventory.keysets(card_a);
    REQUIRE(keysets.size() == 3); // KVN order: 01, 30, 40
    const auto& ota = std::get<scp80::Keyset>(keysets[0]);
    CHECK(ota.kvn == 0x01);
    CHECK(ota.kic_key == SecretBytes("404142434445464748494A4B4C4D4E4F"_hex));
    CHECK(ota.kid_key == SecretBytes("505152535455565758595A5B5C5D5E5F"_hex));
    const auto& scp03_back = std::get<scp03::StaticKeys>(keysets[1]);
    CHECK(scp03_back.kvn == 0x30);
    CHECK(scp03_back.enc == scp03_keys.enc);
    CHECK(scp03_back.mac == scp03_keys.mac);
    CHECK(scp03_back.dek == scp03_keys.dek);
    const auto& admin = scp81_of(keysets, 0x40);
    CHECK(admin.psk_id == 0x01);
    CHECK(admin.dek_id == 0x02);
    CHECK(admin.psk == SecretBytes("707172737475767778797A7B7C7D7E7F"_hex));
    CHECK(admin.dek == SecretBytes("808182838485868788898A8B8C8D8E8F"_hex));
    CHECK(inventory.keysets(card_c).empty());
}

TEST_CASE("Inventory maps EIDs to identities and identities to EIDs", "[host][smsr][inventory]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
    inventory.add_card(lab_card(card_b, "001010123456790", "15550123002"));
    CHECK(inventory.identities_of(card_b) == std::vector{make_identity(IdentityType::Imsi, "001010123456790"),
                                                         make_identity(IdentityType::Msisdn, "15550123002")});
    CHECK(inventory.identities_of(card_c).empty());
    CHECK(inventory.eid_of(make_identity(IdentityType::Imsi, "001010123456789")) == card_a);
    CHECK(inventory.eid_of(make_identity(IdentityType::Msisdn, "+15550123002")) == card_b);
    // Same digits, other identity type: no match.
    CHECK_FALSE(inventory.eid_of(Identity{IdentityType::Msisdn, "001010123456789"}));
}

TEST_CASE("Resolve reports unknown entries as failures and goes on", "[host][smsr][inventory]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
    inventory.add_card(lab_card(card_b, "001010123456790", "15550123002"));
    const std::vector<std::string> eids{card_b, card_c, "89049032123451234512345678901234", card_a};
    const std::vector<Identity> identities{
        Identity{IdentityType::Msisdn, "+15550123001"}, // normalised before the lookup
        Identity{IdentityType::Imsi, "001010999999999"},
        Identity{IdentityType::Imsi, "12"},
    };
    const auto entries = inventory.resolve(eids, identities);
    REQUIRE(entries.size() == 7);

    CHECK(entries[0].requested == card_b);
    REQUIRE(entries[0].ok());
    CHECK(std::get<ResolvedCard>(entries[0].outcome) == ResolvedCard{card_b, inventory.identities_of(card_b)});

    CHECK(entries[1].outcome == decltype(entries[1].outcome){ResolveError{ResolveFailure::UnknownEid, "unknown EID " + card_c}});
    REQUIRE_FALSE(entries[2].ok());
    CHECK(std::get<ResolveError>(entries[2].outcome).failure == ResolveFailure::InvalidEid);
    CHECK_THAT(std::get<ResolveError>(entries[2].outcome).reason, Catch::StartsWith("invalid EID "));
    CHECK(std::get<ResolvedCard>(entries[3].outcome).eid == card_a);

    CHECK(entries[4].requested == "MSISDN +15550123001");
    REQUIRE(entries[4].ok());
    CHECK(std::get<ResolvedCard>(entries[4].outcome).eid == card_a);
    CHECK(std::get<ResolvedCard>(entries[4].outcome).identities.size() == 2); // the IMSI too

    const auto& unknown = std::get<ResolveError>(entries[5].outcome);
    CHECK(unknown.failure == ResolveFailure::UnknownIdentity);
    CHECK(unknown.reason == "unknown IMSI 001010999999999: identity maps to no card");
    CHECK(std::get<ResolveError>(entries[6].outcome).failure == ResolveFailure::InvalidIdentity);

    CHECK(inventory.resolve({}, {}).empty());
}

TEST_CASE("Adding a card twice or an identity of another card is refused whole", "[host][smsr][inventory]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
    SECTION("known EID in a batch") {
        const std::vector batch{lab_card(card_b, "001010123456790", "15550123002"),
                                lab_card(card_a, "001010123456791", "15550123003")};
        try {
            inventory.add_cards(batch);
            FAIL("no conflict");
        } catch (const InventoryConflictError& e) {
            CHECK(e.record() == 1u);
            CHECK(e.field() == "eid");
            CHECK_THAT(e.what(), Catch::Contains(card_a));
        }
    }
    SECTION("an identity of another card") {
        try {
            inventory.add_card(lab_card(card_b, "001010123456790", "+15550123001"));
            FAIL("no conflict");
        } catch (const InventoryConflictError& e) {
            CHECK(e.record() == 0u);
            CHECK(e.field() == "msisdn");
            CHECK_THAT(e.what(), Catch::Contains("MSISDN 15550123001 already belongs to EID " + card_a));
        }
    }
    // Nothing of the refused batch stayed.
    CHECK_FALSE(inventory.card(card_b));
    CHECK_FALSE(inventory.eid_of(make_identity(IdentityType::Imsi, "001010123456790")));
}

TEST_CASE("Profile updates keep one enabled and one fall-back profile per card", "[host][smsr][inventory]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
    inventory.put_profile(card_a, profile(isd_p_1, "8988211000000000001", ProfileState::Enabled, true));
    inventory.put_profile(card_a, profile(isd_p_2, "8988211000000000002", ProfileState::Created));
    const auto states = [&] {
        std::vector<std::pair<ProfileState, bool>> out;
        const auto info = inventory.card(card_a);
        for (const auto& p : info->profiles) {
            out.emplace_back(p.state, p.fallback);
        }
        return out;
    };

    inventory.set_profile_state(card_a, isd_p_2, ProfileState::Disabled);
    CHECK(states() == std::vector{std::pair{ProfileState::Enabled, true}, std::pair{ProfileState::Disabled, false}});
    // Enabling one profile disables the other (SGP.02 EnableProfile).
    inventory.set_profile_state(card_a, isd_p_2, ProfileState::Enabled);
    CHECK(states() == std::vector{std::pair{ProfileState::Disabled, true}, std::pair{ProfileState::Enabled, false}});
    inventory.set_fallback(card_a, isd_p_2);
    CHECK(states() == std::vector{std::pair{ProfileState::Disabled, false}, std::pair{ProfileState::Enabled, true}});

    // put_profile may not add a second enabled or fall-back profile; replacing the same ISD-P is fine.
    CHECK_THROWS_AS(inventory.put_profile(card_a, profile(isd_p_1, "8988211000000000001", ProfileState::Enabled)),
                    InventoryConflictError);
    CHECK_THROWS_AS(inventory.put_profile(card_a, profile(isd_p_1, "8988211000000000001", ProfileState::Disabled, true)),
                    InventoryConflictError);
    inventory.put_profile(card_a, profile(isd_p_2, "8988211000000000009", ProfileState::Enabled, true));
    CHECK(inventory.card(card_a)->profiles[1].iccid == "8988211000000000009");

    inventory.set_profile_state(card_a, isd_p_1, ProfileState::Deleted);
    CHECK(states() == std::vector{std::pair{ProfileState::Deleted, false}, std::pair{ProfileState::Enabled, true}});
    CHECK_THROWS_AS(inventory.set_fallback(card_a, isd_p_1), InventoryConflictError);

    CHECK_THROWS_AS(inventory.set_profile_state(card_a, "A0000005591010FFFFFFFF8900009900"_hex, ProfileState::Enabled),
                    UnknownCardError);
    CHECK_THROWS_AS(inventory.set_profile_state(card_b, isd_p_1, ProfileState::Enabled), UnknownCardError);
    CHECK_THROWS_AS(inventory.put_profile(card_b, profile(isd_p_1, "8988211000000000001", ProfileState::Created)),
                    UnknownCardError);
}

TEST_CASE("An SM-SR change replaces the keysets and the SM-SR in charge in one write", "[host][smsr][inventory]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
    Scp81Keyset fresh;
    fresh.kvn = 0x41;
    fresh.psk = SecretBytes("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex);
    fresh.dek = SecretBytes("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"_hex);

    SECTION("replace_keysets") {
        inventory.replace_keysets(card_a, std::vector<CardKeyset>{fresh}, "smsr-2.example.org");
        const auto keysets = inventory.keysets(card_a);
        REQUIRE(keysets.size() == 1);
        CHECK(scp81_of(keysets, 0x41).psk == fresh.psk);
        CHECK(inventory.card(card_a)->smsr_id == "smsr-2.example.org");
    }
    SECTION("update_keysets (the admin server's keysets_changed)") {
        const std::vector<std::uint8_t> removed{0x40};
        inventory.update_keysets(card_a, removed, std::vector<CardKeyset>{fresh});
        const auto keysets = inventory.keysets(card_a);
        REQUIRE(keysets.size() == 2);
        CHECK(kvn_of(keysets[0]) == 0x01);
        CHECK(scp81_of(keysets, 0x41).dek == fresh.dek);
        inventory.set_smsr(card_a, "smsr-2.example.org");
        CHECK(inventory.card(card_a)->smsr_id == "smsr-2.example.org");
    }
    SECTION("refused updates change nothing") {
        Scp81Keyset bad = fresh;
        bad.kvn = 0x50;
        CHECK_THROWS_AS(inventory.replace_keysets(card_a, std::vector<CardKeyset>{bad}, "smsr-2"), std::invalid_argument);
        CHECK_THROWS_AS(inventory.replace_keysets(card_a, std::vector<CardKeyset>{fresh, fresh}), std::invalid_argument);
        CHECK_THROWS_AS(inventory.replace_keysets(card_a, std::vector<CardKeyset>{fresh}, ""), std::invalid_argument);
        CHECK_THROWS_AS(inventory.replace_keysets(card_b, std::vector<CardKeyset>{fresh}), UnknownCardError);
        CHECK_THROWS_AS(inventory.set_smsr(card_b, "smsr-2"), UnknownCardError);
        CHECK(inventory.keysets(card_a).size() == 2);
        CHECK(inventory.card(card_a)->smsr_id == "euicc-host");
    }
}
