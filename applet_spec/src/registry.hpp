// SPDX-License-Identifier: Apache-2.0
// GPCS §11.4 Table 11-36 card side: the registry entries GET STATUS reports (ISD-R, ECASD, ISD-Ps and the ISD-P
// load file), with the SGP.02 additions of an ISD-P's entry (applet_spec/sgp02.md §3.5).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>

#include "platform_state.hpp"

namespace euicc::card {

/// GET STATUS P1 (GPCS §11.4, spec/globalplatform.md §9).
namespace status_scope {
inline constexpr std::uint8_t issuer_security_domain = 0x80;
inline constexpr std::uint8_t applications = 0x40;
inline constexpr std::uint8_t load_files = 0x20;
inline constexpr std::uint8_t load_files_and_modules = 0x10;
} // namespace status_scope

/// The `E3` templates of every entry in `scope` whose AID starts with `aid_prefix`, in registry order (ISD-R; ECASD,
/// then ISD-Ps in creation order; the ISD-P load file). With a tag list only the listed tags are kept.
/// An ISD-P's entry: `4F`, `9F70`, `C5 80C000`, `C4` load file, `CC` ISD-R, `53` profile attributes (01 = fall-back),
/// `8F` memory quota and `91` its remaining part (with a quota), `5A` ICCID as EF.ICCID codes it (with a profile).
/// nullopt for another scope.
std::optional<std::vector<Bytes>> registry_entries(std::uint8_t scope, ByteView aid_prefix,
                                                   const std::optional<std::vector<ber::Tag>>& tag_list,
                                                   const PlatformState& state);

} // namespace euicc::card
