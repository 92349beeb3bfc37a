// SPDX-License-Identifier: Apache-2.0
// GPCS §11.5 (Tables 11-43, 11-44, 11-47, 11-49) card side: the LV fields of INSTALL and the install
// parameters of a security domain, as sgp02::create_isdp / gp::install_for_personalization build them.
#include "install_data.hpp"

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/error.hpp>

namespace euicc::card {

namespace {

constexpr ber::Tag tag_application_specific = 0xC9;
constexpr ber::Tag tag_system_specific = 0xEF;
constexpr ber::Tag tag_non_volatile_quota = 0xC8;
constexpr ber::Tag tag_volatile_quota = 0xC7;
constexpr ber::Tag tag_njiwa_memory = 0x83;      // njiwa's EF { 83 02 <mem> } (spec/sgp02.md §4.1, UNCONFIRMED)
constexpr ber::Tag tag_supported_scp = 0x81;     // GP UICC Configuration: SCP identifier and i
constexpr std::uint8_t scp03 = 0x03;

Bytes lv(ByteReader& r) {
    const ByteView value = r.take(r.u8());
    return Bytes(value.begin(), value.end());
}

std::uint32_t quota(const ber::Tlv& tlv) {
    if (tlv.value.empty() || tlv.value.size() > 4) {
        throw CodecError("install parameters", 0, "a memory quota of " + std::to_string(tlv.value.size()) + " bytes");
    }
    std::uint32_t value = 0;
    for (const std::uint8_t byte : tlv.value) {
        value = value << 8 | byte;
    }
    return value;
}

} // namespace

InstallData parse_install_data(ByteView data) {
    ByteReader r(data, "INSTALL");
    InstallData out;
    out.load_file_aid = lv(r);
    out.module_aid = lv(r);
    out.application_aid = lv(r);
    out.privileges = lv(r);
    out.parameters = lv(r);
    out.token = lv(r);
    r.expect_end();
    return out;
}

SdInstallParameters parse_sd_install_parameters(ByteView parameters) {
    SdInstallParameters out;
    bool application_specific = false;
    for (const ber::Tlv& tlv : ber::parse_all(parameters)) {
        if (tlv.tag == tag_application_specific) {
            out.application_specific = tlv.value;
            application_specific = true;
        } else if (tlv.tag == tag_system_specific) {
            for (const ber::Tlv& item : tlv.children) {
                if (item.tag == tag_non_volatile_quota || item.tag == tag_njiwa_memory) {
                    out.non_volatile_quota = quota(item);
                } else if (item.tag == tag_volatile_quota) {
                    out.volatile_quota = quota(item);
                }
            }
        }
    }
    if (!application_specific) {
        throw CodecError("install parameters", 0, "no C9 (application specific parameters, GPCS Table 11-49)");
    }
    return out;
}

bool supports_scp03(ByteView application_specific) {
    for (const ber::Tlv& tlv : ber::parse_all(application_specific)) {
        if (tlv.tag == tag_supported_scp && (tlv.value.size() != 2 || tlv.value[0] != scp03)) {
            return false;
        }
    }
    return true;
}

} // namespace euicc::card
