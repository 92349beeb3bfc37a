// SPDX-License-Identifier: Apache-2.0
// SMS-DELIVER-REPORT codec per 3GPP TS 23.040 §9.2.2.1a (RP-ACK and RP-ERROR forms, TP-FCS, TP-PI, optional fields).
#include <euicc/apdu/sms_tpdu.hpp>

#include <euicc/error.hpp>

#include "sms_tpdu_bits.hpp"
#include "sms_user_data.hpp"

namespace euicc::sms {

namespace {

// §9.2.3.27 TP-PI: b1 PID, b2 DCS, b3 UDL; b4..b7 reserved, b8 extension (further TP-PI octets, unsupported).
constexpr std::uint8_t pi_pid = 0x01;
constexpr std::uint8_t pi_dcs = 0x02;
constexpr std::uint8_t pi_udl = 0x04;
constexpr std::uint8_t pi_known = pi_pid | pi_dcs | pi_udl;
// §9.2.2.1a: only TP-MTI and TP-UDHI are defined in the first octet.
constexpr std::uint8_t first_known = detail::udhi_bit | detail::mti_mask;

} // namespace

Bytes DeliverReport::encode() const {
    unsigned first = detail::mti_deliver;
    first |= (user_data && user_data->header) ? detail::udhi_bit : 0u;
    Bytes out{static_cast<std::uint8_t>(first)};
    if (failure_cause) {
        out.push_back(*failure_cause);
    }
    unsigned pi = 0;
    pi |= pid ? pi_pid : 0u;
    pi |= dcs ? pi_dcs : 0u;
    pi |= user_data ? pi_udl : 0u;
    out.push_back(static_cast<std::uint8_t>(pi));
    if (pid) {
        out.push_back(*pid);
    }
    if (dcs) {
        out.push_back(*dcs);
    }
    if (user_data) {
        // §9.2.3.27: without TP-DCS the user data is read with the default DCS 00.
        detail::write_user_data(out, *user_data, dcs.value_or(sms::dcs::gsm7_default));
    }
    return out;
}

DeliverReport DeliverReport::decode(ByteView tpdu, Kind kind) {
    ByteReader r(tpdu, "SMS-DELIVER-REPORT");
    const std::uint8_t first = r.u8();
    detail::check_mti(r, first, detail::mti_deliver, "SMS-DELIVER-REPORT");
    if ((first & ~first_known) != 0) {
        r.fail_at(0, "reserved bits of the first octet are set");
    }
    DeliverReport report;
    if (kind == Kind::Error) {
        report.failure_cause = r.u8();
    }
    const std::size_t pi_at = r.offset();
    const std::uint8_t pi = r.u8();
    if ((pi & ~pi_known) != 0) {
        r.fail_at(pi_at, "TP-PI reserved or extension bits set");
    }
    const bool udhi = (first & detail::udhi_bit) != 0;
    if (udhi && (pi & pi_udl) == 0) {
        r.fail_at(0, "TP-UDHI set but TP-PI announces no TP-UD");
    }
    if ((pi & pi_pid) != 0) {
        report.pid = r.u8();
    }
    if ((pi & pi_dcs) != 0) {
        report.dcs = r.u8();
    }
    if ((pi & pi_udl) != 0) {
        report.user_data = detail::read_user_data(r, tpdu, report.dcs.value_or(dcs::gsm7_default), udhi);
    }
    r.expect_end();
    return report;
}

} // namespace euicc::sms
