// SPDX-License-Identifier: Apache-2.0
// GPCS §11.5 (Tables 11-43, 11-44, 11-47, 11-49) card side: the LV fields of INSTALL and the install
// parameters of a security domain, as sgp02::create_isdp / gp::install_for_personalization build them.
#pragma once

#include <cstdint>
#include <optional>

#include <euicc/apdu/bytes.hpp>

namespace euicc::card {

/// The six LV fields every INSTALL variant has (GPCS §11.5: for install, make selectable, personalization).
struct InstallData {
    Bytes load_file_aid;
    Bytes module_aid;
    Bytes application_aid;
    Bytes privileges;
    Bytes parameters;
    Bytes token;
};

/// Throws CodecError("INSTALL", offset) when the fields do not cover the data exactly (one length byte each).
InstallData parse_install_data(ByteView data);

/// What the install parameters say about a new security domain.
struct SdInstallParameters {
    Bytes application_specific;                      ///< C9 content
    std::optional<std::uint32_t> non_volatile_quota; ///< EF/C8 (GPCS), or EF/83 as njiwa writes it (spec/sgp02.md §4.1)
    std::optional<std::uint32_t> volatile_quota;     ///< EF/C7
};

/// `C9 L <...> [EF L {C8 .., C7 .., ...}]`: C9 is mandatory (Table 11-49); a quota is 1..4 bytes. Other EF
/// elements (CA, D7, ...) are accepted and ignored. Throws CodecError("install parameters", offset).
SdInstallParameters parse_sd_install_parameters(ByteView parameters);

/// Whether C9 content names SCP03 (`81 02 03 <i>`) or nothing about the SCP; false for another SCP. Throws
/// CodecError("BER-TLV", offset) for content that is not BER-TLV.
bool supports_scp03(ByteView application_specific);

} // namespace euicc::card
