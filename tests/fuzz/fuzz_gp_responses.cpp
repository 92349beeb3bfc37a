// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the GlobalPlatform (GPCS v2.3.1 §11) and SGP.02 response/payload parsers; parsed values that
// have an encoder re-encode to bytes that parse back to the same value.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace gp = euicc::gp;
namespace sgp02 = euicc::sgp02;

namespace {

void get_status(euicc::ByteView raw) {
    const auto entries = gp::parse_get_status(raw);
    // The pager accepts the same page (as a last one) and holds exactly its entries.
    gp::GetStatusPager pager(gp::StatusScope::Applications);
    require(!pager.add(euicc::apdu::ResponseApdu(euicc::Bytes(raw.begin(), raw.end()), euicc::apdu::sw::ok)));
    require(pager.entries() == entries);
    for (const auto& status : sgp02::isdp_statuses(entries)) {
        require(status.aid.size() == 16);
    }
}

void notification(euicc::ByteView raw) {
    const sgp02::Notification n = sgp02::parse_notification(raw);
    require(n.eid.size() == 32);
    if (!euicc::apdu::eid_is_valid(n.eid)) {
        return; // the encoder only writes valid EIDs
    }
    require(sgp02::parse_notification(sgp02::encode_notification(n)) == n);
}

void confirmation_response(euicc::ByteView raw) {
    const auto deleted = sgp02::parse_notification_confirmation_response(raw);
    try {
        require(sgp02::parse_notification_confirmation_response(sgp02::encode_notification_confirmation_response(deleted)) ==
                deleted);
    } catch (const std::invalid_argument&) {
        // an AID outside 5..16 bytes: parsed as given, but the card-side encoder refuses it
    }
}

void dgis(euicc::ByteView raw) {
    euicc::Bytes encoded;
    for (const gp::Dgi& d : gp::parse_dgis(raw)) {
        euicc::append(encoded, gp::encode_dgi(d.tag, d.value));
    }
    require(encoded == euicc::Bytes(raw.begin(), raw.end())); // one length encoding per value
}

void put_key(euicc::ByteView raw) {
    const gp::PutKeyCommand cmd = gp::parse_put_key(euicc::apdu::CommandApdu::parse(raw));
    static const euicc::Bytes dek(16, 0x42);
    for (const auto& key : cmd.keys) {
        try {
            const euicc::SecretBytes clear = gp::decrypt_key(key, dek);
            require(clear.size() == 16 || clear.size() == 24 || clear.size() == 32);
        } catch (const euicc::Error&) {
        }
    }
}

void store_data_payloads(euicc::ByteView raw) {
    for (const std::uint16_t dgi : {sgp02::dgi::enable_profile, sgp02::dgi::disable_profile}) {
        try {
            const euicc::Bytes aid = sgp02::parse_profile_target(raw, dgi);
            require(aid.size() >= 5 && aid.size() <= 16);
        } catch (const euicc::Error&) {
        }
    }
    try {
        sgp02::parse_smsr_addressing_parameters(raw);
    } catch (const euicc::Error&) {
    }
    sgp02::parse_notification_confirmation(raw);
}

} // namespace

// Input: one selector byte, then the bytes for the parser it picks.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const euicc::ByteView raw(data + 1, size - 1);
    try {
        switch (data[0] % 12) {
        case 0:
            get_status(raw);
            break;
        case 1:
            gp::parse_select_response(raw);
            break;
        case 2:
            gp::parse_key_information(raw);
            break;
        case 3:
            gp::parse_card_resources(raw);
            break;
        case 4:
            notification(raw);
            break;
        case 5:
            confirmation_response(raw);
            break;
        case 6: {
            const gp::PutKeyResponse r = gp::parse_put_key_response(raw);
            require(1 + 3 * r.check_values.size() == raw.size());
            break;
        }
        case 7:
            dgis(raw);
            break;
        case 8: {
            const euicc::Bytes confirmation = gp::parse_confirmation(raw);
            require(raw.empty() || confirmation.size() + 1 == raw.size());
            break;
        }
        case 9:
            put_key(raw);
            break;
        case 10:
            sgp02::parse_key_establishment_response(raw);
            sgp02::parse_random_challenge(raw);
            break;
        default:
            store_data_payloads(raw);
            break;
        }
    } catch (const euicc::Error&) {
    }
    return 0;
}
