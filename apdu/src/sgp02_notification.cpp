// SPDX-License-Identifier: Apache-2.0
// SGP.02 notifications (spec/sgp02.md §4.11 HandleDefaultNotification, §4.12 HandleNotificationConfirmation):
// the E1 payload with COMPREHENSION-TLV elements (TS 101 220 §7.1.1, CR bit allowed) and DGI 3A08.
#include <euicc/apdu/sgp02.hpp>

#include <euicc/apdu/comprehension_tlv.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/error.hpp>

#include "gp_command.hpp"
#include "tlv_length.hpp"
#include "tlv_locate.hpp"

namespace euicc::sgp02 {

namespace {

constexpr const char* context = "notification";
constexpr std::uint8_t tag_notification = 0xE1;
// Comprehension tags without the CR bit (njiwa accepts 2F|AF, 14|94, 6D|ED).
constexpr std::uint16_t tag_eid = 0x4C;
constexpr std::uint16_t tag_type = 0x4D;
constexpr std::uint16_t tag_sequence = 0x4E;
constexpr std::uint16_t tag_aid = 0x2F;
constexpr std::uint16_t tag_imei = 0x14;
constexpr std::uint16_t tag_meid = 0x6D;

constexpr ber::Tag tag_confirmation_sequence = 0x4E;
constexpr ber::Tag tag_deleted_list = 0x80;
constexpr ber::Tag tag_isdp_aid = 0x4F;

Bytes sequence_bytes(std::uint16_t sequence) {
    return Bytes{static_cast<std::uint8_t>(sequence >> 8), static_cast<std::uint8_t>(sequence)};
}

// The whole body is parsed first, so an object's offset is the sum of the encoded sizes before it.
std::size_t encoded_size(const ctlv::Tlv& object) { return ctlv::encode(object).size(); }

} // namespace

std::string_view to_string(NotificationType type) noexcept {
    switch (type) {
    case NotificationType::EuiccDeclaration:
        return "eUICC declaration";
    case NotificationType::ProfileChangeSucceeded:
        return "profile change succeeded";
    case NotificationType::ProfileChangeFailedRolledBack:
        return "profile change failed and rolled back";
    case NotificationType::Void:
        return "void";
    case NotificationType::ProfileChangeAfterFallback:
        return "profile change after fall-back";
    }
    return "unknown notification type";
}

Notification parse_notification(ByteView data) {
    ByteReader r(data, context);
    if (r.u8() != tag_notification) {
        r.fail_at(0, "expected E1");
    }
    const ber::detail::Length length = ber::detail::read_length(r, false, false);
    const std::size_t body_at = r.offset();
    const ByteView body = r.take(length.value);
    r.expect_end();
    const std::vector<ctlv::Tlv> objects = ber::detail::parse_shifted(body_at, [&] { return ctlv::parse_all(body); });

    Notification out;
    bool have_eid = false;
    bool have_type = false;
    bool have_sequence = false;
    std::size_t at = body_at;
    for (const ctlv::Tlv& object : objects) {
        const std::size_t size = encoded_size(object);
        const std::size_t value_at = at + size - object.value.size();
        const auto need_size = [&](std::size_t expected) {
            if (object.value.size() != expected) {
                throw CodecError(context, at, "object " + to_hex(Bytes{static_cast<std::uint8_t>(object.tag)}) + " of " +
                                                  std::to_string(object.value.size()) + " bytes, expected " +
                                                  std::to_string(expected));
            }
        };
        switch (object.tag) {
        case tag_eid:
            out.eid = ber::detail::parse_shifted(value_at, [&] { return apdu::eid_from_bytes(object.value); });
            have_eid = true;
            break;
        case tag_type:
            need_size(1);
            out.type = static_cast<NotificationType>(object.value[0]);
            have_type = true;
            break;
        case tag_sequence:
            need_size(2);
            out.sequence = static_cast<std::uint16_t>((object.value[0] << 8) | object.value[1]);
            have_sequence = true;
            break;
        case tag_aid:
            if (object.value.size() < gp::detail::min_aid || object.value.size() > gp::detail::max_aid) {
                throw CodecError(context, at, "AID of " + std::to_string(object.value.size()) + " bytes");
            }
            out.isdp_aid = object.value;
            break;
        case tag_imei:
            out.imei = object.value;
            break;
        case tag_meid:
            out.meid = object.value;
            break;
        default:
            break; // later SGP.02 versions may add objects; they do not change the ones above
        }
        at += size;
    }
    if (!have_eid || !have_type || !have_sequence) {
        throw CodecError(context, 0, std::string("E1 without ") + (!have_eid ? "4C (EID)" : !have_type ? "4D (type)" : "4E (sequence number)"));
    }
    return out;
}

Bytes encode_notification(const Notification& notification) {
    std::vector<ctlv::Tlv> objects;
    objects.push_back({tag_eid, false, apdu::eid_to_bytes(notification.eid), false});
    objects.push_back({tag_type, false, Bytes{static_cast<std::uint8_t>(notification.type)}, false});
    objects.push_back({tag_sequence, false, sequence_bytes(notification.sequence), false});
    if (notification.isdp_aid) {
        gp::detail::check_aid(*notification.isdp_aid, "notification");
        objects.push_back({tag_aid, false, *notification.isdp_aid, false});
    }
    if (notification.imei) {
        objects.push_back({tag_imei, false, *notification.imei, false});
    }
    if (notification.meid) {
        objects.push_back({tag_meid, false, *notification.meid, false});
    }
    return ber::encode(tag_notification, ctlv::encode_all(objects));
}

CommandApdu notification_confirmation(std::uint16_t sequence) {
    const Bytes payload =
        gp::encode_dgi(dgi::notification_confirmation, ber::encode(tag_confirmation_sequence, sequence_bytes(sequence)));
    // §4.12: P1 89 = last block, DGI, response data expected (the list of deleted ISD-Ps).
    return gp::store_data(payload, 0, true, {gp::DataStructure::Dgi, gp::DataEncryption::None, true});
}

std::uint16_t parse_notification_confirmation(ByteView store_data_payload) {
    constexpr const char* store_data_context = "ISD-R STORE DATA";
    const std::vector<gp::Dgi> dgis = gp::parse_dgis(store_data_payload);
    if (dgis.size() != 1 || dgis[0].tag != dgi::notification_confirmation) {
        throw CodecError(store_data_context, 0, "expected one DGI 3A08");
    }
    const std::size_t value_at = store_data_payload.size() - dgis[0].value.size();
    const auto tlvs = ber::detail::parse_located(dgis[0].value, {}, value_at);
    if (tlvs.size() != 1 || tlvs[0].tlv.tag != tag_confirmation_sequence || tlvs[0].tlv.value.size() != 2) {
        throw CodecError(store_data_context, value_at, "expected 4E 02 <sequence number>");
    }
    const Bytes& v = tlvs[0].tlv.value;
    return static_cast<std::uint16_t>((v[0] << 8) | v[1]);
}

std::vector<Bytes> parse_notification_confirmation_response(ByteView data) {
    constexpr const char* response_context = "notification confirmation";
    std::vector<Bytes> out;
    if (data.empty()) {
        return out;
    }
    const auto top = ber::detail::parse_located(data);
    if (top.size() != 1 || top[0].tlv.tag != tag_deleted_list) {
        throw CodecError(response_context, 0, "expected one 80 list of deleted ISD-Ps");
    }
    // 80 is a primitive tag, so its content (4F objects) is parsed here rather than by the BER parser.
    for (const auto& item : ber::detail::parse_located(top[0].tlv.value, {}, top[0].value_offset)) {
        if (item.tlv.tag != tag_isdp_aid) {
            throw CodecError(response_context, item.offset, "expected 4F, got " + gp::detail::tag_name(item.tlv.tag));
        }
        out.push_back(item.tlv.value);
    }
    return out;
}

Bytes encode_notification_confirmation_response(const std::vector<Bytes>& deleted_isdps) {
    if (deleted_isdps.empty()) {
        return {};
    }
    Bytes list;
    for (const Bytes& aid : deleted_isdps) {
        gp::detail::check_aid(aid, "notification confirmation");
        append(list, ber::encode(tag_isdp_aid, aid));
    }
    return ber::encode(tag_deleted_list, list);
}

} // namespace euicc::sgp02
