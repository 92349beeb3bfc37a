// SPDX-License-Identifier: Apache-2.0
// SGP.02 ES8 on an ISD-P (spec/sgp02.md §5, spec/saip.md §9, spec/scp03.md §9): profile download and installation
// over SCP03t, connectivity parameters over SCP03.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/saip.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/host/sgp02_errors.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

struct DownloadOptions {
    /// Plaintext per `86` segment: saip::max_segment_size (1007) by default, the largest SGP.02 §4.1.3.3 lets
    /// every eUICC accept.
    saip::SegmentOptions segments{};
    /// Largest STORE DATA data field carrying the TLVs. 0 (default): each TLV in one command, with extended
    /// length when it exceeds 255 bytes (fewest APDUs; PC/SC and vpcd carry extended APDUs). 1..255: short APDUs
    /// only, a TLV spread over numbered blocks (gp::store_data_blocks).
    std::size_t max_block = 0;
    /// Key identifier in the `84` TLV (njiwa sends 01 for the key-establishment keyset; 00 = as the card likes).
    std::uint8_t key_id = 0x00;
};

/// What a download produced (ES8.DownloadAndInstallation; ES3.ProfileDownloadCompleted would follow).
struct ProfileInstallation {
    Bytes isdp_aid;
    std::string iccid;                       ///< header ICCID, equal to EF.ICCID (checked before sending)
    std::optional<std::string> profile_type; ///< header profileType
    std::size_t package_size = 0;
    std::size_t segments = 0;                ///< `86` TLVs sent
    std::size_t commands = 0;                ///< APDUs sent, SELECT included
    /// Every EUICCResponse the ISD-P returned, in order. The eUICC may send them per segment, per PE or only at
    /// the end (spec/saip.md §7, UNCONFIRMED); a card answering `86 00` throughout leaves this empty, and an
    /// audit (the ISD-P Disabled) is then the evidence of success.
    std::vector<saip::EuiccResponse> responses;

    /// No response reported a PE status other than ok (installation aborted throws instead).
    bool ok() const noexcept;
};

/// Talks to one ISD-P directly, as the SM-DP does over ES8.
///
/// Carrier on the direct path (a project choice, spec/saip.md §9.2): OTA, the SM-SR puts the SCP03t TLVs into a
/// TS 102 226 script for the ISD-P's TAR or HTTPS target. Here the host SELECTs the ISD-P (GPCS §11.9) on its
/// logical channel and sends each TLV (84, 85, each 86) as one STORE DATA sequence: P1 11 (more blocks, BER-TLV,
/// response expected) ... P1 91 on the last block, P2 = block number from 00 for each TLV, Le 00; every block
/// answers 9000, the last one with the response TLV (84 answer, `85 00`, `86 00` or `86` + R-ENC data + R-MAC,
/// or an error TLV `9F xx`). No APDU-level secure messaging: SCP03t protects the TLVs end to end.
///
/// Borrows `channel` and `rng`; not thread-safe.
class IsdP {
public:
    /// Throws std::invalid_argument for an AID outside 5..16 bytes or a channel over 19.
    IsdP(transport::CardChannel& channel, ByteView isdp_aid, Rng& rng, unsigned logical_channel = 0);

    /// ES8.DownloadAndInstallation: checks the package (saip::walk, saip::check_iccid; CodecError before anything
    /// is sent), cuts it (saip::segment), SELECTs the ISD-P, opens SCP03t at level 33 with `keys` (84 with a host
    /// challenge from the Rng, card cryptogram checked, 85), sends every segment as `86` and decrypts/verifies
    /// every answer, collecting the EUICCResponses.
    /// Errors: StatusWordError (typed as throw_status_word_error; 6A84 -> NotEnoughMemoryError) naming the TLV,
    /// e.g. "PROFILE DOWNLOAD 86 segment 3/13"; scp03::TlvErrorResponse for an error TLV; SecurityError (naming
    /// the ISD-P) for a wrong card cryptogram or R-MAC; ProfileInstallationError when an EUICCResponse says
    /// profileInstallationAborted (no further segment is sent).
    ProfileInstallation download_and_install_profile(const scp03::StaticKeys& keys, ByteView package,
                                                     const DownloadOptions& options = {});

    /// ES8.UpdateConnectivityParameters (spec/sgp02.md §5.4): SELECT + SCP03 (level 33) with the ISD-P's keys,
    /// then STORE DATA 3A07 { A0 { 06 <SMSC> } }. Errors as SecurityDomainSession / throw_status_word_error.
    void update_connectivity_parameters(const scp03::StaticKeys& keys, std::string_view smsc_digits,
                                        std::uint8_t ton_npi = 0x91);

    const Bytes& aid() const noexcept { return m_aid; }

private:
    transport::CardChannel& m_channel;
    Bytes m_aid;
    Rng& m_rng;
    unsigned m_logical_channel;
};

} // namespace euicc::host
