// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform INSTALL per GPCS v2.3.1 §11.5: [for install (and make selectable)], [for personalization],
// install parameters (Table 11-49) and the INSTALL/DELETE confirmation response.
#include <euicc/apdu/gp.hpp>

#include <array>
#include <stdexcept>

#include <euicc/error.hpp>

#include "gp_command.hpp"

namespace euicc::gp {

namespace {

// GPCS Table 11-41: P1 bit map.
constexpr std::uint8_t p1_for_install = 0x04;
constexpr std::uint8_t p1_for_make_selectable = 0x08;
constexpr std::uint8_t p1_for_personalization = 0x20;
constexpr std::uint8_t p2_no_info = 0x00;

constexpr ber::Tag tag_application_specific = 0xC9;
constexpr ber::Tag tag_system_specific = 0xEF;
constexpr ber::Tag tag_volatile_quota = 0xC7;
constexpr ber::Tag tag_non_volatile_quota = 0xC8;
constexpr ber::Tag tag_ts102226 = 0xCA;

// Table 11-49: a quota is 2 bytes up to 32767 and 4 bytes above (a 2-byte value must stay positive).
Bytes quota(std::uint32_t value) {
    if (value <= 0x7FFF) {
        return Bytes{static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
    }
    return Bytes{static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
                 static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

} // namespace

Bytes encode_install_parameters(const InstallParameters& parameters) {
    Bytes out = ber::encode(tag_application_specific, parameters.application_specific);
    Bytes system;
    if (parameters.non_volatile_quota) {
        append(system, ber::encode(tag_non_volatile_quota, quota(*parameters.non_volatile_quota)));
    }
    if (parameters.volatile_quota) {
        append(system, ber::encode(tag_volatile_quota, quota(*parameters.volatile_quota)));
    }
    if (parameters.ts102226_parameters) {
        append(system, ber::encode(tag_ts102226, *parameters.ts102226_parameters));
    }
    if (!system.empty()) {
        append(out, ber::encode(tag_system_specific, system));
    }
    return out;
}

CommandApdu install_for_install(const InstallForInstall& install) {
    detail::check_aid(install.load_file_aid, "INSTALL load file");
    detail::check_aid(install.module_aid, "INSTALL module");
    detail::check_aid(install.instance_aid, "INSTALL instance");
    // Table 11-49: the C9 tag is mandatory, so the field has at least `C9 00`.
    if (install.install_parameters.size() < 2) {
        throw std::invalid_argument("INSTALL: install parameters need at least C9 00");
    }
    Bytes data;
    detail::append_lv(data, install.load_file_aid);
    detail::append_lv(data, install.module_aid);
    detail::append_lv(data, install.instance_aid);
    detail::append_lv(data, install.privileges.encode());
    detail::append_lv(data, install.install_parameters);
    detail::append_lv(data, install.token);
    const auto p1 = static_cast<std::uint8_t>(p1_for_install | (install.make_selectable ? p1_for_make_selectable : 0));
    return detail::command(ins::install, p1, p2_no_info, std::move(data), true);
}

CommandApdu install_for_personalization(ByteView application_aid) {
    detail::check_aid(application_aid, "INSTALL [for personalization]");
    // Table 11-47: empty load file and module AIDs, the application AID, then empty privileges, parameters, token.
    Bytes data{0x00, 0x00};
    detail::append_lv(data, application_aid);
    const std::array<std::uint8_t, 3> empty_fields{};
    append(data, empty_fields);
    return detail::command(ins::install, p1_for_personalization, p2_no_info, std::move(data), true);
}

Bytes parse_confirmation(ByteView data) {
    if (data.empty()) {
        return {};
    }
    ByteReader r(data, "confirmation");
    const std::uint8_t length = r.u8();
    const ByteView confirmation = r.take(length);
    r.expect_end();
    return Bytes(confirmation.begin(), confirmation.end());
}

} // namespace euicc::gp
