// SPDX-License-Identifier: Apache-2.0
// TP-UDL / TP-UD coding per 3GPP TS 23.040 §9.2.3.16 and §9.2.3.24 (octets or septets with fill bits after a UDH).
#include "sms_user_data.hpp"

#include <stdexcept>
#include <string>

#include <euicc/apdu/sms_gsm7.hpp>
#include <euicc/error.hpp>

#include "sms_utf8.hpp"

namespace euicc::sms {

namespace {

// §9.2.3.24: a header of `octets` octets occupies this many septets of a GSM 7-bit TP-UD (with fill bits).
std::size_t header_septets(std::size_t octets) { return (octets * 8 + 6) / 7; }

} // namespace

std::string UserData::text(std::uint8_t dcs) const {
    const DataCoding coding = DataCoding::decode(dcs);
    if (coding.compressed) {
        throw std::invalid_argument("SMS user data: compressed data (TS 23.042) is not decoded");
    }
    switch (coding.alphabet) {
    case Alphabet::Gsm7:
        return gsm7::to_utf8(body);
    case Alphabet::Ucs2:
        return detail::utf16be_to_utf8(body);
    case Alphabet::Data8:
        break;
    }
    throw std::invalid_argument("SMS user data: 8-bit data is not text");
}

UserData UserData::gsm7_text(std::string_view text) { return UserData{std::nullopt, gsm7::from_utf8(text)}; }

namespace detail {

void write_user_data(Bytes& out, const UserData& user_data, std::uint8_t dcs) {
    const Bytes header = user_data.header ? user_data.header->encode() : Bytes{};
    if (DataCoding::decode(dcs).udl_in_septets()) {
        const std::size_t skip = header_septets(header.size());
        const std::size_t udl = skip + user_data.body.size();
        if (udl > max_user_data_septets) {
            throw std::invalid_argument("SMS user data: " + std::to_string(udl) + " septets exceed 160");
        }
        out.push_back(static_cast<std::uint8_t>(udl));
        append(out, header);
        append(out, gsm7::pack(user_data.body, static_cast<unsigned>(skip * 7 - header.size() * 8)));
        return;
    }
    const std::size_t udl = header.size() + user_data.body.size();
    if (udl > max_user_data_octets) {
        throw std::invalid_argument("SMS user data: " + std::to_string(udl) + " octets exceed 140");
    }
    out.push_back(static_cast<std::uint8_t>(udl));
    append(out, header);
    append(out, user_data.body);
}

UserData read_user_data(ByteReader& r, ByteView tpdu, std::uint8_t dcs, bool udhi) {
    const bool septets = DataCoding::decode(dcs).udl_in_septets();
    const std::size_t udl_at = r.offset();
    const std::size_t udl = r.u8();
    const std::size_t limit = septets ? max_user_data_septets : max_user_data_octets;
    if (udl > limit) {
        r.fail_at(udl_at, "TP-UDL " + std::to_string(udl) + " exceeds " + std::to_string(limit) +
                              (septets ? " septets" : " octets"));
    }
    const std::size_t octets = septets ? gsm7::packed_size(udl) : udl;
    if (octets > r.remaining()) {
        r.fail_at(udl_at, "TP-UDL " + std::to_string(udl) + " announces " + std::to_string(octets) +
                              " octet(s), only " + std::to_string(r.remaining()) + " present");
    }
    const std::size_t ud_at = r.offset();
    const ByteView ud = r.take(octets);

    UserData user_data;
    std::size_t header_octets = 0;
    if (udhi) {
        if (ud.empty()) {
            r.fail_at(udl_at, "TP-UDHI set but TP-UD is empty");
        }
        // A reader over the TPDU up to the end of the UD: the UDHL cannot reach past the UD, offsets stay absolute.
        ByteReader inner(tpdu.first(ud_at + octets), r.context());
        inner.take(ud_at);
        user_data.header = Udh::read(inner);
        header_octets = inner.offset() - ud_at;
    }
    if (!septets) {
        const ByteView body = ud.subspan(header_octets);
        user_data.body.assign(body.begin(), body.end());
        return user_data;
    }
    const std::size_t skip = header_octets == 0 ? 0 : header_septets(header_octets);
    if (skip > udl) {
        r.fail_at(udl_at, "TP-UDL " + std::to_string(udl) + " septets is shorter than the " +
                              std::to_string(skip) + "-septet header");
    }
    user_data.body = gsm7::unpack(ud.subspan(header_octets), udl - skip,
                                  static_cast<unsigned>(skip * 7 - header_octets * 8));
    return user_data;
}

} // namespace detail

} // namespace euicc::sms
