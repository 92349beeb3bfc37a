// SPDX-License-Identifier: Apache-2.0
// SGP.02 §4.1.3.3 / §5.2 ISD-P side of SCP03t (spec/scp03.md §9): 84 InitializeUpdate, 85 ExternalAuthenticate,
// 86 profile package segments, and the installation when the package is complete (applet_spec/sgp02.md §4).
#include "scp03t_receiver.hpp"

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/saip.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

#include "card_parameters.hpp"
#include "dispatcher.hpp"
#include "memory_accounting.hpp"
#include "profile_installer.hpp"

namespace euicc::card {

namespace {

/// saip.md §7 status codes of a download that stops early.
constexpr std::uint32_t not_enough_memory = 4;
constexpr std::uint32_t invalid_request_format = 5;

apdu::ResponseApdu answered(Bytes tlv) { return apdu::ResponseApdu(std::move(tlv), apdu::sw::ok); }

apdu::ResponseApdu refused(std::optional<ProfileDownload>& download, std::uint8_t command_tag, std::uint8_t code) {
    download.reset();
    return answered(scp03::error_tlv(command_tag, code));
}

/// Only a PERSONALIZED ISD-P (keys, no profile) takes a package (SGP.02 §3.1.3).
const IsdpRecord* receiving_isdp(const Platform& platform, const Selection& isdp) {
    const IsdpRecord* record = platform.state().find_isdp(isdp.aid);
    return record != nullptr && record->life_cycle == isdp_state::personalized ? record : nullptr;
}

} // namespace

apdu::ResponseApdu Scp03tReceiver::operator()(std::optional<ProfileDownload>& download, const Selection& isdp,
                                              ByteView tlv) {
    std::uint32_t tag = 0;
    try {
        tag = ber::parse_one(tlv).tag;
    } catch (const CodecError&) {
        download.reset();
        return status(apdu::sw::wrong_data);
    }
    if (receiving_isdp(m_platform, isdp) == nullptr) {
        download.reset();
        return status(apdu::sw::conditions_not_satisfied);
    }
    switch (tag) {
    case scp03::tlv_tag::initialize_update: return initialize_update(download, isdp, tlv);
    case scp03::tlv_tag::external_authenticate: return external_authenticate(download, isdp, tlv);
    case scp03::tlv_tag::command_data: return command_data(download, isdp, tlv);
    default:
        download.reset();
        return status(apdu::sw::wrong_data);
    }
}

apdu::ResponseApdu Scp03tReceiver::initialize_update(std::optional<ProfileDownload>& download, const Selection& isdp,
                                                     ByteView tlv) {
    constexpr std::uint8_t tag = scp03::tlv_tag::initialize_update;
    // A new 84 starts a new session: whatever an earlier one received is dropped (a download can always restart).
    download.reset();
    scp03::InitializeUpdateCommand command;
    try {
        command = scp03::parse_initialize_update_tlv(tlv);
    } catch (const CodecError&) {
        return refused(download, tag, scp03t_error::not_understood);
    }
    const std::optional<scp03::StaticKeys> keys = m_platform.scp03_keyset(isdp, command.kvn);
    if (!keys) {
        return refused(download, tag, scp03t_error::not_understood);
    }
    const std::optional<std::uint32_t> counter = m_platform.next_sequence_counter(isdp, keys->kvn);
    if (!counter) {
        return status(apdu::sw::conditions_not_satisfied);  // Amd D §6.2.2.1: sequence counter exhausted
    }
    download.emplace(ProfileDownload{
        scp03::CardWrapper(*keys, command, card_parameters(m_platform, isdp, *counter), m_rng), std::nullopt});
    return answered(scp03::initialize_update_tlv_response(download->wrapper.initialize_update_response()));
}

apdu::ResponseApdu Scp03tReceiver::external_authenticate(std::optional<ProfileDownload>& download,
                                                         const Selection& isdp, ByteView tlv) {
    constexpr std::uint8_t tag = scp03::tlv_tag::external_authenticate;
    if (!download || download->package) {
        return refused(download, tag, scp03t_error::out_of_sequence);
    }
    try {
        download->wrapper.external_authenticate_tlv(tlv);
    } catch (const SecurityError&) {
        return refused(download, tag, scp03t_error::security_failure);
    } catch (const CodecError&) {
        return refused(download, tag, scp03t_error::not_understood);
    }
    // The ISD-P's quota, or the free memory now, bounds the package (applet_spec/sgp02.md §7).
    const PlatformState& state = m_platform.state();
    download->package.emplace(package_limit(*state.find_isdp(isdp.aid), state, m_platform.settings()));
    return answered(scp03::external_authenticate_tlv_response());
}

apdu::ResponseApdu Scp03tReceiver::command_data(std::optional<ProfileDownload>& download, const Selection& isdp,
                                                ByteView tlv) {
    constexpr std::uint8_t tag = scp03::tlv_tag::command_data;
    if (!download || !download->package) {
        return refused(download, tag, scp03t_error::out_of_sequence);
    }
    Bytes segment;
    try {
        segment = download->wrapper.unwrap_tlv(tlv);
    } catch (const SecurityError&) {
        return refused(download, tag, scp03t_error::security_failure);
    } catch (const CodecError&) {
        return refused(download, tag, scp03t_error::not_understood);
    }
    Bytes response;
    switch (download->package->add(segment)) {
    case PackageAssembly::Progress::More:
        return answered(download->wrapper.wrap_tlv({}));
    case PackageAssembly::Progress::TooLarge:
        response = saip::encode_euicc_response(aborted_response(not_enough_memory));
        break;
    case PackageAssembly::Progress::Malformed:
        response = saip::encode_euicc_response(
            aborted_response(invalid_request_format, static_cast<std::uint32_t>(download->package->fault_offset())));
        break;
    case PackageAssembly::Progress::Complete:
        try {
            response = install(isdp, download->package->package());
        } catch (...) {
            download.reset();  // not installed (the state could not be saved): the ISD-P stays PERSONALIZED
            throw;
        }
        break;
    }
    // The package is decided either way: the session ends with this answer.
    Bytes answer = download->wrapper.wrap_tlv(response);
    download.reset();
    return answered(std::move(answer));
}

Bytes Scp03tReceiver::install(const Selection& isdp, const Bytes& package) {
    const InstallationOutcome outcome = check_package(package, m_platform.state(), isdp.aid);
    if (outcome.profile) {
        const InstalledProfile& profile = *outcome.profile;
        // The commit point of a download: before it the ISD-P is PERSONALIZED without a profile, after it
        // DISABLED with one; a power loss leaves one or the other (applet_spec/sgp02.md §4.4).
        m_platform.update([&](PlatformState& state) {
            IsdpRecord* record = state.find_isdp(isdp.aid);
            record->life_cycle = isdp_state::disabled;
            record->iccid = profile.iccid;
            record->profile_type = profile.profile_type;
            record->pol1 = profile.pol1;
            record->profile_size = profile.size;
            record->connectivity_parameters = profile.connectivity_parameters;
        });
    }
    return saip::encode_euicc_response(outcome.response);
}

} // namespace euicc::card
