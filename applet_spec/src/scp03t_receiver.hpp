// SPDX-License-Identifier: Apache-2.0
// SGP.02 §4.1.3.3 / §5.2 ISD-P side of SCP03t (spec/scp03.md §9): 84 InitializeUpdate, 85 ExternalAuthenticate,
// 86 profile package segments, and the installation when the package is complete (applet_spec/sgp02.md §4).
#pragma once

#include <optional>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/rng.hpp>

#include "applications.hpp"
#include "channel_context.hpp"
#include "platform.hpp"

namespace euicc::card {

/// SCP03t error codes in `9F <command tag - 40> 01 <code>` (scp03::error_tlv). SGP.02's own codes are UNCONFIRMED;
/// these are the project's (applet_spec/sgp02.md §4.3).
namespace scp03t_error {
inline constexpr std::uint8_t not_understood = 0x01;   ///< malformed TLV content, or no keyset with that KVN
inline constexpr std::uint8_t security_failure = 0x02; ///< host cryptogram, C-MAC, padding
inline constexpr std::uint8_t out_of_sequence = 0x03;  ///< 85 without 84, 86 before 85, 85 twice
} // namespace scp03t_error

/// Takes complete SCP03t TLVs for one ISD-P. Borrows `platform` and `rng`.
class Scp03tReceiver {
public:
    Scp03tReceiver(Platform& platform, Rng& rng) : m_platform(platform), m_rng(rng) {}

    /// Processes `tlv` for ISD-P `isdp` with the download state of its channel. The answer is a response TLV
    /// (84 answer, `85 00`, `86 00`, `86` + protected EUICCResponse, or an error TLV) with 9000; 6985 when the
    /// ISD-P is not PERSONALIZED (a profile is installed already, or no keys yet); 6A80 for a tag other than
    /// 84/85/86 or a TLV that is not one BER-TLV. Any refusal ends the download: the ISD-P stays as it was.
    apdu::ResponseApdu operator()(std::optional<ProfileDownload>& download, const Selection& isdp, ByteView tlv);

private:
    apdu::ResponseApdu initialize_update(std::optional<ProfileDownload>& download, const Selection& isdp,
                                         ByteView tlv);
    apdu::ResponseApdu external_authenticate(std::optional<ProfileDownload>& download, const Selection& isdp,
                                             ByteView tlv);
    apdu::ResponseApdu command_data(std::optional<ProfileDownload>& download, const Selection& isdp, ByteView tlv);
    /// The package is complete: checks it and, when it is accepted, installs it (ISD-P disabled, one durable write).
    Bytes install(const Selection& isdp, const Bytes& package);

    Platform& m_platform;
    Rng& m_rng;
};

} // namespace euicc::card
