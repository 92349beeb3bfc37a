// SPDX-License-Identifier: Apache-2.0
// SAIP EUICCResponse (PEDefinitions v3.3.1, saip.md §7): PE statuses, installation aborted, status message.
#include <euicc/apdu/saip.hpp>

#include <array>

#include <euicc/error.hpp>

#include "saip_detail.hpp"

namespace euicc::saip {

namespace {

constexpr const char* context = "EUICCResponse";
constexpr ber::Tag tag_response = 0x30;
constexpr ber::Tag tag_pe_status_list = 0xA0;
constexpr ber::Tag tag_aborted = 0x81;
constexpr ber::Tag tag_message = 0x82;
constexpr ber::Tag tag_pe_status = 0x30;
constexpr ber::Tag tag_status = 0x80;
constexpr ber::Tag tag_identification = 0x81;
constexpr ber::Tag tag_additional = 0x82;
constexpr ber::Tag tag_offset = 0x83;
constexpr std::uint32_t max_uint15 = 32767;
constexpr std::uint32_t max_uint31 = 0x7FFFFFFF;

struct Code {
    std::uint32_t status;
    std::string_view name;
};
constexpr std::array status_codes{
    Code{0, "ok"},
    Code{1, "pe-not-supported"},
    Code{2, "memory-failure"},
    Code{3, "bad-values"},
    Code{4, "not-enough-memory"},
    Code{5, "invalid-request-format"},
    Code{6, "invalid-parameter"},
    Code{7, "runtime-not-supported"},
    Code{8, "lib-not-supported"},
    Code{9, "template-not-supported"},
    Code{10, "feature-not-supported"},
    Code{11, "pin-code-missing"},
    Code{31, "unsupported-profile-version"},
};

PeStatus parse_pe_status(const ber::detail::Located& item) {
    if (item.tlv.tag != tag_pe_status) {
        throw CodecError(context, item.offset, "PEStatus is not a SEQUENCE");
    }
    PeStatus out;
    bool have_status = false;
    for (const auto& field : ber::detail::children_located(item)) {
        switch (field.tlv.tag) {
        case tag_status:
            out.status = detail::read_uint(field, max_uint31, context);
            have_status = true;
            break;
        case tag_identification:
            out.identification = static_cast<std::uint16_t>(detail::read_uint(field, max_uint15, context));
            break;
        case tag_additional:
            out.additional_information = static_cast<std::uint8_t>(detail::read_uint(field, 0xFF, context));
            break;
        case tag_offset:
            out.offset = detail::read_uint(field, max_uint31, context);
            break;
        default:
            break; // EXTENSIBILITY IMPLIED: later components are skipped
        }
    }
    if (!have_status) {
        throw CodecError(context, item.offset, "PEStatus without status");
    }
    return out;
}

EuiccResponse parse_located_response(const ber::detail::Located& response) {
    if (response.tlv.tag != tag_response) {
        throw CodecError(context, response.offset, "EUICCResponse is not a SEQUENCE (30)");
    }
    EuiccResponse out;
    bool have_list = false;
    for (const auto& field : ber::detail::children_located(response)) {
        if (field.tlv.tag == tag_pe_status_list) {
            for (const auto& item : ber::detail::children_located(field)) {
                out.pe_status.push_back(parse_pe_status(item));
            }
            have_list = true;
        } else if (field.tlv.tag == tag_aborted) {
            if (!field.tlv.value.empty()) {
                throw CodecError(context, field.offset, "profileInstallationAborted is a NULL");
            }
            out.installation_aborted = true;
        } else if (field.tlv.tag == tag_message) {
            out.status_message = std::string(field.tlv.value.begin(), field.tlv.value.end());
        }
    }
    if (!have_list) {
        throw CodecError(context, response.offset, "EUICCResponse without peStatus");
    }
    return out;
}

} // namespace

bool EuiccResponse::ok() const noexcept {
    if (installation_aborted) {
        return false;
    }
    for (const PeStatus& s : pe_status) {
        if (s.status != 0) {
            return false;
        }
    }
    return true;
}

std::string_view status_name(std::uint32_t status) noexcept {
    for (const Code& c : status_codes) {
        if (c.status == status) {
            return c.name;
        }
    }
    // saip.md §7: 24576-28671 and 36864-40959 carry ISO SWs 6xxx/9xxx, 40960-65535 are proprietary.
    if ((status >= 0x6000 && status <= 0x6FFF) || (status >= 0x9000 && status <= 0x9FFF)) {
        return "iso-sw";
    }
    if (status >= 0xA000 && status <= 0xFFFF) {
        return "proprietary";
    }
    return "unknown";
}

EuiccResponse parse_euicc_response(ByteView data) {
    const auto top = ber::detail::parse_located(data, detail::der);
    if (top.size() != 1) {
        throw CodecError(context, top.empty() ? 0 : top[1].offset, "expected exactly one EUICCResponse");
    }
    return parse_located_response(top[0]);
}

std::vector<EuiccResponse> parse_euicc_responses(ByteView data) {
    std::vector<EuiccResponse> out;
    for (const auto& item : ber::detail::parse_located(data, detail::der)) {
        out.push_back(parse_located_response(item));
    }
    return out;
}

Bytes encode_euicc_response(const EuiccResponse& response) {
    Bytes list;
    for (const PeStatus& s : response.pe_status) {
        Bytes fields = ber::encode(tag_status, detail::der_uint(s.status));
        if (s.identification) {
            append(fields, ber::encode(tag_identification, detail::der_uint(*s.identification)));
        }
        if (s.additional_information) {
            append(fields, ber::encode(tag_additional, detail::der_uint(*s.additional_information)));
        }
        if (s.offset) {
            append(fields, ber::encode(tag_offset, detail::der_uint(*s.offset)));
        }
        append(list, ber::encode(tag_pe_status, fields));
    }
    Bytes value = ber::encode(tag_pe_status_list, list);
    if (response.installation_aborted) {
        append(value, ber::encode(tag_aborted, {}));
    }
    if (response.status_message) {
        append(value, ber::encode(tag_message, Bytes(response.status_message->begin(), response.status_message->end())));
    }
    return ber::encode(tag_response, value);
}

} // namespace euicc::saip
