// SPDX-License-Identifier: Apache-2.0
// SAIP ProfileHeader (PEDefinitions v3.3.1, saip.md §3): version, profile type, ICCID, POL1, mandatory services
// and GFSTE templates, connectivity parameters; parse and DER encode.
#include <euicc/apdu/saip.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>

#include <euicc/error.hpp>

#include "bcd_digits.hpp"
#include "saip_detail.hpp"

namespace euicc::saip {

namespace {

constexpr const char* context = "ProfileHeader";

constexpr ber::Tag tag_header = 0xA0;
constexpr ber::Tag tag_major = 0x80;
constexpr ber::Tag tag_minor = 0x81;
constexpr ber::Tag tag_profile_type = 0x82;
constexpr ber::Tag tag_iccid = 0x83;
constexpr ber::Tag tag_pol = 0x84;
constexpr ber::Tag tag_services = 0xA5;
constexpr ber::Tag tag_gfste = 0xA6;
constexpr ber::Tag tag_connectivity = 0x87;
constexpr ber::Tag tag_oid = 0x06;
constexpr std::size_t iccid_bytes = 10;
constexpr std::size_t iccid_max_digits = 20;
constexpr std::size_t profile_type_max = 100;

struct Named {
    Service service;
    std::string_view name;
};

constexpr std::array service_names{
    Named{Service::Contactless, "contactless"},
    Named{Service::Usim, "usim"},
    Named{Service::Isim, "isim"},
    Named{Service::Csim, "csim"},
    Named{Service::Milenage, "milenage"},
    Named{Service::Tuak128, "tuak128"},
    Named{Service::Cave, "cave"},
    Named{Service::GbaUsim, "gba-usim"},
    Named{Service::GbaIsim, "gba-isim"},
    Named{Service::Mbms, "mbms"},
    Named{Service::Eap, "eap"},
    Named{Service::Javacard, "javacard"},
    Named{Service::Multos, "multos"},
    Named{Service::MultipleUsim, "multiple-usim"},
    Named{Service::MultipleIsim, "multiple-isim"},
    Named{Service::MultipleCsim, "multiple-csim"},
    Named{Service::Tuak256, "tuak256"},
    Named{Service::UsimTestAlgorithm, "usim-test-algorithm"},
    Named{Service::BerTlv, "ber-tlv"},
    Named{Service::DfLink, "dfLink"},
    Named{Service::CatTp, "cat-tp"},
    Named{Service::GetIdentity, "get-identity"},
    Named{Service::ProfileAX25519, "profile-a-x25519"},
    Named{Service::ProfileBP256, "profile-b-p256"},
    Named{Service::SuciCalculatorApi, "suciCalculatorApi"},
    Named{Service::DnsResolution, "dns-resolution"},
    Named{Service::Scp11ac, "scp11ac"},
    Named{Service::Scp11cAuthorizationMechanism, "scp11c-authorization-mechanism"},
    Named{Service::S16Mode, "s16mode"},
    Named{Service::Eaka, "eaka"},
};

std::vector<Service> parse_services(const ber::detail::Located& list) {
    std::vector<Service> out;
    for (const auto& flag : ber::detail::children_located(list)) {
        // Each service is `[n] NULL`: a primitive context tag 80..9E with no content.
        if (flag.tlv.tag < 0x80 || flag.tlv.tag > 0x9E || !flag.tlv.value.empty()) {
            throw CodecError(context, flag.offset, "service flag is not a context-tagged NULL");
        }
        out.push_back(static_cast<Service>(flag.tlv.tag));
    }
    return out;
}

std::vector<std::string> parse_gfste(const ber::detail::Located& list) {
    std::vector<std::string> out;
    for (const auto& oid : ber::detail::children_located(list)) {
        if (oid.tlv.tag != tag_oid) {
            throw CodecError(context, oid.offset, "GFSTE list entry is not an OBJECT IDENTIFIER");
        }
        out.push_back(detail::decode_oid(oid.tlv.value, context, oid.value_offset));
    }
    return out;
}

ProfileHeader parse_located_header(const ber::detail::Located& header) {
    if (header.tlv.tag != tag_header) {
        throw CodecError(context, header.offset, "expected A0 (header), got " + to_hex(ber::encode_tag(header.tlv.tag)));
    }
    ProfileHeader out;
    unsigned seen = 0; // bits: 1 major, 2 minor, 4 iccid, 8 services, 16 gfste
    for (const auto& field : ber::detail::children_located(header)) {
        const Bytes& v = field.tlv.value;
        switch (field.tlv.tag) {
        case tag_major:
            out.major_version = static_cast<std::uint8_t>(detail::read_uint(field, 0xFF, context));
            seen |= 1;
            break;
        case tag_minor:
            out.minor_version = static_cast<std::uint8_t>(detail::read_uint(field, 0xFF, context));
            seen |= 2;
            break;
        case tag_profile_type:
            out.profile_type = std::string(v.begin(), v.end());
            break;
        case tag_iccid:
            if (v.size() != iccid_bytes) {
                throw CodecError(context, field.offset, "iccid of " + std::to_string(v.size()) + " bytes, expected 10");
            }
            // Plain BCD in reading order, unlike EF.ICCID (saip.md §3, §5).
            out.iccid = bcd::decode_plain(v, context, field.value_offset);
            seen |= 4;
            break;
        case tag_pol:
            out.pol = v;
            break;
        case tag_services:
            out.mandatory_services = parse_services(field);
            seen |= 8;
            break;
        case tag_gfste:
            out.mandatory_gfste = parse_gfste(field);
            seen |= 16;
            break;
        case tag_connectivity:
            out.connectivity_parameters = v;
            break;
        default:
            out.other.push_back(field.tlv);
            break;
        }
    }
    constexpr std::array<std::string_view, 5> required{"80 (major-version)", "81 (minor-version)", "83 (iccid)",
                                                       "A5 (eUICC-Mandatory-services)",
                                                       "A6 (eUICC-Mandatory-GFSTEList)"};
    for (std::size_t i = 0; i < required.size(); ++i) {
        if ((seen & (1U << i)) == 0) {
            throw CodecError(context, header.offset, "header without " + std::string(required[i]));
        }
    }
    return out;
}

} // namespace

std::string_view to_string(Service service) noexcept {
    for (const Named& n : service_names) {
        if (n.service == service) {
            return n.name;
        }
    }
    return "unknown";
}

ProfileHeader parse_header(ByteView header_element) {
    const auto top = ber::detail::parse_located(header_element, detail::der);
    if (top.size() != 1) {
        throw CodecError(context, top.empty() ? 0 : top[1].offset, "expected exactly one header TLV");
    }
    return parse_located_header(top[0]);
}

ProfileHeader read_header(const std::vector<ProfileElement>& elements) {
    if (elements.empty() || elements.front().tag != tag_header) {
        throw CodecError(detail::context, elements.empty() ? 0 : elements.front().offset,
                         "the first PE is not the ProfileHeader");
    }
    const ProfileElement& pe = elements.front();
    const auto top = ber::detail::parse_located(pe.raw, detail::der, pe.offset);
    return parse_located_header(top.front());
}

Bytes encode_header(const ProfileHeader& header) {
    if (header.iccid.empty() || header.iccid.size() > iccid_max_digits) {
        throw std::invalid_argument("ProfileHeader: ICCID of " + std::to_string(header.iccid.size()) +
                                    " digits, expected 1..20");
    }
    Bytes v = ber::encode(tag_major, detail::der_uint(header.major_version));
    append(v, ber::encode(tag_minor, detail::der_uint(header.minor_version)));
    if (header.profile_type) {
        if (header.profile_type->empty() || header.profile_type->size() > profile_type_max) {
            throw std::invalid_argument("ProfileHeader: profile type of " +
                                        std::to_string(header.profile_type->size()) + " bytes, expected 1..100");
        }
        append(v, ber::encode(tag_profile_type, Bytes(header.profile_type->begin(), header.profile_type->end())));
    }
    Bytes iccid = bcd::encode_plain(header.iccid);
    iccid.resize(iccid_bytes, 0xFF); // short ICCIDs are right-padded with F (pySim rpad)
    append(v, ber::encode(tag_iccid, iccid));
    if (header.pol) {
        append(v, ber::encode(tag_pol, *header.pol));
    }
    // ServicesList is a SEQUENCE of optional NULLs: present flags appear in component order, i.e. tag order.
    std::vector<Service> services = header.mandatory_services;
    std::sort(services.begin(), services.end());
    Bytes flags;
    for (const Service s : services) {
        append(flags, ber::encode(static_cast<ber::Tag>(s), {}));
    }
    append(v, ber::encode(tag_services, flags));
    Bytes oids;
    for (const std::string& oid : header.mandatory_gfste) {
        append(oids, ber::encode(tag_oid, detail::encode_oid(oid)));
    }
    append(v, ber::encode(tag_gfste, oids));
    if (header.connectivity_parameters) {
        append(v, ber::encode(tag_connectivity, *header.connectivity_parameters));
    }
    for (const ber::Tlv& tlv : header.other) {
        append(v, ber::encode(tlv));
    }
    return ber::encode(tag_header, v);
}

} // namespace euicc::saip
