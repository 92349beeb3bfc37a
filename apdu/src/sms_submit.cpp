// SPDX-License-Identifier: Apache-2.0
// SMS-SUBMIT codec per 3GPP TS 23.040 §9.2.2.2 (RD, VPF with none/relative/enhanced/absolute TP-VP, SRR, RP, MR, DA).
#include <euicc/apdu/sms_tpdu.hpp>

#include <algorithm>
#include <variant>

#include <euicc/error.hpp>

#include "sms_tpdu_bits.hpp"
#include "sms_user_data.hpp"

namespace euicc::sms {

namespace {

// §9.2.2.2 first octet: b8 RP, b7 UDHI, b6 SRR, b5..b4 VPF, b3 RD, b2..b1 MTI.
constexpr std::uint8_t srr_bit = 0x20;
constexpr std::uint8_t rd_bit = 0x04;
constexpr unsigned vpf_shift = 3;
// §9.2.3.3: TP-VPF values.
constexpr std::uint8_t vpf_none = 0x0;
constexpr std::uint8_t vpf_enhanced = 0x1;
constexpr std::uint8_t vpf_relative = 0x2;
constexpr std::uint8_t vpf_absolute = 0x3;

struct VpWriter {
    Bytes& out;
    std::uint8_t operator()(std::monostate) const { return vpf_none; }
    std::uint8_t operator()(const RelativeValidity& vp) const {
        out.push_back(vp.value);
        return vpf_relative;
    }
    std::uint8_t operator()(const EnhancedValidity& vp) const {
        out.insert(out.end(), vp.octets.begin(), vp.octets.end());
        return vpf_enhanced;
    }
    std::uint8_t operator()(const Timestamp& vp) const {
        append(out, vp.encode());
        return vpf_absolute;
    }
};

ValidityPeriod read_validity(ByteReader& r, unsigned vpf) {
    switch (vpf) {
    case vpf_relative:
        return RelativeValidity{r.u8()};
    case vpf_enhanced: {
        EnhancedValidity vp;
        const ByteView octets = r.take(vp.octets.size());
        std::copy(octets.begin(), octets.end(), vp.octets.begin());
        return vp;
    }
    case vpf_absolute:
        return Timestamp::read(r);
    default:
        return std::monostate{};
    }
}

} // namespace

Bytes Submit::encode() const {
    Bytes out{0x00, message_reference};
    append(out, destination.encode_tp());
    out.push_back(pid);
    out.push_back(dcs);
    const std::uint8_t vpf = std::visit(VpWriter{out}, validity);
    detail::write_user_data(out, user_data, dcs);
    unsigned first = detail::mti_submit;
    first |= reply_path ? detail::rp_bit : 0u;
    first |= user_data.header ? detail::udhi_bit : 0u;
    first |= status_report_request ? srr_bit : 0u;
    first |= static_cast<unsigned>(vpf) << vpf_shift;
    first |= reject_duplicates ? rd_bit : 0u;
    out[0] = static_cast<std::uint8_t>(first);
    return out;
}

Submit Submit::decode(ByteView tpdu) {
    ByteReader r(tpdu, "SMS-SUBMIT");
    const std::uint8_t first = r.u8();
    detail::check_mti(r, first, detail::mti_submit, "SMS-SUBMIT");
    Submit s;
    s.reply_path = (first & detail::rp_bit) != 0;
    s.status_report_request = (first & srr_bit) != 0;
    s.reject_duplicates = (first & rd_bit) != 0;
    s.message_reference = r.u8();
    s.destination = Address::read_tp(r);
    s.pid = r.u8();
    s.dcs = r.u8();
    s.validity = read_validity(r, (first >> vpf_shift) & 0x03);
    s.user_data = detail::read_user_data(r, tpdu, s.dcs, (first & detail::udhi_bit) != 0);
    r.expect_end();
    return s;
}

} // namespace euicc::sms
