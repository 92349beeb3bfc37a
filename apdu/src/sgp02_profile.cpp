// SPDX-License-Identifier: Apache-2.0
// SGP.02 ES5 profile commands on the ISD-R (spec/sgp02.md §4.1-4.4, §4.7): CreateISDP, Enable/DisableProfile,
// SetFallBackAttribute, DeleteProfile, ISD-P AIDs and profile states.
#include <euicc/apdu/sgp02.hpp>

#include <array>

#include <euicc/error.hpp>

#include "gp_command.hpp"
#include "tlv_locate.hpp"

namespace euicc::sgp02 {

namespace {

constexpr ber::Tag tag_aid = 0x4F;
// §4.4: both public SM-SRs send DELETE with P2 = 40 for an ISD-P (GPCS marks P2.b7 RFU).
constexpr std::uint8_t p2_delete_isdp = 0x40;
constexpr gp::StoreDataOptions isdr_store_data{gp::DataStructure::Dgi, gp::DataEncryption::None, false};

// `3Axx 12 4F 10 <AID>` in one last-block STORE DATA, P2 00 (§4.2, §4.3, §4.7).
CommandApdu profile_store_data(std::uint16_t dgi, ByteView isdp_aid, const char* what) {
    gp::detail::check_aid(isdp_aid, what);
    return gp::store_data(gp::encode_dgi(dgi, ber::encode(tag_aid, isdp_aid)), 0, true, isdr_store_data);
}

} // namespace

Bytes isdp_aid(std::uint16_t number) {
    const std::array<std::uint8_t, 4> suffix{0x00, static_cast<std::uint8_t>(number >> 8),
                                             static_cast<std::uint8_t>(number), 0x00};
    Bytes aid(platform_aid_prefix.begin(), platform_aid_prefix.end());
    append(aid, suffix);
    return aid;
}

std::optional<ProfileState> profile_state(std::uint8_t life_cycle) noexcept {
    switch (life_cycle) {
    case gp::life_cycle::installed:
    case gp::life_cycle::selectable:
    case gp::life_cycle::personalized:
        return ProfileState::Created;
    case life_cycle_disabled:
        return ProfileState::Disabled;
    case life_cycle_enabled:
        return ProfileState::Enabled;
    default:
        return std::nullopt;
    }
}

std::string_view to_string(ProfileState state) noexcept {
    switch (state) {
    case ProfileState::Created:
        return "created";
    case ProfileState::Disabled:
        return "disabled";
    case ProfileState::Enabled:
        return "enabled";
    }
    return "unknown";
}

CommandApdu create_isdp(const CreateIsdp& request) {
    gp::InstallParameters parameters;
    parameters.application_specific.assign(isdp_sd_parameters.begin(), isdp_sd_parameters.end());
    parameters.non_volatile_quota = request.non_volatile_quota;
    parameters.volatile_quota = request.volatile_quota;
    gp::InstallForInstall install;
    install.load_file_aid = request.load_file_aid;
    install.module_aid = request.module_aid;
    install.instance_aid = request.isdp_aid;
    install.privileges = isdp_privileges;
    install.install_parameters = gp::encode_install_parameters(parameters);
    // WHTY's published CreateISDP (spec/sgp02.md test vectors) is a case-3 command.
    return gp::install_for_install(install).with_ne(std::nullopt);
}

CommandApdu enable_profile(ByteView isdp_aid) { return profile_store_data(dgi::enable_profile, isdp_aid, "EnableProfile"); }

CommandApdu disable_profile(ByteView isdp_aid) {
    return profile_store_data(dgi::disable_profile, isdp_aid, "DisableProfile");
}

CommandApdu set_fallback_attribute(ByteView isdp_aid) {
    return profile_store_data(dgi::set_fallback_attribute, isdp_aid, "SetFallBackAttribute");
}

CommandApdu delete_profile(ByteView isdp_aid) {
    gp::detail::check_aid(isdp_aid, "DeleteProfile");
    return gp::detail::command(gp::ins::delete_object, 0x00, p2_delete_isdp, ber::encode(tag_aid, isdp_aid), true);
}

Bytes parse_profile_target(ByteView store_data_payload, std::uint16_t expected_dgi) {
    constexpr const char* context = "ISD-R STORE DATA";
    const std::vector<gp::Dgi> dgis = gp::parse_dgis(store_data_payload);
    if (dgis.size() != 1 || dgis[0].tag != expected_dgi) {
        const std::array<std::uint8_t, 2> dgi{static_cast<std::uint8_t>(expected_dgi >> 8),
                                              static_cast<std::uint8_t>(expected_dgi)};
        throw CodecError(context, 0, "expected one DGI " + to_hex(dgi));
    }
    // One DGI: its value is the tail of the payload.
    const std::size_t value_at = store_data_payload.size() - dgis[0].value.size();
    const auto tlvs = ber::detail::parse_located(dgis[0].value, {}, value_at);
    if (tlvs.size() != 1 || tlvs[0].tlv.tag != tag_aid) {
        throw CodecError(context, value_at, "expected one 4F (ISD-P AID)");
    }
    const Bytes& aid = tlvs[0].tlv.value;
    if (aid.size() < gp::detail::min_aid || aid.size() > gp::detail::max_aid) {
        throw CodecError(context, tlvs[0].offset, "AID of " + std::to_string(aid.size()) + " bytes");
    }
    return aid;
}

} // namespace euicc::sgp02
