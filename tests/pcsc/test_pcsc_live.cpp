// SPDX-License-Identifier: Apache-2.0
// PC/SC end to end (hidden [.pcsc]): pcscd + vpcd slot 0 ("Virtual PCD 00 00") serving the virtual eUICC.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/error.hpp>
#include <euicc/transport/apdu_tracer.hpp>
#include <euicc/transport/pcsc.hpp>

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using euicc::apdu::CommandApdu;
using euicc::transport::PcscContext;
using euicc::transport::ReaderSelector;
using euicc::transport::ShareMode;

namespace {

const std::string k_reader = "Virtual PCD 00 00";

// SELECT by AID of the ECASD (A0000005591010FFFFFFFF8900000200, spec/sgp02.md platform table), Le = 00.
const Bytes k_select_ecasd = "00A4040010A0000005591010FFFFFFFF890000020000"_hex;
// GET DATA tag 5A from the ECASD: 5A 10 <EID, 32 digits in 16 bytes, SGP.02 §2.2.2> 9000.
const Bytes k_get_eid = "80CA005A00"_hex;

/// The EID the fixture's virtual eUICC was started with (its default test EID unless overridden).
Bytes expected_eid_response() {
    const char* env = std::getenv("EUICC_TEST_EID");
    const std::string eid = env != nullptr && *env != '\0' ? env : "89049032123451234512345678901235";
    Bytes expected = "5A10"_hex;
    append(expected, from_hex(eid));
    append(expected, "9000"_hex);
    return expected;
}

std::size_t index_of(const std::vector<transport::ReaderInfo>& readers, const std::string& name) {
    const auto it =
        std::find_if(readers.begin(), readers.end(), [&](const auto& r) { return r.name == name; });
    REQUIRE(it != readers.end());
    return static_cast<std::size_t>(it - readers.begin());
}

void check_reads_eid(transport::CardChannel& channel) {
    const auto select = channel.transmit(CommandApdu::parse(k_select_ecasd));
    REQUIRE(select.sw() == apdu::sw::ok);
    CHECK(to_hex(channel.transmit_raw(k_get_eid)) == to_hex(expected_eid_response()));
}

} // namespace

TEST_CASE("over pcscd: readers() lists the virtual reader with a card and an ATR", "[.pcsc]") {
    PcscContext context;
    const auto readers = context.readers();
    const auto& reader = readers.at(index_of(readers, k_reader));
    CHECK(reader.card_present);
    REQUIRE(reader.atr.size() >= 2);
    // TS is 3B (direct convention) or 3F (inverse), ISO 7816-3 §8.1.
    CHECK((reader.atr[0] == 0x3B || reader.atr[0] == 0x3F));
    CHECK((reader.event_state & 0x0020) != 0); // SCARD_STATE_PRESENT
    CHECK_FALSE(reader.exclusive);
}

TEST_CASE("over pcscd: select_reader by exact name, regex and index", "[.pcsc]") {
    PcscContext context;
    CHECK(context.select_reader(ReaderSelector::parse(k_reader)) == k_reader);
    CHECK(context.select_reader(ReaderSelector::parse("/PCD 00 00$/")) == k_reader);
    const std::size_t index = index_of(context.readers(), k_reader);
    CHECK(context.select_reader(ReaderSelector::parse(std::to_string(index))) == k_reader);
    // Any picks a reader that has a card.
    const std::string any = context.select_reader(ReaderSelector::any());
    const auto readers = context.readers();
    CHECK(readers.at(index_of(readers, any)).card_present);
}

TEST_CASE("over pcscd: a shared connection reads the EID from the ECASD", "[.pcsc]") {
    PcscContext context;
    const auto channel = context.connect(k_reader);
    CHECK(channel->reader() == k_reader);
    const auto readers = context.readers();
    CHECK(channel->atr() == readers.at(index_of(readers, k_reader)).atr);
    check_reads_eid(*channel);

    SECTION("the same through CardChannel::transmit with a CommandApdu") {
        const auto response = channel->transmit(CommandApdu(0x80, 0xCA, 0x00, 0x5A, {}, 256));
        CHECK(response.sw() == apdu::sw::ok);
        Bytes expected = expected_eid_response();
        expected.resize(expected.size() - 2);
        CHECK(to_hex(response.data()) == to_hex(expected));
    }
}

TEST_CASE("over pcscd: a channel keeps working after its PcscContext is destroyed", "[.pcsc]") {
    std::unique_ptr<transport::PcscChannel> channel;
    {
        PcscContext context;
        channel = context.connect(k_reader);
    }
    check_reads_eid(*channel);
}

