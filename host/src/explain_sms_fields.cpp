// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for SMS fields: TP-OA/DA, PID, DCS, SCTS (TS 23.040 §9.1.2.5, §9.2.3), TP-UD with its header
// (§9.2.3.24, TS 31.115 §4 IEIs 70/71) and the secured packet it carries.
#include <cstdio>

#include <euicc/apdu/sms_gsm7.hpp>
#include <euicc/apdu/sms_udh.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

std::string_view ton_name(sms::Ton ton) noexcept {
    switch (ton) {
    case sms::Ton::Unknown: return "unknown type of number";
    case sms::Ton::International: return "international";
    case sms::Ton::National: return "national";
    case sms::Ton::NetworkSpecific: return "network specific";
    case sms::Ton::Subscriber: return "subscriber number";
    case sms::Ton::Alphanumeric: return "alphanumeric";
    case sms::Ton::Abbreviated: return "abbreviated";
    case sms::Ton::Reserved: return "reserved type of number";
    }
    return "reserved type of number";
}

std::string npi_name(sms::Npi npi) {
    switch (npi) {
    case sms::Npi::Unknown: return "unknown numbering plan";
    case sms::Npi::IsdnTelephone: return "ISDN/E.164";
    case sms::Npi::Data: return "data X.121";
    case sms::Npi::Telex: return "telex";
    case sms::Npi::ServiceCentreSpecific5:
    case sms::Npi::ServiceCentreSpecific6: return "service centre specific plan";
    case sms::Npi::National: return "national plan";
    case sms::Npi::Private: return "private plan";
    case sms::Npi::Ermes: return "ERMES";
    case sms::Npi::Reserved: break;
    }
    return "numbering plan " + std::to_string(static_cast<unsigned>(npi));
}

std::string information_element_words(const sms::InformationElement& ie) {
    const ByteView d = ie.data;
    switch (ie.iei) {
    case sms::iei::concatenated_8bit:
    case sms::iei::concatenated_16bit: {
        const bool wide = ie.iei == sms::iei::concatenated_16bit;
        if (d.size() != (wide ? 4u : 3u)) {
            break;
        }
        const unsigned reference = wide ? (d[0] << 8 | d[1]) : d[0];
        const std::size_t at = wide ? 2 : 1;
        return std::string("concatenated short message, ") + (wide ? "16" : "8") + "-bit reference " +
               std::to_string(reference) + ": part " + std::to_string(d[at + 1]) + " of " + std::to_string(d[at]);
    }
    case sms::iei::port_8bit:
        if (d.size() == 2) {
            return "application port, destination " + std::to_string(d[0]) + ", originator " + std::to_string(d[1]);
        }
        break;
    case sms::iei::port_16bit:
        if (d.size() == 4) {
            return "application port, destination " + std::to_string(d[0] << 8 | d[1]) + ", originator " +
                   std::to_string(d[2] << 8 | d[3]);
        }
        break;
    case sms::iei::command_packet:
        return "command packet identifier (CPI, TS 31.115 §4): a secured command packet follows";
    case sms::iei::response_packet:
        return "response packet identifier (RPI, TS 31.115 §4): a response packet (PoR) follows";
    default:
        if (ie.iei >= 0x72 && ie.iei <= 0x7F) {
            return "(U)SIM toolkit security header (reserved range 70..7F)";
        }
        break;
    }
    return "information element " + hex_byte(ie.iei) + ", " + count(d.size(), "byte");
}

Explanation explain_header(const sms::Udh& udh, Input bytes) {
    Explanation header = node("user data header", count(udh.elements.size(), "information element"), bytes.bytes);
    for (const sms::InformationElement& ie : udh.elements) {
        Bytes encoded{ie.iei, static_cast<std::uint8_t>(ie.data.size())};
        append(encoded, ie.data);
        header.add(node("IEI " + hex_byte(ie.iei), information_element_words(ie), encoded));
    }
    return header;
}

} // namespace

std::string sms_address_words(const sms::Address& address) {
    if (address.ton == sms::Ton::Alphanumeric) {
        return "\"" + address.digits + "\" (alphanumeric)";
    }
    const std::string digits = address.digits.empty() ? "(empty)" : address.digits;
    return (address.ton == sms::Ton::International ? "+" : "") + digits + " (" +
           std::string(ton_name(address.ton)) + ", " + npi_name(address.npi) + ")";
}

