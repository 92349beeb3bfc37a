// SPDX-License-Identifier: Apache-2.0
// SGP.02 SCP03t TLV framing (spec/scp03.md §9: 84 InitializeUpdate, 85 ExternalAuthenticate, error TLVs).
#include <euicc/apdu/scp03.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/apdu/ber_tlv.hpp>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

namespace {

constexpr std::size_t initialize_update_value = 10; // KVN, KID, host challenge
constexpr std::uint8_t error_tag_first = 0x9F;
// UNCONFIRMED (spec/scp03.md §9, saip.md §9.1): error tag = 9F | (command tag - 40), as the one public
// observation `9F 46 01 02` answering an 86 command suggests.
constexpr std::uint8_t error_tag_offset = 0x40;

std::string tag_hex(std::uint32_t tag) {
    Bytes bytes = ber::encode_tag(tag);
    return to_hex(bytes);
}

} // namespace

TlvErrorResponse::TlvErrorResponse(std::uint32_t tag, Bytes data)
    : Error("SCP03t: the card answered with error TLV " + tag_hex(tag) + " " + to_hex(data)), m_tag(tag),
      m_data(std::move(data)) {}

namespace detail {

bool is_error_tlv(const ber::Tlv& tlv) noexcept { return tlv.tag > 0xFF && (tlv.tag >> 8) == error_tag_first; }

ByteView tlv_header(ByteView tlv, const ber::Tlv& parsed) noexcept {
    return tlv.first(tlv.size() - parsed.value.size());
}

} // namespace detail

Bytes initialize_update_tlv(std::uint8_t kvn, std::uint8_t kid, const Challenge& host_challenge) {
    Bytes out(2 + initialize_update_value);
    out[0] = tlv_tag::initialize_update;
    out[1] = static_cast<std::uint8_t>(initialize_update_value);
    out[2] = kvn;
    out[3] = kid;
    std::copy(host_challenge.begin(), host_challenge.end(), out.begin() + 4);
    return out;
}

InitializeUpdateCommand parse_initialize_update_tlv(ByteView tlv) {
    ByteReader r(tlv, "SCP03t InitializeUpdate");
    if (r.u8() != tlv_tag::initialize_update) {
        r.fail_at(0, "tag is not 84");
    }
    if (r.u8() != initialize_update_value) {
        r.fail_at(1, "length is not 0A (KVN, KID, 8-byte host challenge)");
    }
    InitializeUpdateCommand out;
    out.kvn = r.u8();
    out.kid = r.u8();
    const ByteView challenge = r.take(out.host_challenge.size());
    std::copy(challenge.begin(), challenge.end(), out.host_challenge.begin());
    r.expect_end();
    return out;
}

Bytes initialize_update_tlv_response(const InitializeUpdateResponse& response) {
    return ber::encode(tlv_tag::initialize_update, response.encode());
}

InitializeUpdateResponse parse_initialize_update_tlv_response(ByteView tlv) {
    const ber::Tlv parsed = ber::parse_one(tlv);
    if (detail::is_error_tlv(parsed)) {
        throw TlvErrorResponse(parsed.tag, parsed.value);
    }
    if (parsed.tag != tlv_tag::initialize_update) {
        throw CodecError("SCP03t InitializeUpdate response", 0, "tag " + tag_hex(parsed.tag) + ", expected 84");
    }
    return InitializeUpdateResponse::parse(parsed.value);
}

Bytes external_authenticate_tlv_response() {
    // UNCONFIRMED: SGP.02 gives the 85 answer only through secondary sources; `85 00` mirrors the observed
    // `86 00` for an accepted segment without data (Amd D §6.2.5: no R-MAC on EXTERNAL AUTHENTICATE).
    return Bytes{tlv_tag::external_authenticate, 0x00};
}

Bytes error_tlv(std::uint8_t command_tag, std::uint8_t code) {
    if (command_tag != tlv_tag::initialize_update && command_tag != tlv_tag::external_authenticate &&
        command_tag != tlv_tag::command_data) {
        throw std::invalid_argument("SCP03t: no error TLV for command tag " + to_hex(Bytes{command_tag}));
    }
    return Bytes{error_tag_first, static_cast<std::uint8_t>(command_tag - error_tag_offset), 0x01, code};
}

} // namespace euicc::scp03
