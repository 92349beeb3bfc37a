// SPDX-License-Identifier: Apache-2.0
// SAIP package walker: the ProfileElement CHOICE (PEDefinitions v3.3.1, saip.md §2) split into its PEs, with
// offsets and PEHeaders.
#include <euicc/apdu/saip.hpp>

#include <array>

#include <euicc/error.hpp>

#include "saip_detail.hpp"

namespace euicc::saip {

namespace {

struct Choice {
    ber::Tag tag;
    std::string_view name;
};

// CHOICE alternatives in ASN.1 order: automatic tags A0.. then BF1F.. (saip.md §2).
constexpr std::array choices{
    Choice{0xA0, "header"},       Choice{0xA1, "genericFileManagement"}, Choice{0xA2, "pinCodes"},
    Choice{0xA3, "pukCodes"},     Choice{0xA4, "akaParameter"},          Choice{0xA5, "cdmaParameter"},
    Choice{0xA6, "securityDomain"}, Choice{0xA7, "rfm"},                 Choice{0xA8, "application"},
    Choice{0xA9, "nonStandard"},  Choice{0xAA, "end"},                   Choice{0xAB, "rfu1"},
    Choice{0xAC, "rfu2"},         Choice{0xAD, "rfu3"},                  Choice{0xAE, "rfu4"},
    Choice{0xAF, "rfu5"},         Choice{0xB0, "mf"},                    Choice{0xB1, "cd"},
    Choice{0xB2, "telecom"},      Choice{0xB3, "usim"},                  Choice{0xB4, "opt-usim"},
    Choice{0xB5, "isim"},         Choice{0xB6, "opt-isim"},              Choice{0xB7, "phonebook"},
    Choice{0xB8, "gsm-access"},   Choice{0xB9, "csim"},                  Choice{0xBA, "opt-csim"},
    Choice{0xBB, "eap"},          Choice{0xBC, "df-5gs"},                Choice{0xBD, "df-saip"},
    Choice{0xBE, "df-snpn"},      Choice{0xBF1F, "df-5gprose"},          Choice{0xBF20, "iot"},
    Choice{0xBF21, "opt-iot"},
};

constexpr ber::Tag tag_header = 0xA0;
constexpr std::string_view unknown = "unknown";

// A CHOICE alternative with an automatic tag is context-specific and, for these SEQUENCE types, constructed:
// the first tag byte is 101x xxxx.
bool is_choice_tag(ber::Tag tag) noexcept {
    while (tag > 0xFF) {
        tag >>= 8;
    }
    return (tag & 0xE0) == 0xA0;
}

bool is_rfu(ber::Tag tag) noexcept { return tag >= 0xAB && tag <= 0xAF; }

} // namespace

std::string_view type_name(ber::Tag tag) noexcept {
    for (const Choice& c : choices) {
        if (c.tag == tag) {
            return c.name;
        }
    }
    return unknown;
}

std::vector<ProfileElement> walk(ByteView package) {
    if (package.empty()) {
        throw CodecError(detail::context, 0, "empty profile package");
    }
    // One pass that checks the DER framing of the whole package but copies only what a ProfileElement keeps:
    // a full tree of a 12 KB package costs ~10x more and ES8 downloads walk it before the first APDU.
    const std::vector<ber::detail::Skimmed> elements = ber::detail::skim_all(package, detail::der);
    std::vector<ProfileElement> out;
    out.reserve(elements.size());
    for (const auto& located : elements) {
        const ber::Tag tag = located.tag;
        if (!is_choice_tag(tag)) {
            throw CodecError(detail::context, located.offset,
                             "tag " + to_hex(ber::encode_tag(tag)) + " is not a ProfileElement CHOICE tag");
        }
        ProfileElement pe;
        pe.tag = tag;
        pe.type = type_name(tag);
        pe.offset = located.offset;
        pe.value_length = located.value_length;
        pe.raw.assign(package.begin() + static_cast<std::ptrdiff_t>(located.offset),
                      package.begin() + static_cast<std::ptrdiff_t>(located.end()));
        // Every PE type except the ProfileHeader and the empty PE-Dummy starts with a PEHeader (PEDefinitions:
        // "<x>-header PEHeader" is the first component). For tags of later versions it is read when present.
        const bool known = pe.type != unknown;
        if (tag != tag_header && !is_rfu(tag)) {
            const ByteView value = package.subspan(located.value_offset, located.value_length);
            const auto children = ber::detail::skim_all(value, detail::der, located.value_offset);
            const bool has_header = !children.empty() && children.front().tag == detail::tag_pe_header;
            if (has_header) {
                const ber::detail::Skimmed& first = children.front();
                const auto header_tlv = ber::detail::parse_located(
                    package.subspan(first.offset, first.end() - first.offset), detail::der, first.offset);
                const detail::PeHeader header = detail::parse_pe_header(header_tlv.front());
                pe.identification = header.identification;
                pe.mandated = header.mandated;
            } else if (known) {
                throw CodecError(detail::context, located.offset, std::string(pe.type) + " PE without a PEHeader");
            }
        }
        out.push_back(std::move(pe));
    }
    return out;
}

} // namespace euicc::saip
