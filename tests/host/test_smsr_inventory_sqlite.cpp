// SPDX-License-Identifier: Apache-2.0
// SqliteInventory: WAL, versioned schema, keysets sealed at rest (AES-256-GCM, row-bound AAD), master key,
// concurrent writers, reopening.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cstdlib>
#include <thread>

#include <euicc/apdu/scp80_key_file.hpp>
#include <euicc/host/smsr/inventory_sqlite.hpp>

#include "host/test_smsr_inventory_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::smsr;
using namespace euicc::host::smsr::test;
using euicc::host::Scp81Keyset;

namespace {

/// Runs `sql` on the file with a connection of its own (the way an attacker with the file would).
void tamper(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    INFO((error != nullptr ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

/// The database file and its WAL, as one string of bytes.
std::string raw_storage(const std::filesystem::path& path) {
    return read_bytes(path) + read_bytes(path.string() + "-wal");
}

const std::vector<Bytes> lab_key_bytes{"404142434445464748494A4B4C4D4E4F"_hex, "505152535455565758595A5B5C5D5E5F"_hex,
                                       "707172737475767778797A7B7C7D7E7F"_hex, "808182838485868788898A8B8C8D8E8F"_hex};

} // namespace

TEST_CASE("SqliteInventory uses a WAL journal and records its schema version", "[host][smsr][inventory]") {
    InventoryFile file;
    {
        SqliteInventory inventory = file.open();
        inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
        CHECK(std::filesystem::exists(file.path.string() + "-wal"));
    }
    // SQLite file header bytes 18 and 19 (write/read format version) are 2 in WAL mode (sqlite.org/fileformat2).
    const std::string header = read_bytes(file.path).substr(0, 20);
    REQUIRE(header.size() == 20);
    CHECK(header.substr(0, 16) == std::string("SQLite format 3\0", 16));
    CHECK(header[18] == 2);
    CHECK(header[19] == 2);

    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.path.string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT max(version), count(*) FROM schema_migrations", -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    CHECK(sqlite3_column_int(stmt, 0) == SqliteInventory::schema_version());
    CHECK(sqlite3_column_int(stmt, 1) == SqliteInventory::schema_version());
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

TEST_CASE("SqliteInventory refuses a schema from a newer build and files that are no database",
          "[host][smsr][inventory]") {
    InventoryFile file;
    { SqliteInventory inventory = file.open(); }
    tamper(file.path, "INSERT INTO schema_migrations (version, description) VALUES (" +
                          std::to_string(SqliteInventory::schema_version() + 1) + ", 'from the future')");
    CHECK_THROWS_WITH(file.open(), Catch::Contains("is newer than this build"));

    const auto not_a_db = file.dir.path() / "text.db";
    std::ofstream(not_a_db) << std::string(4096, 'x');
    CHECK_THROWS_AS(SqliteInventory(not_a_db, master_key()), InventoryStorageError);
    CHECK_THROWS_AS(SqliteInventory(file.dir.path() / "missing-dir" / "x.db", master_key()), InventoryStorageError);
}

TEST_CASE("SqliteInventory keeps its data across close and reopen", "[host][smsr][inventory]") {
    InventoryFile file;
    {
        SqliteInventory inventory = file.open();
        inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
        inventory.put_profile(card_a, ProfileRecord{"A0000005591010FFFFFFFF8900001000"_hex, "8988211000000000001",
                                                    ProfileState::Enabled, true});
        inventory.set_smsr(card_a, "smsr-2.example.org");
    }
    SqliteInventory reopened = file.open();
    const auto info = reopened.card(card_a);
    REQUIRE(info);
    CHECK(info->smsr_id == "smsr-2.example.org");
    REQUIRE(info->profiles.size() == 1);
    CHECK(info->profiles[0].state == ProfileState::Enabled);
    CHECK(reopened.keysets(card_a).size() == 2);
    CHECK(reopened.eid_of(make_identity(IdentityType::Imsi, "001010123456789")) == card_a);
}

TEST_CASE("SqliteInventory stores no key bytes in the clear", "[host][smsr][inventory]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
    const std::string raw = raw_storage(file.path);
    // The control: what is not secret is there in the clear, so the search does look at the data.
    REQUIRE(contains(raw, std::string_view(card_a)));
    REQUIRE(contains(raw, ByteView(apdu::aid::isd_r)));
    for (const Bytes& key : lab_key_bytes) {
        CAPTURE(to_hex(key));
        CHECK_FALSE(contains(raw, ByteView(key)));
        CHECK_FALSE(contains(raw, std::string_view(to_hex(key))));
        CHECK_FALSE(contains(raw, ByteView(key).first(8))); // nor half of one
    }
    // Nor is the master key.
    CHECK_FALSE(contains(raw, ByteView(Bytes(16, 0xA5))));
    // Owner-only, like a key file.
    const auto perms = std::filesystem::status(file.path).permissions();
    CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
          std::filesystem::perms::none);
}

TEST_CASE("SqliteInventory refuses another master key without naming either", "[host][smsr][inventory]") {
    InventoryFile file;
    { file.open(0xA5).add_card(lab_card(card_a, "001010123456789", "15550123001")); }
    try {
        file.open(0x5A);
        FAIL("opened with the wrong master key");
    } catch (const MasterKeyMismatchError& e) {
        CHECK_THAT(e.what(), Catch::Contains(file.path.string()));
        CHECK_THAT(e.what(), !Catch::Contains("5A5A") && !Catch::Contains("A5A5"));
    }
    CHECK(file.open(0xA5).keysets(card_a).size() == 2);

    // Without its check value the file opens with any key, and the keysets still refuse it, naming the card.
    tamper(file.path, "DELETE FROM meta WHERE name = 'master_key_check'");
    SqliteInventory wrong = file.open(0x5A);
    CHECK(wrong.card(card_a));
    try {
        (void)wrong.keysets(card_a);
        FAIL("decrypted under the wrong master key");
    } catch (const KeysetIntegrityError& e) {
        CHECK(e.eid() == card_a);
        CHECK_THAT(e.what(), Catch::Contains(card_a) && !Catch::Contains("5A5A") && !Catch::Contains("4041"));
    }
}

TEST_CASE("A sealed keyset moved to another card or altered does not decrypt", "[host][smsr][inventory]") {
    InventoryFile file;
    {
        SqliteInventory inventory = file.open();
        inventory.add_card(lab_card(card_a, "001010123456789", "15550123001"));
        auto b = lab_card(card_b, "001010123456790", "15550123002");
        std::get<Scp81Keyset>(b.keysets.back()).psk = SecretBytes("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex);
        inventory.add_card(b);
    }
    SECTION("card A's SCP81 row copied onto card B (the same KVN)") {
        tamper(file.path, "UPDATE keysets SET (nonce, ciphertext, tag) = (SELECT nonce, ciphertext, tag FROM keysets"
                          " WHERE eid = '" + card_a + "' AND kvn = 64) WHERE eid = '" + card_b + "' AND kvn = 64");
        SqliteInventory inventory = file.open();
        CHECK(inventory.keysets(card_a).size() == 2);
        try {
            (void)inventory.keysets(card_b);
            FAIL("a swapped row decrypted");
        } catch (const KeysetIntegrityError& e) {
            CHECK(e.eid() == card_b);
            CHECK(e.kvn() == 0x40);
            CHECK_THAT(e.what(), Catch::Contains(card_b) && Catch::Contains("keyset 40"));
            CHECK_THAT(e.what(), !Catch::Contains("7071") && !Catch::Contains("A0A1"));
        }
    }
    SECTION("a row renumbered to another KVN") {
        tamper(file.path, "UPDATE keysets SET kvn = 65 WHERE eid = '" + card_a + "' AND kvn = 64");
        CHECK_THROWS_AS(file.open().keysets(card_a), KeysetIntegrityError);
    }
    SECTION("an altered ciphertext byte") {
        tamper(file.path, "UPDATE keysets SET ciphertext = CAST(substr(ciphertext, 1, 3) ||"
                          " CASE WHEN substr(ciphertext, 4, 1) = x'FF' THEN x'00' ELSE x'FF' END ||"
                          " substr(ciphertext, 5) AS BLOB)"
                          " WHERE eid = '" + card_a + "' AND kvn = 1");
        CHECK_THROWS_AS(file.open().keysets(card_a), KeysetIntegrityError);
        CHECK(file.open().keysets(card_b).size() == 2); // other cards are unaffected
    }
}

TEST_CASE("SqliteInventory takes writes from several threads and connections", "[host][smsr][inventory]") {
    InventoryFile file;
    constexpr int per_thread = 20;
    const auto card_for = [](int thread, int i) {
        const std::string prefix = "8904903212345123451234" + std::to_string(100000 + thread * 1000 + i) + "00";
        const std::string imsi = "00101" + std::to_string(1000000000 + thread * 1000 + i);
        return lab_card(apdu::eid_with_check_digits(prefix.substr(0, 30)), imsi, "1555" + imsi.substr(8));
    };
    const auto writer = [&](Inventory& inventory, int thread) {
        for (int i = 0; i < per_thread; ++i) {
            inventory.add_card(card_for(thread, i));
            inventory.set_smsr(card_for(thread, i).card.eid, "smsr-" + std::to_string(thread));
        }
    };
    {
        // Two threads on one object (its mutex), and a third on a second connection to the same file (WAL locks
        // and the busy timeout).
        SqliteInventory shared = file.open();
        SqliteInventory second = file.open();
        std::thread t1([&] { writer(shared, 1); });
        std::thread t2([&] { writer(shared, 2); });
        std::thread t3([&] { writer(second, 3); });
        t1.join();
        t2.join();
        t3.join();
    }
    SqliteInventory inventory = file.open();
    for (int thread = 1; thread <= 3; ++thread) {
        for (int i = 0; i < per_thread; ++i) {
            const auto record = card_for(thread, i);
            const auto info = inventory.card(record.card.eid);
            REQUIRE(info);
            CHECK(info->smsr_id == "smsr-" + std::to_string(thread));
            CHECK(inventory.eid_of(record.card.identities.front()) == record.card.eid);
        }
    }
}

TEST_CASE("The master key comes from a file or an environment variable", "[host][smsr][inventory]") {
    euicc::test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir.path() / name, std::ios::binary) << text;
        return dir.path() / name;
    };
    const std::string hex = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
    const Bytes key = from_hex(hex);
    const InventoryMasterKey from_hex_file = InventoryMasterKey::from_file(write("hex", "  " + hex + "\n"));
    CHECK(std::equal(from_hex_file.view().begin(), from_hex_file.view().end(), key.begin(), key.end()));
    const InventoryMasterKey raw = InventoryMasterKey::from_file(write("raw", std::string(key.begin(), key.end())));
    CHECK(std::equal(raw.view().begin(), raw.view().end(), key.begin(), key.end()));

    const auto refused = [](auto&& load) {
        try {
            load();
        } catch (const scp80::KeyFileError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    // A 128-bit key in hex (32 printable bytes), a truncated key, bad digits: refused without echoing them.
    const std::string short_key = hex.substr(0, 32);
    CHECK_THAT(refused([&] { InventoryMasterKey::from_file(write("short", short_key)); }),
               Catch::Contains("64 hex digits") && !Catch::Contains(short_key));
    CHECK_THAT(refused([&] { InventoryMasterKey::from_file(write("bad", hex.substr(0, 62) + "zz")); }),
               Catch::Contains("hex digit") && !Catch::Contains(hex.substr(0, 16)));
    CHECK_THROWS_AS(InventoryMasterKey::from_file(dir.path() / "missing"), Error);

    ::setenv("EUICC_TEST_INVENTORY_KEY", hex.c_str(), 1);
    const InventoryMasterKey from_env = InventoryMasterKey::from_environment("EUICC_TEST_INVENTORY_KEY");
    CHECK(std::equal(from_env.view().begin(), from_env.view().end(), key.begin(), key.end()));
    ::unsetenv("EUICC_TEST_INVENTORY_KEY");
    CHECK_THAT(refused([] { InventoryMasterKey::from_environment("EUICC_TEST_INVENTORY_KEY"); }),
               Catch::Contains("EUICC_TEST_INVENTORY_KEY") && Catch::Contains("not set"));
    CHECK_THROWS_AS(InventoryMasterKey(SecretBytes(Bytes(16, 1))), std::invalid_argument);

    FixedRng rng(7);
    CHECK(InventoryMasterKey::generate(rng).view().size() == InventoryMasterKey::size);
}
