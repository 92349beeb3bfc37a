// SPDX-License-Identifier: Apache-2.0
// Splitting secured packets into concatenated SMS per 3GPP TS 31.115 §4 and TS 23.040 §9.2.3.24.1 / .8.
#include <euicc/apdu/sms_concatenation.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace euicc::sms {

namespace {

constexpr std::size_t packet_id_ie_size = 2;         // IEI 70/71 with IEDL 0
constexpr std::size_t concat_8bit_ie_size = 2 + 3;   // 00 03 ref n i
constexpr std::size_t concat_16bit_ie_size = 2 + 4;  // 08 04 ref ref n i
constexpr std::size_t max_parts = 255;               // the total is one octet

} // namespace

std::vector<UserData> split_packet(ByteView packet, std::uint8_t packet_iei, ConcatenationReference reference) {
    if (packet.empty()) {
        throw std::invalid_argument("SMS split: empty secured packet");
    }
    if (!reference.sixteen_bit && reference.value > 0xFF) {
        throw std::invalid_argument("SMS split: reference " + std::to_string(reference.value) +
                                    " does not fit the 8-bit concatenation IE");
    }
    const InformationElement packet_id{packet_iei, {}};
    if (packet.size() <= max_single_packet) {
        return {UserData{Udh{{packet_id}}, Bytes(packet.begin(), packet.end())}};
    }
    // Every part spends the UDHL octet and the concatenation IE; part 1 also the packet identifier.
    const std::size_t concat_ie = reference.sixteen_bit ? concat_16bit_ie_size : concat_8bit_ie_size;
    const std::size_t first_capacity = max_user_data_octets - 1 - packet_id_ie_size - concat_ie;
    const std::size_t other_capacity = max_user_data_octets - 1 - concat_ie;
    const std::size_t total = 1 + (packet.size() - first_capacity + other_capacity - 1) / other_capacity;
    if (total > max_parts) {
        throw std::invalid_argument("SMS split: a packet of " + std::to_string(packet.size()) + " octets needs " +
                                    std::to_string(total) + " parts (at most 255)");
    }
    std::vector<UserData> parts;
    std::size_t at = 0;
    for (std::size_t sequence = 1; sequence <= total; ++sequence) {
        const std::size_t capacity = sequence == 1 ? first_capacity : other_capacity;
        const std::size_t size = std::min(capacity, packet.size() - at);
        const Concatenation concatenation{reference.value, reference.sixteen_bit, static_cast<std::uint8_t>(total),
                                          static_cast<std::uint8_t>(sequence)};
        UserData ud;
        ud.header = Udh{};
        if (sequence == 1) {
            ud.header->elements.push_back(packet_id);
        }
        ud.header->elements.push_back(concatenation.to_element());
        const ByteView chunk = packet.subspan(at, size);
        ud.body.assign(chunk.begin(), chunk.end());
        parts.push_back(std::move(ud));
        at += size;
    }
    return parts;
}

std::vector<UserData> split_command_packet(ByteView packet, ConcatenationReference reference) {
    return split_packet(packet, iei::command_packet, reference);
}

std::vector<UserData> split_response_packet(ByteView packet, ConcatenationReference reference) {
    return split_packet(packet, iei::response_packet, reference);
}

} // namespace euicc::sms