TEST_CASE("over pcscd: an exclusive connection locks out others, and the error names the reader", "[.pcsc]") {
    PcscContext first;
    PcscContext second;
    {
        const auto exclusive = first.connect(k_reader, ShareMode::Exclusive);
        CHECK(second.readers().at(index_of(second.readers(), k_reader)).exclusive);
        for (const ShareMode mode : {ShareMode::Exclusive, ShareMode::Shared}) {
            try {
                second.connect(k_reader, mode);
                FAIL("second connection to an exclusively held card succeeded");
            } catch (const ReaderError& e) {
                CHECK(e.native_code() == 0x8010000B); // SCARD_E_SHARING_VIOLATION
                CHECK_THAT(e.what(), Catch::Contains("SCardConnect on reader '" + k_reader + "'") &&
                                         Catch::Contains("Sharing violation."));
            }
        }
        check_reads_eid(*exclusive);
    }
    // Released on destruction: the other context may now have it.
    const auto again = second.connect(k_reader, ShareMode::Exclusive);
    check_reads_eid(*again);
}

TEST_CASE("over pcscd: reset() and unpower() return and the card answers afterwards", "[.pcsc]") {
    PcscContext context;
    const auto channel = context.connect(k_reader);
    check_reads_eid(*channel);
    const Bytes atr = channel->atr();

    SECTION("warm reset") {
        channel->reset();
    }
    SECTION("cold reset") {
        channel->reset(true);
    }
    SECTION("unpower") {
        channel->unpower();
    }
    CHECK(channel->atr() == atr);
    check_reads_eid(*channel);
}

TEST_CASE("over pcscd: wait_for_card is true at once, wait_for_removal times out", "[.pcsc]") {
    PcscContext context;
    CHECK(context.wait_for_card(k_reader, 0ms));
    CHECK(context.wait_for_card(k_reader, 2000ms));
    CHECK_FALSE(context.wait_for_removal(k_reader, 0ms));
    CHECK_FALSE(context.wait_for_removal(k_reader, 200ms));
    CHECK_THROWS_AS(context.wait_for_card(k_reader, -1ms), std::invalid_argument);
}

TEST_CASE("over pcscd: an unknown reader is a ReaderError listing the available readers", "[.pcsc]") {
    PcscContext context;
    const std::string unknown = "No Such Reader 00 00";
    SECTION("connect") {
        try {
            context.connect(unknown);
            FAIL("connected to a reader that does not exist");
        } catch (const ReaderError& e) {
            CHECK(e.native_code() == 0x80100009); // SCARD_E_UNKNOWN_READER
            CHECK_THAT(e.what(),
                       Catch::StartsWith("SCardConnect on reader '" + unknown +
                                         "': Unknown reader specified. (0x80100009); available readers:") &&
                           Catch::Contains("'" + k_reader + "' (card)"));
        }
    }
    SECTION("select_reader") {
        CHECK_THROWS_MATCHES(context.select_reader(ReaderSelector::name(unknown)), ReaderError,
                             Catch::Predicate<std::exception>([&](const std::exception& e) {
                                 return std::string(e.what()).find("'" + k_reader + "'") != std::string::npos;
                             }));
    }
    SECTION("wait_for_card") {
        CHECK_THROWS_AS(context.wait_for_card(unknown, 100ms), ReaderError);
    }
}

TEST_CASE("over pcscd: an extended-length case 4 APDU passes end to end", "[.pcsc]") {
    PcscContext context;
    const auto channel = context.connect(k_reader);
    auto recorder = std::make_shared<transport::RecordingTracer>();
    channel->add_tracer(recorder);
    // INS 7E is defined by no ISO/ETSI/GP specification: the card answers 6D00 after reading all of it.
    const CommandApdu command(0x80, 0x7E, 0x00, 0x00, Bytes(300, 0xA5), 65536);
    REQUIRE(command.extended());
    const auto response = channel->transmit(command);
    CHECK(response.sw() == apdu::sw::ins_not_supported);
    CHECK(response.data().empty());
    const auto exchanges = recorder->exchanges();
    REQUIRE(exchanges.size() == 1);
    CHECK(exchanges[0].command.size() == 4 + 3 + 300 + 2); // header, 00 Lc Lc, data, Le Le
    CHECK(to_hex(exchanges[0].response) == "6D00");
}
