// SPDX-License-Identifier: Apache-2.0
// EIS CSV import: the RFC 4180 reader (euicc::csv), the manufacturer's columns, errors by line and column.
#include <catch2/catch.hpp>

#include <euicc/apdu/csv.hpp>
#include <euicc/host/smsr/inventory_csv.hpp>

#include "host/test_smsr_inventory_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::smsr;
using namespace euicc::host::smsr::test;
using euicc::host::Scp81Keyset;

namespace {

using Fields = std::vector<std::string>;

const std::filesystem::path sample_csv = std::filesystem::path(EUICC_SOURCE_DIR) / "tests" / "data" / "eis_sample.csv";

const std::string header = "eid,imsi,smsr_id,scp80_kvn,scp80_kic,scp80_kid,scp81_kvn,scp81_psk,scp81_dek\r\n";
const std::string kic = "404142434445464748494A4B4C4D4E4F";
const std::string kid = "505152535455565758595A5B5C5D5E5F";
const std::string psk = "707172737475767778797A7B7C7D7E7F";
const std::string dek = "808182838485868788898A8B8C8D8E8F";

std::string line(const std::string& eid, const std::string& imsi, const std::string& tail = "euicc-host,1," + kic +
                                                                                            "," + kid + ",40," + psk +
                                                                                            "," + dek) {
    return eid + "," + imsi + "," + tail + "\r\n";
}

/// The first line of a file with one good card on line 2.
const std::string good = header + line(card_a, "001010123456789");

struct Refusal {
    std::size_t line;
    std::string column;
    std::string message;
};

Refusal refusal(const std::string& text, const EisCsvOptions& options = {}) {
    try {
        (void)parse_eis_csv(text, options);
    } catch (const EisCsvError& e) {
        return Refusal{e.line(), e.column(), e.what()};
    }
    FAIL("accepted");
    return {};
}

} // namespace

TEST_CASE("CSV reader splits records as RFC 4180 describes", "[host][smsr][csv]") {
    const auto [text, expected] = GENERATE(table<std::string, std::vector<csv::Record>>({
        {"a,b\r\nc,d\r\n", {{1, {"a", "b"}}, {2, {"c", "d"}}}},
        {"a,b\nc,d", {{1, {"a", "b"}}, {2, {"c", "d"}}}}, // LF alone, no final line end
        {"\"a,b\",\"c\"\"d\"\n", {{1, {"a,b", "c\"d"}}}},
        {"\"multi\r\nline\",x\nnext\n", {{1, {"multi\r\nline", "x"}}, {3, {"next"}}}},
        {"a,\n,\n", {{1, {"a", ""}}, {2, {"", ""}}}},
        {"\n\na\r\n\r\nb", {{3, {"a"}}, {5, {"b"}}}}, // empty lines are no records
        {"\"\"\n", {{1, {""}}}},
        {"", {}},
        {" a , b ", {{1, {" a ", " b "}}}}, // no trimming
    }));
    CAPTURE(text);
    CHECK(csv::parse(text) == expected);
}

TEST_CASE("CSV reader names line and field of malformed input", "[host][smsr][csv]") {
    const auto [text, line_no, field, reason] = GENERATE(table<std::string, std::size_t, std::size_t, std::string>({
        {"a,b\"c\n", 1, 2, "quote inside an unquoted field"},
        {"a\n\"x\"y\n", 2, 1, "text after a closing quote"},
        {"a,b\nc,\"open\nmore", 2, 2, "quoted field is not closed"},
        {"a\rb", 1, 1, "carriage return without line feed"},
        {"a\n\"x\ny\" z", 3, 1, "text after a closing quote"},
    }));
    CAPTURE(text);
    try {
        (void)csv::parse(text);
        FAIL("accepted");
    } catch (const csv::CsvError& e) {
        CHECK(e.line() == line_no);
        CHECK(e.field() == field);
        CHECK(e.reason() == reason);
        CHECK_THAT(e.what(), Catch::StartsWith("CSV line " + std::to_string(line_no)));
    }
}

