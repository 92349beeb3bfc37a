// SPDX-License-Identifier: Apache-2.0
// SAIP ICCID cross-check (saip.md §5): EF.ICCID content in the mf PE (PE-MF ef-iccid, File = SEQUENCE OF CHOICE
// {doNotCreate, fileDescriptor, fillFileOffset, fillFileContent}) against the ProfileHeader ICCID.
#include <euicc/apdu/saip.hpp>

#include <algorithm>
#include <optional>

#include <euicc/error.hpp>

#include "bcd_digits.hpp"
#include "saip_detail.hpp"

namespace euicc::saip {

namespace {

constexpr ber::Tag tag_mf = 0xB0;
constexpr ber::Tag tag_ef_iccid = 0xA4; // PE-MF: mf-header A0, templateID 81, mf A2, ef-pl A3, ef-iccid A4
constexpr ber::Tag tag_fill_offset = 0x82;
constexpr ber::Tag tag_fill_content = 0x83;
constexpr std::size_t iccid_bytes = 10;
constexpr std::uint32_t max_uint16 = 0xFFFF;

struct EfIccid {
    std::string iccid;
    std::size_t offset = 0; ///< of the first fillFileContent that writes it
};

EfIccid locate_ef_iccid(const std::vector<ProfileElement>& elements) {
    const auto mf = std::find_if(elements.begin(), elements.end(), [](const ProfileElement& e) { return e.tag == tag_mf; });
    if (mf == elements.end()) {
        throw CodecError(detail::context, 0, "no mf PE (EF.ICCID lives there)");
    }
    const auto top = ber::detail::parse_located(mf->raw, detail::der, mf->offset);
    const auto fields = ber::detail::children_located(top.front());
    const auto file = std::find_if(fields.begin(), fields.end(), [](const auto& f) { return f.tlv.tag == tag_ef_iccid; });
    if (file == fields.end()) {
        throw CodecError(detail::context, mf->offset, "mf PE without ef-iccid");
    }
    // Replays fillFileOffset/fillFileContent as the eUICC would, over the first 10 bytes of the file.
    Bytes content;
    std::vector<bool> written;
    std::size_t position = 0;
    std::optional<std::size_t> content_offset;
    for (const auto& item : ber::detail::children_located(*file)) {
        if (item.tlv.tag == tag_fill_offset) {
            position += detail::read_uint(item, max_uint16, detail::context);
        } else if (item.tlv.tag == tag_fill_content) {
            const Bytes& v = item.tlv.value;
            for (std::size_t i = 0; i < v.size() && position + i < iccid_bytes; ++i) {
                content.resize(std::max(content.size(), position + i + 1));
                written.resize(content.size());
                content[position + i] = v[i];
                written[position + i] = true;
            }
            if (!content_offset) {
                content_offset = item.value_offset;
            }
            position += v.size();
        }
    }
    if (!content_offset) {
        throw CodecError(detail::context, file->offset, "ef-iccid carries no content (fillFileContent 83)");
    }
    if (content.size() < iccid_bytes || !std::all_of(written.begin(), written.end(), [](bool w) { return w; })) {
        throw CodecError(detail::context, *content_offset, "ef-iccid content does not cover the 10 ICCID bytes");
    }
    return {bcd::decode_swapped(content, detail::context, *content_offset), *content_offset};
}

} // namespace

std::string read_ef_iccid(const std::vector<ProfileElement>& elements) { return locate_ef_iccid(elements).iccid; }

std::string check_iccid(const std::vector<ProfileElement>& elements) {
    const ProfileHeader header = read_header(elements);
    const EfIccid ef = locate_ef_iccid(elements);
    if (ef.iccid != header.iccid) {
        throw CodecError(detail::context, ef.offset,
                         "EF.ICCID " + ef.iccid + " differs from the header ICCID " + header.iccid);
    }
    return header.iccid;
}

} // namespace euicc::saip
