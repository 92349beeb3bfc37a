// SPDX-License-Identifier: Apache-2.0
// SCP03t TLVs in STORE DATA sequences to a selected ISD-P (spec/saip.md §9.2, lpac's ES10b convention; GPCS
// §11.11.2 P1 Table 11-89, block numbering).
#include "scp03t_carrier.hpp"

#include <vector>

#include <euicc/apdu/gp.hpp>
#include <euicc/host/sgp02_errors.hpp>

namespace euicc::host::detail {

namespace {

constexpr gp::StoreDataOptions tlv_blocks{gp::DataStructure::BerTlv, gp::DataEncryption::None, true};
constexpr std::uint32_t le_any = 256;

std::vector<apdu::CommandApdu> blocks_for(ByteView tlv, std::size_t max_block) {
    if (max_block != 0) {
        return gp::store_data_blocks(tlv, max_block, tlv_blocks);
    }
    // One command per TLV: a 1020-byte `86` segment needs the extended Lc that gp::store_data (short APDUs,
    // GPCS §11.1.5) does not build; the header is the same last-block header.
    return {apdu::CommandApdu(gp::cla_gp, gp::ins::store_data, gp::store_data_p1(true, tlv_blocks), 0x00,
                              Bytes(tlv.begin(), tlv.end()), le_any)};
}

} // namespace

Bytes send_tlv(transport::CardChannel& channel, unsigned logical_channel, ByteView tlv, std::size_t max_block,
               const std::string& name, std::size_t& commands) {
    for (const apdu::CommandApdu& block : blocks_for(tlv, max_block)) {
        const apdu::ResponseApdu answer = channel.transmit(block, logical_channel);
        ++commands;
        if (answer.sw() != apdu::sw::ok) {
            throw_status_word_error(name, answer.sw());
        }
        if (!answer.data().empty()) {
            // GPCS §11.11.3: only the last block has response data; data earlier means the card has answered
            // the TLV already (an error TLV), so the rest is not sent.
            return answer.data();
        }
    }
    return {};
}

} // namespace euicc::host::detail
