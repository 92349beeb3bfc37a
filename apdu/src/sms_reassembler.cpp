// SPDX-License-Identifier: Apache-2.0
// Reassembly of concatenated SMS per 3GPP TS 23.040 §9.2.3.24.1 / .8 and TS 31.115 §4 (key: OA, reference, total).
#include <euicc/apdu/sms_concatenation.hpp>

#include <string>
#include <tuple>

#include <euicc/error.hpp>

namespace euicc::sms {

namespace {

constexpr const char* context = "SMS concatenation";

auto key_tuple(const ConcatenationKey& k) {
    return std::tie(k.originator.ton, k.originator.npi, k.originator.digits, k.reference, k.sixteen_bit, k.total);
}

std::string part_text(std::size_t sequence, std::size_t total) {
    return "part " + std::to_string(sequence) + " of " + std::to_string(total);
}

} // namespace

bool operator<(const ConcatenationKey& a, const ConcatenationKey& b) { return key_tuple(a) < key_tuple(b); }

Reassembler::Reassembler(std::size_t max_pending) : m_max_pending(max_pending) {}

std::optional<ReassembledMessage> Reassembler::add(const Deliver& sms) {
    return add(sms.originator, sms.dcs, sms.user_data);
}

std::optional<ReassembledMessage> Reassembler::add(const Address& originator, std::uint8_t dcs,
                                                   const UserData& user_data) {
    const Udh* udh = user_data.header ? &*user_data.header : nullptr;
    const bool command_packet = udh != nullptr && udh->command_packet();
    const bool response_packet = udh != nullptr && udh->response_packet();
    const auto index = udh != nullptr ? udh->concatenation_index() : std::nullopt;
    if (!index) {
        return ReassembledMessage{user_data.body, command_packet, response_packet, 1};
    }
    const Concatenation c = *udh->concatenation();
    // Offsets inside the TP-UD: the IED is ref (1 or 2 octets), total, sequence.
    const std::size_t total_at = udh->data_offset(*index) + (c.sixteen_bit ? 2 : 1);
    const std::size_t sequence_at = total_at + 1;
    if (c.total == 0) {
        throw CodecError(context, total_at, "concatenation IE announces 0 parts");
    }
    if (c.sequence == 0 || c.sequence > c.total) {
        throw CodecError(context, sequence_at,
                         "sequence number " + std::to_string(c.sequence) + " outside 1.." + std::to_string(c.total));
    }
    const ConcatenationKey key{originator, c.reference, c.sixteen_bit, c.total};
    auto it = m_pending.find(key);
    if (it == m_pending.end()) {
        if (m_pending.size() >= m_max_pending) {
            throw CodecError(context, 0, "more than " + std::to_string(m_max_pending) +
                                             " partial messages pending; expire stale ones");
        }
        Partial partial;
        partial.parts.resize(c.total);
        partial.dcs = dcs;
        it = m_pending.emplace(key, std::move(partial)).first;
    } else if (it->second.dcs != dcs) {
        throw CodecError(context, 0, part_text(c.sequence, c.total) + " has a different TP-DCS than the parts before");
    }
    Partial& partial = it->second;
    Part part{user_data.body, command_packet, response_packet};
    std::optional<Part>& slot = partial.parts[c.sequence - 1u];
    if (slot) {
        if (*slot == part) {
            return std::nullopt; // an identical copy (e.g. a retransmission) changes nothing
        }
        throw CodecError(context, sequence_at, part_text(c.sequence, c.total) + " received twice with different content");
    }
    slot = std::move(part);
    for (const auto& p : partial.parts) {
        if (!p) {
            return std::nullopt;
        }
    }
    ReassembledMessage message;
    message.parts = c.total;
    for (const auto& p : partial.parts) {
        append(message.body, p->body);
        message.command_packet = message.command_packet || p->command_packet;
        message.response_packet = message.response_packet || p->response_packet;
    }
    m_pending.erase(it);
    return message;
}

std::vector<ConcatenationKey> Reassembler::pending() const {
    std::vector<ConcatenationKey> keys;
    for (const auto& entry : m_pending) {
        keys.push_back(entry.first);
    }
    return keys;
}

std::vector<std::uint8_t> Reassembler::missing_parts(const ConcatenationKey& key) const {
    std::vector<std::uint8_t> missing;
    const auto it = m_pending.find(key);
    if (it == m_pending.end()) {
        return missing;
    }
    for (std::size_t i = 0; i < it->second.parts.size(); ++i) {
        if (!it->second.parts[i]) {
            missing.push_back(static_cast<std::uint8_t>(i + 1));
        }
    }
    return missing;
}

std::string Reassembler::describe_missing(const ConcatenationKey& key) const {
    const std::vector<std::uint8_t> missing = missing_parts(key);
    if (missing.empty()) {
        return "no pending message";
    }
    std::string text = missing.size() == 1 ? "part " : "parts ";
    for (std::size_t i = 0; i < missing.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(missing[i]);
    }
    return text + " of " + std::to_string(key.total) + " missing";
}

void Reassembler::expire(const std::vector<ConcatenationKey>& keys) {
    for (const ConcatenationKey& key : keys) {
        m_pending.erase(key);
    }
}

void Reassembler::clear() noexcept { m_pending.clear(); }

} // namespace euicc::sms
