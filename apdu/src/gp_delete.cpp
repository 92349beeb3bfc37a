// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform DELETE per GPCS v2.3.1 §11.2: card content by AID (Table 11-22) and keys (Table 11-25).
#include <euicc/apdu/gp.hpp>

#include <stdexcept>

#include "gp_command.hpp"

namespace euicc::gp {

namespace {

constexpr std::uint8_t p1_last = 0x00;
constexpr std::uint8_t p2_object = 0x00;
constexpr std::uint8_t p2_related_objects = 0x80;
constexpr ber::Tag tag_aid = 0x4F;
constexpr ber::Tag tag_key_id = 0xD0;
constexpr ber::Tag tag_key_version = 0xD2;

} // namespace

CommandApdu delete_object(ByteView aid, bool related_objects) {
    detail::check_aid(aid, "DELETE");
    return detail::command(ins::delete_object, p1_last, related_objects ? p2_related_objects : p2_object,
                           ber::encode(tag_aid, aid), true);
}

CommandApdu delete_key(std::optional<std::uint8_t> key_id, std::optional<std::uint8_t> key_version) {
    if (!key_id && !key_version) {
        throw std::invalid_argument("DELETE key: needs a key identifier, a key version or both");
    }
    Bytes data;
    if (key_id) {
        append(data, ber::encode(tag_key_id, Bytes{*key_id}));
    }
    if (key_version) {
        append(data, ber::encode(tag_key_version, Bytes{*key_version}));
    }
    return detail::command(ins::delete_object, p1_last, p2_object, std::move(data), true);
}

} // namespace euicc::gp
