// SPDX-License-Identifier: Apache-2.0
// SGP.02 DGI 3A07 payloads: ES5.UpdateSMSRAddressingParameters (spec/sgp02.md §4.8, WHTY, UNCONFIRMED) and
// ES8.UpdateConnectivityParameters (§5.4), SMS addresses as TS 23.040 §9.1.2.5 swapped BCD.
#include <euicc/apdu/sgp02.hpp>

#include <stdexcept>

#include <euicc/error.hpp>

#include "bcd_digits.hpp"
#include "gp_command.hpp"
#include "tlv_locate.hpp"

namespace euicc::sgp02 {

namespace {

constexpr ber::Tag tag_connectivity_sms = 0xA0;   // §5.4 SMS parameters template
constexpr ber::Tag tag_smsc_address = 0x06;       // §5.4 SMSC address
constexpr ber::Tag tag_smsr_addressing = 0xA3;    // §4.8, WHTY
constexpr ber::Tag tag_smsr_sms_address = 0x81;   // §4.8, WHTY
constexpr std::size_t max_address_digits = 40;
constexpr gp::StoreDataOptions isdr_store_data{gp::DataStructure::Dgi, gp::DataEncryption::None, false};

Bytes address_digits(std::string_view digits) {
    if (digits.size() > max_address_digits) {
        throw std::invalid_argument("SMS address of " + std::to_string(digits.size()) + " digits, at most 40");
    }
    return bcd::encode_swapped(digits);
}

CommandApdu connectivity_store_data(ber::Tag template_tag, ber::Tag element_tag, Bytes element) {
    const Bytes payload = gp::encode_dgi(dgi::connectivity_parameters,
                                         ber::encode(template_tag, ber::encode(element_tag, element)));
    return gp::store_data(payload, 0, true, isdr_store_data);
}

} // namespace

CommandApdu update_smsr_addressing_parameters(std::string_view sms_address_digits, std::uint8_t ton_npi) {
    const Bytes digits = address_digits(sms_address_digits);
    // WHTY writes the number of digit bytes before TON/NPI (not the digit count of TS 23.040).
    Bytes element{static_cast<std::uint8_t>(digits.size()), ton_npi};
    append(element, digits);
    return connectivity_store_data(tag_smsr_addressing, tag_smsr_sms_address, std::move(element));
}

CommandApdu update_connectivity_parameters(std::string_view smsc_digits, std::uint8_t ton_npi) {
    Bytes element{ton_npi};
    append(element, address_digits(smsc_digits));
    return connectivity_store_data(tag_connectivity_sms, tag_smsc_address, std::move(element));
}

SmsrAddress parse_smsr_addressing_parameters(ByteView store_data_payload) {
    constexpr const char* context = "SM-SR address";
    const std::vector<gp::Dgi> dgis = gp::parse_dgis(store_data_payload);
    if (dgis.size() != 1 || dgis[0].tag != dgi::connectivity_parameters) {
        throw CodecError(context, 0, "expected one DGI 3A07");
    }
    const std::size_t value_at = store_data_payload.size() - dgis[0].value.size();
    const auto top = ber::detail::parse_located(dgis[0].value, {}, value_at);
    if (top.size() != 1 || top[0].tlv.tag != tag_smsr_addressing) {
        throw CodecError(context, value_at, "expected one A3 template");
    }
    const ber::detail::Located* address = nullptr;
    const auto children = ber::detail::children_located(top[0]);
    for (const auto& child : children) {
        if (child.tlv.tag == tag_smsr_sms_address) {
            address = &child;
        }
    }
    if (address == nullptr) {
        throw CodecError(context, top[0].offset, "A3 without 81");
    }
    ByteReader r(address->tlv.value, context);
    return ber::detail::parse_shifted(address->value_offset, [&] {
        const std::uint8_t count = r.u8();
        SmsrAddress out;
        out.ton_npi = r.u8();
        if (count != r.remaining()) {
            r.fail_at(0, "digit byte count " + std::to_string(count) + " but " + std::to_string(r.remaining()) +
                             " byte(s) follow");
        }
        out.digits = bcd::decode_swapped(r.rest(), context, 2);
        return out;
    });
}

} // namespace euicc::sgp02
