// SPDX-License-Identifier: Apache-2.0
// SMS-DELIVER codec per 3GPP TS 23.040 §9.2.2.1 (first octet flags, TP-OA, PID, DCS, SCTS, UDL, UD).
#include <euicc/apdu/sms_tpdu.hpp>

#include <euicc/error.hpp>

#include "sms_tpdu_bits.hpp"
#include "sms_user_data.hpp"

namespace euicc::sms {

namespace {

// §9.2.2.1 first octet: b8 RP, b7 UDHI, b6 SRI, b5 unused, b4 LP, b3 MMS, b2..b1 MTI.
constexpr std::uint8_t sri_bit = 0x20;
constexpr std::uint8_t unused_bit = 0x10;
constexpr std::uint8_t lp_bit = 0x08;
constexpr std::uint8_t mms_bit = 0x04;

} // namespace

Bytes Deliver::encode() const {
    unsigned first = detail::mti_deliver;
    first |= reply_path ? detail::rp_bit : 0u;
    first |= user_data.header ? detail::udhi_bit : 0u;
    first |= status_report_indication ? sri_bit : 0u;
    first |= loop_prevention ? lp_bit : 0u;
    first |= more_messages_waiting ? 0u : mms_bit; // §9.2.3.2: 0 = more messages are waiting
    Bytes out{static_cast<std::uint8_t>(first)};
    append(out, originator.encode_tp());
    out.push_back(pid);
    out.push_back(dcs);
    append(out, service_centre_time.encode());
    detail::write_user_data(out, user_data, dcs);
    return out;
}

Deliver Deliver::decode(ByteView tpdu) {
    ByteReader r(tpdu, "SMS-DELIVER");
    const std::uint8_t first = r.u8();
    detail::check_mti(r, first, detail::mti_deliver, "SMS-DELIVER");
    if ((first & unused_bit) != 0) {
        r.fail_at(0, "unused bit 5 of the first octet is set");
    }
    Deliver d;
    d.reply_path = (first & detail::rp_bit) != 0;
    d.status_report_indication = (first & sri_bit) != 0;
    d.loop_prevention = (first & lp_bit) != 0;
    d.more_messages_waiting = (first & mms_bit) == 0;
    d.originator = Address::read_tp(r);
    d.pid = r.u8();
    d.dcs = r.u8();
    d.service_centre_time = Timestamp::read(r);
    d.user_data = detail::read_user_data(r, tpdu, d.dcs, (first & detail::udhi_bit) != 0);
    r.expect_end();
    return d;
}

Deliver make_sms_pp_deliver(const Address& originator, const Timestamp& service_centre_time, UserData user_data) {
    Deliver d;
    d.originator = originator;
    d.pid = pid::usim_data_download;
    d.dcs = dcs::class2_8bit;
    d.service_centre_time = service_centre_time;
    d.user_data = std::move(user_data);
    return d;
}

} // namespace euicc::sms