TEST_CASE("CSV records encode back to the same fields", "[host][smsr][csv]") {
    const Fields fields = GENERATE(Fields{"plain", "with,comma", "with \"quote\"", "two\r\nlines", ""}, Fields{""},
                                   Fields{"", ""}, Fields{"\n"});
    const std::string encoded = csv::encode_record(fields);
    const auto records = csv::parse(encoded + encoded);
    REQUIRE(records.size() == 2);
    CHECK(records[0].fields == fields);
    CHECK(records[1].fields == fields);
}

TEST_CASE("EIS CSV sample imports the lab cards", "[host][smsr][csv]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    CHECK(import_eis_csv_file(inventory, sample_csv) == 3);
    const auto a = inventory.card(card_a);
    REQUIRE(a);
    CHECK(a->isd_r_aid == Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end()));
    CHECK(a->isd_r_tar.value() == 0);
    CHECK(a->smsr_id == "euicc-host");
    CHECK(a->identities == std::vector{make_identity(IdentityType::Imsi, "001010123456789"),
                                       make_identity(IdentityType::Msisdn, "15550123001"),
                                       make_identity(IdentityType::Impu,
                                                     "sip:001010123456789@ims.mnc001.mcc001.3gppnetwork.org"),
                                       make_identity(IdentityType::Impi,
                                                     "001010123456789@ims.mnc001.mcc001.3gppnetwork.org")});
    const auto keysets = inventory.keysets(card_a);
    REQUIRE(keysets.size() == 2);
    const auto& ota = std::get<scp80::Keyset>(keysets[0]);
    CHECK(ota.kvn == 1);
    CHECK(ota.kic_key == SecretBytes(from_hex(kic)));
    CHECK(ota.kid_key == SecretBytes(from_hex(kid)));
    const auto& admin = std::get<Scp81Keyset>(keysets[1]);
    CHECK(admin.kvn == 0x40);
    CHECK(admin.psk == SecretBytes(from_hex(psk)));
    CHECK(admin.dek == SecretBytes(from_hex(dek)));

    CHECK(inventory.eid_of(make_identity(IdentityType::Impu, "tel:+15550123002")) == card_b);
    // Card C: SCP81 only, an IMSI only.
    CHECK(inventory.identities_of(card_c).size() == 1);
    REQUIRE(inventory.keysets(card_c).size() == 1);
    CHECK(kind_of(inventory.keysets(card_c).front()) == KeysetKind::Scp81);
}

TEST_CASE("EIS CSV accepts any column order, case, a BOM, blanks and a default SM-SR", "[host][smsr][csv]") {
    const std::string text = "\xEF\xBB\xBF"
                             " SCP81_PSK ,EID,Imsi,scp81_kvn\n" +
                             psk + ", " + card_b + " ,001010123456790,40\n";
    const auto cards = parse_eis_csv(text, EisCsvOptions{"inline", "smsr.example.org"});
    REQUIRE(cards.size() == 1);
    CHECK(cards[0].card.eid == card_b);
    CHECK(cards[0].card.smsr_id == "smsr.example.org");
    CHECK(cards[0].card.isd_r_aid == Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end()));
    REQUIRE(cards[0].keysets.size() == 1);
    CHECK(std::get<Scp81Keyset>(cards[0].keysets[0]).dek.empty());
    CHECK(parse_eis_csv(header).empty()); // a header alone: no cards
}

