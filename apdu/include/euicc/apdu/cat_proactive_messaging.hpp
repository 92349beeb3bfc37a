// SPDX-License-Identifier: Apache-2.0
// Proactive commands that carry text or messages (ETSI TS 102 223 §6.6.1, §6.6.9; 3GPP TS 31.111 §6.6.9):
// DISPLAY TEXT, SEND SHORT MESSAGE.
#pragma once

#include <optional>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/cat_text.hpp>

namespace euicc::cat {

/// DISPLAY TEXT (21, §6.6.1). Qualifier: qualifier::high_priority, qualifier::wait_for_user.
struct DisplayText {
    static constexpr CommandType type = CommandType::DisplayText;
    CommandHeader header = command_header(device::display);
    TextString text;                      ///< 0D, mandatory
    std::optional<Bytes> icon_identifier; ///< 1E
    bool immediate_response = false;      ///< 2B present
    std::optional<Duration> duration;     ///< 04

    friend bool operator==(const DisplayText&, const DisplayText&) = default;
};

/// SEND SHORT MESSAGE (13, §6.6.9): an SMS-SUBMIT TPDU (kept raw, see the sms codec) for the network.
/// Qualifier b1 (qualifier::packing_required): the terminal packs 7-bit text.
struct SendShortMessage {
    static constexpr CommandType type = CommandType::SendShortMessage;
    CommandHeader header = command_header(device::network);
    std::optional<Bytes> alpha_identifier; ///< 05
    std::optional<Address> address;        ///< 06: the SMS-C (RP-DA)
    Bytes tpdu;                            ///< 0B, mandatory
    std::optional<Bytes> icon_identifier;  ///< 1E

    friend bool operator==(const SendShortMessage&, const SendShortMessage&) = default;
};

/// D0 BER-TLV of each command.
Bytes encode(const DisplayText& command);
Bytes encode(const SendShortMessage& command);

} // namespace euicc::cat
