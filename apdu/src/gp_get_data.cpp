// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform GET DATA per GPCS v2.3.1 §11.3: the command, the key information template (§11.3.3.1, tag E0)
// and the ETSI TS 102 226 §8.2.1.7.2 extended card resources (tag FF21).
#include <euicc/apdu/gp.hpp>

#include <stdexcept>

#include <euicc/error.hpp>

#include "gp_command.hpp"
#include "tlv_locate.hpp"

namespace euicc::gp {

namespace {

constexpr ber::Tag tag_key_information = 0xE0;
constexpr ber::Tag tag_key_entry = 0xC0;
constexpr ber::Tag tag_card_resources = 0xFF21;
constexpr ber::Tag tag_installed_applications = 0x81;
constexpr ber::Tag tag_free_non_volatile = 0x82;
constexpr ber::Tag tag_free_volatile = 0x83;
// §11.3.3.1: a key type byte FF announces the extended format (2-byte type, 2-byte length, usage, access).
constexpr std::uint8_t extended_key_type = 0xFF;

KeyInformation parse_key_entry(const ber::detail::Located& entry) {
    // The reader works on the value; parse_shifted re-anchors its offsets to the whole response.
    return ber::detail::parse_shifted(entry.value_offset, [&] {
        ByteReader r(entry.tlv.value, "key information");
        if (r.remaining() < 4) {
            r.fail_at(0, "C0 entry of " + std::to_string(r.remaining()) + " bytes, expected at least 4");
        }
        KeyInformation key;
        key.id = r.u8();
        key.version = r.u8();
        while (!r.empty()) {
            const std::size_t at = r.offset();
            const std::uint8_t type = r.u8();
            if (type == extended_key_type) {
                r.fail_at(at, "extended key information format (type FF xx) is not supported");
            }
            if (r.empty()) {
                r.fail_at(at, "key type " + to_hex(ByteView(&type, 1)) + " without a length");
            }
            key.components.push_back({type, r.u8()});
        }
        return key;
    });
}

} // namespace

CommandApdu get_data(ber::Tag tag, ByteView data, std::uint8_t cla) {
    if (tag == 0 || tag > 0xFFFF) {
        throw std::invalid_argument("GET DATA: tag " + std::to_string(tag) + " does not fit P1P2");
    }
    return CommandApdu(cla, ins::get_data, static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag),
                       Bytes(data.begin(), data.end()), detail::le_any);
}

ber::Tlv parse_get_data(ByteView data, ber::Tag expected) {
    ber::Tlv tlv = ber::parse_one(data);
    if (tlv.tag != expected) {
        throw CodecError("GET DATA", 0,
                         "expected tag " + detail::tag_name(expected) + ", got " + detail::tag_name(tlv.tag));
    }
    return tlv;
}

std::vector<KeyInformation> parse_key_information(ByteView data) {
    auto entries = ber::detail::parse_located(data);
    // GET DATA E0 answers with the template; a bare list of C0 entries is accepted too.
    if (entries.size() == 1 && entries[0].tlv.tag == tag_key_information) {
        entries = ber::detail::children_located(entries[0]);
    }
    std::vector<KeyInformation> out;
    for (const auto& entry : entries) {
        if (entry.tlv.tag != tag_key_entry) {
            throw CodecError("key information", entry.offset, "expected C0, got " + detail::tag_name(entry.tlv.tag));
        }
        out.push_back(parse_key_entry(entry));
    }
    return out;
}

CardResources parse_card_resources(ByteView data) {
    constexpr const char* context = "card resources";
    const auto top = ber::detail::parse_located(data);
    if (top.size() != 1 || top[0].tlv.tag != tag_card_resources) {
        throw CodecError(context, 0, "expected one FF21 template");
    }
    CardResources out;
    unsigned seen = 0;
    for (const auto& item : ber::detail::children_located(top[0])) {
        std::uint32_t* field = item.tlv.tag == tag_installed_applications ? &out.installed_applications
                               : item.tlv.tag == tag_free_non_volatile    ? &out.free_non_volatile
                               : item.tlv.tag == tag_free_volatile        ? &out.free_volatile
                                                                          : nullptr;
        if (field != nullptr) {
            *field = detail::read_uint(item.tlv.value, context, item.value_offset);
            seen |= 1U << (item.tlv.tag - tag_installed_applications);
        }
    }
    if (seen != 0x7) {
        throw CodecError(context, top[0].offset, "FF21 lacks one of 81, 82, 83");
    }
    return out;
}

} // namespace euicc::gp
