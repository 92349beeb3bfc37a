// SPDX-License-Identifier: Apache-2.0
// Private: SCP03t TLVs carried to a selected ISD-P in STORE DATA sequences (project choice, spec/saip.md §9.2;
// GPCS §11.11 P1/P2 coding).
#pragma once

#include <cstddef>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host::detail {

/// Sends one TLV as a STORE DATA sequence on `logical_channel`: P1 11 ... 91 (BER-TLV, response expected), P2
/// from 00, Le 00. `max_block` 0 sends it in one command (extended length when over 255 bytes), 1..255 cuts it
/// with gp::store_data_blocks. Every block must answer 9000 (throw_status_word_error naming `name` otherwise).
/// Returns the response data (the last block's, or an earlier block's if the card answered early: the rest is
/// then not sent) and adds the APDUs sent to `commands`.
Bytes send_tlv(transport::CardChannel& channel, unsigned logical_channel, ByteView tlv, std::size_t max_block,
               const std::string& name, std::size_t& commands);

} // namespace euicc::host::detail