std::string sms_pid_words(std::uint8_t pid) {
    switch (pid) {
    case sms::pid::default_sme: return "00: plain short message for the SME";
    case 0x7C: return "7C: ANSI-136 R-DATA";
    case sms::pid::me_data_download: return "7D: ME data download";
    case sms::pid::me_depersonalization: return "7E: ME de-personalization short message";
    case sms::pid::usim_data_download:
        return "7F: (U)SIM data download, the terminal hands it to the UICC in ENVELOPE SMS-PP download";
    default: break;
    }
    if (pid >= 0x20 && pid <= 0x3F) {
        return hex_byte(pid) + ": telematic interworking";
    }
    if (pid == 0x40) {
        return "40: short message type 0 (acknowledged, not stored)";
    }
    if (pid >= 0x41 && pid <= 0x47) {
        return hex_byte(pid) + ": replace short message type " + std::to_string(pid - 0x40);
    }
    return hex_byte(pid) + ": protocol identifier (TS 23.040 §9.2.3.9)";
}

std::string sms_dcs_words(std::uint8_t dcs) {
    const sms::DataCoding coding = sms::DataCoding::decode(dcs);
    std::string text = hex_byte(dcs) + ": ";
    switch (coding.alphabet) {
    case sms::Alphabet::Gsm7: text += "GSM 7-bit default alphabet"; break;
    case sms::Alphabet::Data8: text += "8-bit data"; break;
    case sms::Alphabet::Ucs2: text += "UCS2"; break;
    }
    if (coding.compressed) {
        text += ", compressed";
    }
    if (coding.message_class) {
        static constexpr std::string_view classes[] = {"class 0 (flash)", "class 1 (ME specific)",
                                                       "class 2 ((U)SIM specific)", "class 3 (TE specific)"};
        text += ", ";
        text += classes[*coding.message_class & 0x03];
    }
    return text;
}

std::string sms_timestamp_words(const sms::Timestamp& t) {
    // TS 23.040 §9.2.3.11 sends two year digits; service centres of this century are assumed.
    const int quarters = t.utc_offset_quarters < 0 ? -t.utc_offset_quarters : t.utc_offset_quarters;
    char text[64];
    std::snprintf(text, sizeof text, "20%02u-%02u-%02u %02u:%02u:%02u UTC%c%d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute, t.second, t.utc_offset_quarters < 0 ? '-' : '+', quarters / 4, (quarters % 4) * 15);
    return text;
}

void explain_user_data_field(Explanation& parent, ByteReader& reader, Input tpdu, std::uint8_t dcs, bool udhi,
                             const sms::UserData* decoded, Context& context) {
    const std::size_t udl_at = reader.offset();
    const std::size_t udl = reader.u8();
    const sms::DataCoding coding = sms::DataCoding::decode(dcs);
    const bool septets = coding.udl_in_septets();
    const std::size_t octets = septets ? sms::gsm7::packed_size(udl) : udl;
    parent.add(node("TP-UDL",
                    septets ? count(udl, "septet") + " (" + count(octets, "octet") + ")" : count(udl, "octet"),
                    tpdu.bytes.subspan(udl_at, 1)));
    const Input ud = tpdu.sub(reader.offset());
    static_cast<void>(reader.rest());
    if (ud.size() != octets) {
        parent.add(malformed_at(tpdu.offset + udl_at, "TP-UDL",
                                "announces " + count(octets, "octet") + " but " + count(ud.size(), "octet") +
                                    " follow (the octets present are explained)"));
    }
    if (ud.empty()) {
        return;
    }
    if (udhi && !septets) {
        parent.add(explain_user_data(ud, context));
        return;
    }
    Explanation field = node("TP-UD", count(ud.size(), "octet"), ud.bytes);
    if (decoded != nullptr && coding.alphabet != sms::Alphabet::Data8 && !coding.compressed) {
        try {
            field.add(node("text", "\"" + decoded->text(dcs) + "\""));
        } catch (const CodecError& e) {
            field.add(malformed(e, ud.offset));
        }
    }
    parent.add(std::move(field));
}

Explanation explain_user_data(Input input, Context& context) {
    Explanation root = node("TP-UD", "user data with a header", input.bytes);
    ByteView body_bytes;
    sms::Udh udh;
    try {
        udh = sms::Udh::decode(input.bytes, &body_bytes);
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
        return root;
    }
    const std::size_t header_size = input.size() - body_bytes.size();
    root.add(explain_header(udh, input.sub(0, header_size)));
    const Input body = input.sub(header_size);
    const auto concatenation = udh.concatenation();
    const bool several_parts = concatenation && concatenation->total > 1;
    if (body.empty()) {
        return root;
    }
    if (several_parts && !(concatenation->sequence == 1 && udh.command_packet())) {
        root.add(node("body", "part " + std::to_string(concatenation->sequence) + " of " +
                                  std::to_string(concatenation->total) +
                                  " of a concatenated message: join the parts to explain the packet",
                      body.bytes));
    } else if (udh.command_packet()) {
        root.add(explain_command_packet(body, context, several_parts));
    } else if (udh.response_packet()) {
        root.add(explain_response_packet(body, context));
    } else {
        root.add(node("body", count(body.size(), "octet"), body.bytes));
    }
    return root;
}

} // namespace euicc::host::detail
