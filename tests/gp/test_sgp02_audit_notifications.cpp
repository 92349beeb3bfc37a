// SPDX-License-Identifier: Apache-2.0
// Tests for the SGP.02 eUICCCapabilityAudit commands and ISD-P status reading (spec/sgp02.md §4.5), notifications
// (§4.11) and their confirmation (§4.12).
#include <catch2/catch.hpp>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using gp_test::hex;
using gp_test::isdp_aid;

namespace {

gp::RegistryEntry entry(const Bytes& aid, std::uint8_t lcs, std::vector<ber::Tlv> other = {}) {
    gp::RegistryEntry e;
    e.aid = aid;
    e.life_cycle = lcs;
    e.other = std::move(other);
    return e;
}

const std::string eid = "89049032123451234512345678901235"; // pySim test_euicc valid EID

} // namespace

TEST_CASE("SGP.02 audit commands (njiwa AuditEISTransaction)", "[sgp02]") {
    CHECK(hex(sgp02::audit_isdp(isdp_aid)) == "80F2400212" "4F10A0000005591010FFFFFFFF8900001300" "00");
    CHECK(hex(sgp02::audit_isdps()) == "80F240020E4F0CA0000005591010FFFFFFFF8900");
    CHECK(hex(sgp02::audit_card_resources()) == "80CAFF2100");
    CHECK(hex(sgp02::audit_ecasd_certificate()) == "80CABF30045C027F2100");
}

TEST_CASE("SGP.02 audit: ISD-P status from GET STATUS entries", "[sgp02]") {
    const std::vector<gp::RegistryEntry> entries{
        entry(Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end()), 0x0F),
        entry(Bytes(apdu::aid::ecasd.begin(), apdu::aid::ecasd.end()), 0x0F),
        entry(Bytes(sgp02::isdp_load_file_aid.begin(), sgp02::isdp_load_file_aid.end()), 0x01),
        entry(sgp02::isdp_aid(0x11), 0x3F, {ber::Tlv{0x53, "01"_hex, {}, false}, ber::Tlv{0x8F, "8000"_hex, {}, false},
                                            ber::Tlv{0x91, "012345"_hex, {}, false}}),
        entry(isdp_aid, 0x1F),
        entry(sgp02::isdp_aid(0x12), 0x07),
        entry("A000000151000000"_hex, 0x0F), // an MNO-SD: not a platform AID
    };
    const auto isdps = sgp02::isdp_statuses(entries);
    REQUIRE(isdps.size() == 3);
    CHECK(isdps[0].aid == sgp02::isdp_aid(0x11));
    CHECK(isdps[0].state == sgp02::ProfileState::Enabled);
    CHECK(isdps[0].fallback);
    CHECK(isdps[0].granted_memory == 0x8000U);
    CHECK(isdps[0].remaining_memory == 0x012345U);
    CHECK(isdps[1].state == sgp02::ProfileState::Disabled);
    CHECK_FALSE(isdps[1].fallback);
    CHECK_FALSE(isdps[1].granted_memory);
    CHECK(isdps[2].state == sgp02::ProfileState::Created);
    CHECK_FALSE(sgp02::isdp_status(entry(isdp_aid, 0x55)).state.has_value());
    CHECK_CODEC_ERROR(sgp02::isdp_status(entry(isdp_aid, 0x1F, {ber::Tlv{0x53, {}, {}, false}})), "ISD-P status", 0);
    CHECK_CODEC_ERROR(sgp02::isdp_status(entry(isdp_aid, 0x1F, {ber::Tlv{0x91, "0102030405"_hex, {}, false}})),
                      "ISD-P status", 0);
}

TEST_CASE("SGP.02 notification: encode and parse back", "[sgp02]") {
    sgp02::Notification n;
    n.eid = eid;
    n.type = sgp02::NotificationType::ProfileChangeSucceeded;
    n.sequence = 0x0107;
    n.isdp_aid = isdp_aid;
    const Bytes encoded = sgp02::encode_notification(n);
    CHECK(to_hex(encoded) == "E12B" "4C1089049032123451234512345678901235" "4D0102" "4E020107"
                             "2F10A0000005591010FFFFFFFF8900001300");
    CHECK(sgp02::parse_notification(encoded) == n);
    n.isdp_aid.reset();
    n.imei = "3512340000000010"_hex;
    n.meid = "A0000000000001"_hex;
    n.type = sgp02::NotificationType::EuiccDeclaration;
    CHECK(sgp02::parse_notification(sgp02::encode_notification(n)) == n);
    CHECK(sgp02::to_string(sgp02::NotificationType::ProfileChangeAfterFallback) == "profile change after fall-back");
}

