// SPDX-License-Identifier: Apache-2.0
// Private: shared GlobalPlatform command pieces: class, Le, AID and LV rules of GPCS v2.3.1 §11.1.
#include "gp_command.hpp"

#include <stdexcept>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/error.hpp>

namespace euicc::gp::detail {

apdu::CommandApdu command(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, Bytes data, bool expect_data) {
    return apdu::CommandApdu(cla_gp, ins, p1, p2, std::move(data),
                             expect_data ? std::optional<std::uint32_t>(le_any) : std::nullopt);
}

void check_aid(ByteView aid, const char* what, bool partial) {
    if (aid.size() > max_aid || (!partial && aid.size() < min_aid)) {
        throw std::invalid_argument(std::string(what) + ": AID of " + std::to_string(aid.size()) +
                                    " bytes, expected " + (partial ? "0" : "5") + "..16");
    }
}

void append_lv(Bytes& out, ByteView value) {
    append(out, ber::encode_length(value.size()));
    append(out, value);
}

std::uint32_t read_uint(ByteView value, const std::string& context, std::size_t offset) {
    if (value.empty() || value.size() > 4) {
        throw CodecError(context, offset, "integer of " + std::to_string(value.size()) + " bytes, expected 1..4");
    }
    std::uint32_t v = 0;
    for (const std::uint8_t b : value) {
        v = (v << 8) | b;
    }
    return v;
}

Bytes minimal_uint(std::uint32_t value) {
    Bytes out;
    for (int shift = 24; shift > 0; shift -= 8) {
        const auto b = static_cast<std::uint8_t>(value >> shift);
        if (b != 0 || !out.empty()) {
            out.push_back(b);
        }
    }
    out.push_back(static_cast<std::uint8_t>(value));
    return out;
}

std::string tag_name(std::uint32_t tag) {
    return to_hex(ber::encode_tag(tag));
}

} // namespace euicc::gp::detail