TEST_CASE("EIS CSV refusals name the line and column, never a key", "[host][smsr][csv]") {
    const auto [text, line_no, column, says] = GENERATE_COPY(table<std::string, std::size_t, std::string, std::string>({
        {"eid,colour\n", 1, "field 2", "unknown column \"colour\""},
        {line(card_a, "001010123456789"), 1, "field 1", "unknown column"}, // no header row
        {"eid,imsi,EID\n", 1, "field 3", "named twice"},
        {"imsi,smsr_id\n", 1, "", "no eid column"},
        {"", 1, "", "no header row"},
        {good + line("89049032123451234512345678901234", "001010123456790"), 3, "eid", "not a valid EID"},
        {good + line(card_b, "00101A"), 3, "imsi", "not a valid IMSI (expected 6..15 decimal digits)"},
        {good + line(card_b, "001010123456790", "euicc-host,x1," + kic + "," + kid + ",,,"), 3, "scp80_kvn", "1 or 2 hex"},
        {good + line(card_b, "001010123456790", "euicc-host,10," + kic + "," + kid + ",,,"), 3, "scp80_kvn", "01..0F"},
        {good + line(card_b, "001010123456790", "euicc-host,1,40414243zz45464748494A4B4C4D4E4F," + kid + ",,,"), 3,
         "scp80_kic", "not hex (not a hex digit at position 9)"},
        {good + line(card_b, "001010123456790", "euicc-host,1," + kic + ",,,,"), 3, "scp80_kid", "missing"},
        {good + line(card_b, "001010123456790", "euicc-host,,,,40," + psk.substr(0, 16) + ","), 3, "scp81_psk",
         "a key of 8 bytes, expected 16..64"},
        {good + line(card_b, "001010123456790", "euicc-host,,,,40," + psk + "," + dek + "00"), 3, "scp81_dek",
         "a key of 17 bytes"},
        {good + line(card_b, "001010123456790", "euicc-host,,,,4F," + psk + ",," + "extra"), 3, "", "10 fields, the header has 9"},
        {good + line(card_b, "001010123456790", "euicc-host,,"), 3, "", "5 fields, the header has 9"},
        {good + line(card_a, "001010123456790"), 3, "eid", "EID " + card_a + " repeats line 2"},
        {good + line(card_b, "001010123456789"), 3, "imsi", "IMSI 001010123456789 repeats line 2"},
        {good + line(card_b, "001010123456790", ",,,,,,"), 3, "smsr_id", "no SM-SR in charge"},
        {good + card_b + ",0010\"10,\r\n", 3, "field 2", "quote inside an unquoted field"},
        {good + card_b + ",\"0010,\r\n" + line(card_c, "001010123456791"), 3, "field 2", "quoted field is not closed"},
        {"eid,tar\n" + card_a + ",0000\n", 2, "tar", "2 bytes, expected 3"},
    }));
    CAPTURE(text);
    const Refusal r = refusal(text);
    CHECK(r.line == line_no);
    CHECK(r.column == column);
    CHECK_THAT(r.message, Catch::Contains(says));
    CHECK_THAT(r.message, Catch::StartsWith("EIS CSV: line " + std::to_string(line_no)));
    for (const std::string& key : {kic, kid, psk, dek}) {
        CHECK_THAT(r.message, !Catch::Contains(key.substr(0, 8)));
    }
}

TEST_CASE("EIS CSV import is all or nothing", "[host][smsr][csv]") {
    InventoryFile file;
    SqliteInventory inventory = file.open();
    SECTION("a bad line leaves the whole file out") {
        const std::string text = good + line(card_b, "001010123456790") + line(card_c, "not an IMSI");
        CHECK_THROWS_AS(import_eis_csv(inventory, text), EisCsvError);
        CHECK_FALSE(inventory.card(card_a));
        CHECK_FALSE(inventory.card(card_b));
    }
    SECTION("a card already in the inventory is reported at its line, and the file stays out") {
        CHECK(import_eis_csv(inventory, header + line(card_a, "001010123456789")) == 1);
        const std::string text = header + line(card_b, "001010123456790") + line(card_c, "001010123456789");
        try {
            import_eis_csv(inventory, text, EisCsvOptions{"batch-7.csv", ""});
            FAIL("accepted");
        } catch (const EisCsvError& e) {
            CHECK(e.line() == 3);
            CHECK(e.column() == "imsi");
            CHECK_THAT(e.what(), Catch::StartsWith("batch-7.csv: line 3, column imsi:") &&
                                     Catch::Contains("already belongs to EID " + card_a));
        }
        CHECK_FALSE(inventory.card(card_b));
        CHECK(inventory.card(card_a));
    }
}