TEST_CASE("SGP.02 notification: comprehension-required tags AF/94/ED and unknown objects", "[sgp02]") {
    const Bytes data = "E1" "38" "CC1089049032123451234512345678901235" "4D0103" "4E020001"
                       "AF10A0000005591010FFFFFFFF8900001300" "9408" "3512340000000010" "7E0100"_hex;
    const sgp02::Notification n = sgp02::parse_notification(data);
    CHECK(n.eid == eid);
    CHECK(n.type == sgp02::NotificationType::ProfileChangeFailedRolledBack);
    CHECK(n.sequence == 1);
    CHECK(n.isdp_aid == isdp_aid);
    CHECK(n.imei == "3512340000000010"_hex);
    CHECK_FALSE(n.meid);
}

TEST_CASE("SGP.02 notification: malformed payloads", "[sgp02]") {
    const std::string eid_object = "4C1089049032123451234512345678901235";
    CHECK_CODEC_ERROR(sgp02::parse_notification(from_hex("E219" + eid_object + "4D0102" "4E020001")), "notification", 0);
    CHECK_CODEC_ERROR(sgp02::parse_notification(from_hex("E115" + eid_object + "4D0102")), "notification", 0); // no seq
    CHECK_CODEC_ERROR(sgp02::parse_notification(from_hex("E118" + eid_object + "4D0102" "4E0101")), "notification", 23);
    CHECK_CODEC_ERROR(sgp02::parse_notification(from_hex("E11A" + eid_object + "4D020102" "4E020001")), "notification", 20);
    // An EID digit A (offset 4 + 15 in the payload).
    CHECK_CODEC_ERROR(sgp02::parse_notification("E1194C10890490321234512345123456789012A54D01024E020001"_hex), "EID", 19);
    CHECK_CODEC_ERROR(sgp02::parse_notification("E1044D01024E"_hex), "COMPREHENSION-TLV", 6);
    CHECK_CODEC_ERROR(sgp02::parse_notification("E1FF"_hex), "notification", 1);
    CHECK_CODEC_ERROR(sgp02::parse_notification(from_hex("E119" + eid_object + "4D0102" "4E020001" "00")), "notification", 27);
}

TEST_CASE("SGP.02 HandleNotificationConfirmation", "[sgp02]") {
    // spec/sgp02.md §4.12 writes Lc 06, but 3A08 04 4E 02 <seq> is 7 bytes.
    const apdu::CommandApdu cmd = sgp02::notification_confirmation(0x0107);
    CHECK(hex(cmd) == "80E28900073A08044E02010700");
    CHECK(sgp02::parse_notification_confirmation(cmd.data()) == 0x0107);
    CHECK_CODEC_ERROR(sgp02::parse_notification_confirmation("3A08034E0101"_hex), "ISD-R STORE DATA", 3);
    CHECK_CODEC_ERROR(sgp02::parse_notification_confirmation("3A03044E020107"_hex), "ISD-R STORE DATA", 0);

    const std::vector<Bytes> deleted{isdp_aid, sgp02::isdp_aid(0x11)};
    const Bytes response = sgp02::encode_notification_confirmation_response(deleted);
    CHECK(to_hex(response) == "8024" "4F10A0000005591010FFFFFFFF8900001300" "4F10A0000005591010FFFFFFFF8900001100");
    CHECK(sgp02::parse_notification_confirmation_response(response) == deleted);
    CHECK(sgp02::parse_notification_confirmation_response(Bytes{}).empty());
    CHECK(sgp02::encode_notification_confirmation_response({}).empty());
    CHECK_CODEC_ERROR(sgp02::parse_notification_confirmation_response("81024F00"_hex), "notification confirmation", 0);
    CHECK_CODEC_ERROR(sgp02::parse_notification_confirmation_response("80035A01AA"_hex), "notification confirmation", 2);
    CHECK_CODEC_ERROR(sgp02::parse_notification_confirmation_response("80034F05AA"_hex), "BER-TLV", 3);
}
