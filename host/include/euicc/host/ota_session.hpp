// SPDX-License-Identifier: Apache-2.0
// OTA over SMS-PP for one card and TAR (TS 102 225/31.115 SCP80, TS 102 226 scripts, TS 31.111 §7.1.1).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/remote_script.hpp>
#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/sms_address.hpp>
#include <euicc/apdu/trigger.hpp>
#include <euicc/host/counter_store.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host {

/// SPI 16 19: counter must be higher, ciphered, CC; PoR required, with CC, ciphered, returned in the ENVELOPE
/// response (SMS-DELIVER-REPORT path). Set por_via_sms_submit for 16 39 (PoR by SEND SHORT MESSAGE).
scp80::Spi default_ota_spi() noexcept;

/// "<card>/<TAR hex>/<KVN>": one replay counter per card, application and key set (TS 102 225 §5.1.1: the
/// receiving entity keeps a counter per key set).
std::string make_counter_key(std::string_view card_identity, const scp80::Tar& tar, std::uint8_t kvn);

/// Everything that addresses one application of one card over SMS-PP.
struct OtaParameters {
    scp80::Keyset keys; ///< never logged or put in exception texts
    scp80::Spi spi = default_ota_spi();
    std::uint8_t kic = 0x12; ///< key version 1, AES-CBC (the lab key set of the virtual eUICC)
    std::uint8_t kid = 0x12; ///< key version 1, AES-CMAC
    scp80::Tar tar{};        ///< 000000: the ISD-R (TS 101 220 Annex D, issuer security domain)
    /// TP-OA of the SMS-DELIVERs: the SM-SR's number, and where a PoR by SMS-SUBMIT goes.
    sms::Address originator = sms::Address::international("8821234567");
    std::optional<sms::Address> smsc; ///< ENVELOPE address object (RP-OA); omitted when empty
    std::string counter_key;          ///< see make_counter_key; must not be empty
};

/// What became of one secured packet.
struct OtaDelivery {
    scp80::CommandHeader header;        ///< as sent, with the counter used
    std::vector<SmsPpOutcome> parts;    ///< one per SMS-DELIVER sent, in order (fewer if a PoR came early)
    std::optional<Bytes> por_user_data; ///< the PoR as received; nullopt when none came
    std::optional<scp80::ResponsePacket> por; ///< the verified PoR (status PorOk; others throw PorError)
};

enum class ScriptFormat { Compact, Expanded };

/// The card's answer to a command script (TS 102 226 §5.1.2 compact / §5.2.2 expanded response).
struct ScriptResult {
    OtaDelivery delivery;
    /// Commands the card executed (compact: its count; expanded: the 80 object, or the R-APDUs counted in the
    /// indefinite form). 0 when no PoR came.
    std::size_t executed = 0;
    std::optional<apdu::StatusWord> last_sw;
    /// Compact: the last executed command's data and SW (all the format returns). Expanded: every R-APDU.
    std::vector<apdu::ResponseApdu> responses;
    /// Expanded: the whole response, including bad format / chaining items.
    std::optional<remote::ExpandedResponse> expanded;

    std::uint64_t counter() const noexcept { return delivery.header.counter; }
};

/// One secured packet as the SMS-DELIVERs that carry it, built but not sent.
struct PreparedPacket {
    scp80::CommandHeader header;    ///< with the counter reserved for it (spent, whatever becomes of it)
    std::vector<sms::Deliver> parts; ///< in order; one unless the packet needs concatenation
};

/// What OtaSession::send_secured_data sends, without a terminal: reserves the next counter in `counters`,
/// wraps `secured_data` and splits it into SMS-DELIVERs stamped with `service_centre_time` (UTC). For a sender
/// elsewhere, e.g. the push server (host/docs/push_server.md): the SM-SR keeps the keys and `header`, and checks a
/// PoR that comes back with scp80::unwrap_response. Throws std::invalid_argument for an empty counter key.
PreparedPacket prepare_secured_packet(const OtaParameters& parameters, CounterStore& counters,
                                      ByteView secured_data,
                                      std::chrono::system_clock::time_point service_centre_time);
/// prepare_secured_packet for a trigger (applet_spec/trigger.md) as the secured data.
PreparedPacket prepare_trigger(const OtaParameters& parameters, CounterStore& counters,
                               const trigger::Trigger& trigger,
                               std::chrono::system_clock::time_point service_centre_time);

struct OtaSessionOptions {
    /// Service centre time stamps of the SMS-DELIVERs (TP-SCTS, UTC); empty = system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock;
};

/// Sends secured packets to one TAR of the card behind `terminal` and interprets the PoRs.
///
/// Per packet: reserve the next counter in `counters` (durably, before anything is sent)
/// -> scp80::wrap_command -> SMS-DELIVER(s), PID 7F, DCS F6, UDH 70 (concatenated beyond 137 octets, 8-bit
/// reference = counter mod 256) -> ToolkitTerminal::sms_pp_download per part -> PoR from the response data
/// or a SEND SHORT MESSAGE -> scp80::unwrap_response. Errors: PorError for a PoR status other than PorOk;
/// SecurityError for a PoR that fails its CC/RC or names another TAR/counter; CodecError for a malformed PoR
/// or response script; StatusWordError("ENVELOPE SMS-PP download") when the card answers 9300 (busy) or a
/// download error without a PoR; euicc::Error when the SPI asks for a PoR and none came. The keys never
/// appear in any of them.
class OtaSession {
public:
    using Options = OtaSessionOptions;

    /// `terminal` and `counters` are borrowed and must outlive the session. Throws std::invalid_argument for
    /// an empty counter key.
    OtaSession(ToolkitTerminal& terminal, OtaParameters parameters, CounterStore& counters,
               Options options = {});

    /// A compact script (TS 102 226 §5.1) of `commands`.
    ScriptResult send_script(std::span<const apdu::CommandApdu> commands);
    /// An expanded script (§5.2); the response is decoded as an expanded response.
    ScriptResult send_script(const remote::ExpandedCommandScript& script);
    /// A script already encoded in `format`, sent as is.
    ScriptResult send_script(ByteView script, ScriptFormat format);

    /// A trigger (applet_spec/trigger.md) as the secured data for the TAR. The card answers with proactive
    /// commands (TIMER MANAGEMENT, or OPEN CHANNEL at once), found in the deliveries' sessions; the caller
    /// then drives ToolkitTerminal::poll_timers(). A PoR is only expected when the SPI asks for one.
    OtaDelivery send_trigger(const trigger::Trigger& trigger);

    /// Any secured data (the lower layer of the calls above).
    OtaDelivery send_secured_data(ByteView secured_data);

    const OtaParameters& parameters() const noexcept { return m_parameters; }
    ToolkitTerminal& terminal() noexcept { return m_terminal; }

private:
    ToolkitTerminal& m_terminal;
    OtaParameters m_parameters;
    CounterStore& m_counters;
    Options m_options;
};

} // namespace euicc::host
