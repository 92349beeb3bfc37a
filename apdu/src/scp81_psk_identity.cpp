// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.4.4.1 Table 4: the fully qualified PSK identity of an ISD-R SCP81 keyset, as hex text.
#include <array>
#include <optional>
#include <stdexcept>

#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>

#include "scp81_text.hpp"

namespace euicc::scp81 {

namespace {

const std::string context = "PSK identity";

constexpr std::uint8_t tag_format = 0x80;
constexpr std::uint8_t tag_eid = 0x81;
constexpr std::uint8_t tag_aid = 0x4F;
constexpr std::uint8_t tag_kid = 0x82;
constexpr std::uint8_t tag_kvn = 0x83;
// Table 4 format 02: "fully qualified" (EID + ISD-R AID + key reference); other formats are not SGP.02 ES5.
constexpr std::uint8_t format_fully_qualified = 0x02;
constexpr std::size_t eid_length = 16;

void check_lengths(ByteView eid, ByteView aid) {
    if (eid.size() != eid_length) {
        throw std::invalid_argument("PSK identity: EID must be 16 bytes, got " + std::to_string(eid.size()));
    }
    if (aid.size() < 5 || aid.size() > 16) {
        throw std::invalid_argument("PSK identity: ISD-R AID must be 5..16 bytes, got " +
                                    std::to_string(aid.size()));
    }
}

void put_tlv(Bytes& out, std::uint8_t tag, ByteView value) {
    out.push_back(tag);
    out.push_back(static_cast<std::uint8_t>(value.size()));
    append(out, value);
}

// One element: the value and where its tag starts (for error offsets).
struct Element {
    ByteView value;
    std::size_t offset = 0;
};

std::string tag_name(std::uint8_t tag) {
    return to_hex(ByteView(&tag, 1));
}

} // namespace

std::string encode_psk_identity(const PskIdentity& identity) {
    check_lengths(identity.eid, identity.isd_r_aid);
    Bytes tlv;
    put_tlv(tlv, tag_format, std::array{format_fully_qualified});
    put_tlv(tlv, tag_eid, identity.eid);
    put_tlv(tlv, tag_aid, identity.isd_r_aid);
    put_tlv(tlv, tag_kid, std::array{identity.key_id});
    put_tlv(tlv, tag_kvn, std::array{identity.key_version});
    return to_hex(tlv); // upper case, as njiwa's makePskId emits it
}

PskIdentity parse_psk_identity(std::string_view text) {
    if (text.empty()) {
        throw CodecError(context, 0, "empty");
    }
    const Bytes tlv = detail::hex_field(text, 0, context, "hex text");
    ByteReader reader(tlv, context);
    std::array<std::optional<Element>, 5> elements; // format, EID, AID, KID, KVN
    constexpr std::array<std::uint8_t, 5> tags{tag_format, tag_eid, tag_aid, tag_kid, tag_kvn};
    while (!reader.empty()) {
        const std::size_t start = reader.offset();
        const std::uint8_t tag = reader.u8();
        std::size_t length = reader.u8();
        if (length == 0x81) {
            length = reader.u8(); // BER long form for one byte: tolerated, the values are all < 128 anyway
        } else if (length > 0x7F) {
            reader.fail_at(start + 1,
                           "unsupported length byte " + tag_name(static_cast<std::uint8_t>(length)));
        }
        const ByteView value = reader.take(length);
        std::size_t index = 0;
        while (index < tags.size() && tags[index] != tag) {
            ++index;
        }
        if (index == tags.size()) {
            reader.fail_at(start, "unknown tag " + tag_name(tag));
        }
        if (elements[index]) {
            reader.fail_at(start, "duplicate tag " + tag_name(tag));
        }
        elements[index] = Element{value, start};
    }
    for (std::size_t i = 0; i < tags.size(); ++i) {
        if (!elements[i]) {
            reader.fail_at(tlv.size(), "missing tag " + tag_name(tags[i]));
        }
    }
    const auto one_byte = [&](const Element& e, const char* what) {
        if (e.value.size() != 1) {
            reader.fail_at(e.offset, std::string("wrong ") + what + " length " +
                                         std::to_string(e.value.size()) + " (expected 1)");
        }
        return e.value[0];
    };
    if (one_byte(*elements[0], "format") != format_fully_qualified) {
        reader.fail_at(elements[0]->offset, "wrong format byte " + tag_name(elements[0]->value[0]) +
                                                " (expected 02, SGP.02 fully qualified PSK-ID)");
    }
    if (elements[1]->value.size() != eid_length) {
        reader.fail_at(elements[1]->offset,
                       "wrong EID length " + std::to_string(elements[1]->value.size()) + " (expected 16)");
    }
    if (elements[2]->value.size() < 5 || elements[2]->value.size() > 16) {
        reader.fail_at(elements[2]->offset, "wrong ISD-R AID length " +
                                                std::to_string(elements[2]->value.size()) +
                                                " (expected 5..16)");
    }
    PskIdentity identity;
    identity.eid.assign(elements[1]->value.begin(), elements[1]->value.end());
    identity.isd_r_aid.assign(elements[2]->value.begin(), elements[2]->value.end());
    identity.key_id = one_byte(*elements[3], "KID");
    identity.key_version = one_byte(*elements[4], "KVN");
    return identity;
}

} // namespace euicc::scp81
