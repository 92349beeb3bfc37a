// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for SMS TPDUs (3GPP TS 23.040 §9.2.2): SMS-DELIVER, SMS-SUBMIT, SMS-DELIVER-REPORT, field by field.
#include <variant>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

constexpr std::uint8_t mti_mask = 0x03;
constexpr std::uint8_t udhi_bit = 0x40;

std::string yes_no(bool value) {
    return value ? "yes" : "no";
}

// §9.2.2.1: b8 RP, b7 UDHI, b6 SRI, b4 LP, b3 MMS (0 = more messages waiting), b2..b1 MTI.
std::string deliver_flags(std::uint8_t first) {
    return "TP-MTI " + std::to_string((first & mti_mask) >> 1) + std::to_string(first & 1) +
           ", user data header: " + yes_no((first & udhi_bit) != 0) +
           ", more messages waiting: " + yes_no((first & 0x04) == 0) + ", reply path: " + yes_no((first & 0x80) != 0) +
           ", status report indication: " + yes_no((first & 0x20) != 0) +
           ", loop prevention: " + yes_no((first & 0x08) != 0);
}

// §9.2.2.2: b8 RP, b7 UDHI, b6 SRR, b5..b4 VPF, b3 RD, b2..b1 MTI.
std::string submit_flags(std::uint8_t first) {
    static constexpr std::string_view vpf[] = {"no validity period", "enhanced validity period",
                                               "relative validity period", "absolute validity period"};
    return "TP-MTI " + std::to_string((first & mti_mask) >> 1) + std::to_string(first & 1) +
           ", user data header: " + yes_no((first & udhi_bit) != 0) + ", " + std::string(vpf[(first >> 3) & 0x03]) +
           ", reject duplicates: " + yes_no((first & 0x04) != 0) +
           ", status report requested: " + yes_no((first & 0x20) != 0) + ", reply path: " + yes_no((first & 0x80) != 0);
}

std::string validity_words(const sms::ValidityPeriod& validity) {
    if (const auto* relative = std::get_if<sms::RelativeValidity>(&validity)) {
        const std::uint32_t minutes = relative->minutes();
        if (minutes % (24 * 60) == 0) {
            return "relative: " + count(minutes / (24 * 60), "day");
        }
        return "relative: " + count(minutes, "minute");
    }
    if (const auto* absolute = std::get_if<sms::Timestamp>(&validity)) {
        return "absolute: until " + sms_timestamp_words(*absolute);
    }
    return "enhanced format (7 octets, kept as sent)";
}

std::string failure_cause_words(std::uint8_t fcs) {
    switch (fcs) {
    case sms::fcs::usim_storage_full: return "D0: (U)SIM SMS storage full";
    case sms::fcs::usat_busy: return "D4: (U)SIM Application Toolkit busy";
    case sms::fcs::usim_data_download_error: return "D5: (U)SIM data download error";
    case sms::fcs::unspecified: return "FF: unspecified error cause";
    default: return hex_byte(fcs) + ": failure cause (TS 23.040 §9.2.3.22)";
    }
}

// §9.2.3.27: b1 TP-PID, b2 TP-DCS, b3 TP-UDL present.
std::string parameter_indicator_words(std::uint8_t pi) {
    std::string present;
    for (const auto& [bit, name] : {std::pair{0x01, "TP-PID"}, std::pair{0x02, "TP-DCS"}, std::pair{0x04, "TP-UDL"}}) {
        if ((pi & bit) != 0) {
            present += present.empty() ? name : std::string(", ") + name;
        }
    }
    return present.empty() ? "no optional parameter follows" : present + " present";
}

/// Reads one field with `read` and adds it as a node over the bytes it consumed.
template <typename Read>
void field(Explanation& parent, ByteReader& reader, Input input, std::string label, Read read) {
    const std::size_t start = reader.offset();
    std::string words = read();
    parent.add(node(std::move(label), std::move(words), input.bytes.subspan(start, reader.offset() - start)));
}

/// Runs the strict decoder after a lenient walk that found nothing wrong, so every rule it enforces is reported.
template <typename Decode>
void cross_check(Explanation& root, Input input, Decode decode) {
    if (root.malformed()) {
        return;
    }
    try {
        decode();
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
    }
}

} // namespace

Explanation explain_deliver(Input input, Context& context) {
    Explanation root = node("SMS-DELIVER", "short message, service centre to MS (TS 23.040 §9.2.2.1)", input.bytes);
    std::optional<sms::Deliver> strict;
    try {
        strict = sms::Deliver::decode(input.bytes);
    } catch (const CodecError&) {
        // Reported by the walk or the cross-check below, at the place it concerns.
    }
    ByteReader r(input.bytes, "SMS-DELIVER");
    try {
        const std::uint8_t first = r.u8();
        root.add(node("first octet", deliver_flags(first), input.bytes.first(1)));
        if ((first & mti_mask) != 0) {
            root.add(malformed_at(input.offset, "SMS-DELIVER", "TP-MTI is not 00"));
        }
        field(root, r, input, "TP-OA", [&] { return "originating address " + sms_address_words(sms::Address::read_tp(r)); });
        std::uint8_t dcs = 0;
        field(root, r, input, "TP-PID", [&] { return sms_pid_words(r.u8()); });
        field(root, r, input, "TP-DCS", [&] { return sms_dcs_words(dcs = r.u8()); });
        field(root, r, input, "TP-SCTS", [&] {
            return "service centre time stamp " + sms_timestamp_words(sms::Timestamp::read(r));
        });
        explain_user_data_field(root, r, input, dcs, (first & udhi_bit) != 0, strict ? &strict->user_data : nullptr,
                                context);
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
    }
    cross_check(root, input, [&] { sms::Deliver::decode(input.bytes); });
    return root;
}

Explanation explain_submit(Input input, Context& context) {
    Explanation root = node("SMS-SUBMIT", "short message, MS to service centre (TS 23.040 §9.2.2.2)", input.bytes);
    std::optional<sms::Submit> strict;
    try {
        strict = sms::Submit::decode(input.bytes);
    } catch (const CodecError&) {
        // Reported by the walk or the cross-check.
    }
    ByteReader r(input.bytes, "SMS-SUBMIT");
    try {
        const std::uint8_t first = r.u8();
        root.add(node("first octet", submit_flags(first), input.bytes.first(1)));
        if ((first & mti_mask) != 1) {
            root.add(malformed_at(input.offset, "SMS-SUBMIT", "TP-MTI is not 01"));
        }
        field(root, r, input, "TP-MR", [&] { return "message reference " + std::to_string(r.u8()); });
        field(root, r, input, "TP-DA",
              [&] { return "destination address " + sms_address_words(sms::Address::read_tp(r)); });
        std::uint8_t dcs = 0;
        field(root, r, input, "TP-PID", [&] { return sms_pid_words(r.u8()); });
        field(root, r, input, "TP-DCS", [&] { return sms_dcs_words(dcs = r.u8()); });
        const unsigned vpf = (first >> 3) & 0x03;
        if (vpf != 0) {
            field(root, r, input, "TP-VP", [&] {
                // §9.2.3.3 VPF: 10 relative (1 octet), 11 absolute (7), 01 enhanced (7).
                switch (vpf) {
                case 2: return validity_words(sms::RelativeValidity{r.u8()});
                case 3: return validity_words(sms::Timestamp::read(r));
                default: r.take(7); return validity_words(sms::EnhancedValidity{});
                }
            });
        }
        explain_user_data_field(root, r, input, dcs, (first & udhi_bit) != 0, strict ? &strict->user_data : nullptr,
                                context);
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
    }
    cross_check(root, input, [&] { sms::Submit::decode(input.bytes); });
    return root;
}

Explanation explain_deliver_report(Input input, Context& context) {
    // §9.2.2.1a: only the RP-ERROR form carries TP-FCS, in octet 2. Failure causes are 80..FF, while a TP-PI with
    // its extension bit set is not supported, so octet 2 tells the forms apart.
    const bool error_form = input.size() > 1 && input[1] >= 0x80;
    Explanation root = node("SMS-DELIVER-REPORT",
                            error_form ? "negative report, in RP-ERROR (TS 23.040 §9.2.2.1a)"
                                       : "positive report, in RP-ACK (TS 23.040 §9.2.2.1a)",
                            input.bytes);
    ByteReader r(input.bytes, "SMS-DELIVER-REPORT");
    try {
        const std::uint8_t first = r.u8();
        root.add(node("first octet",
                      "TP-MTI " + std::to_string((first & mti_mask) >> 1) + std::to_string(first & 1) +
                          ", user data header: " + yes_no((first & udhi_bit) != 0),
                      input.bytes.first(1)));
        if (error_form) {
            field(root, r, input, "TP-FCS", [&] { return failure_cause_words(r.u8()); });
        }
        const std::uint8_t pi = r.u8();
        root.add(node("TP-PI", parameter_indicator_words(pi), input.bytes.subspan(r.offset() - 1, 1)));
        if ((pi & 0x01) != 0) {
            field(root, r, input, "TP-PID", [&] { return sms_pid_words(r.u8()); });
        }
        std::uint8_t dcs = 0;
        if ((pi & 0x02) != 0) {
            field(root, r, input, "TP-DCS", [&] { return sms_dcs_words(dcs = r.u8()); });
        }
        if ((pi & 0x04) != 0) {
            explain_user_data_field(root, r, input, dcs, (first & udhi_bit) != 0, nullptr, context);
        }
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
    }
    cross_check(root, input, [&] {
        sms::DeliverReport::decode(input.bytes,
                                   error_form ? sms::DeliverReport::Kind::Error : sms::DeliverReport::Kind::Ack);
    });
    return root;
}

Explanation explain_tpdu(Input input, Context& context) {
    if (input.empty()) {
        return malformed_at(input.offset, "SMS TPDU", "empty");
    }
    switch (input[0] & mti_mask) {
    case 0: return explain_deliver(input, context);
    case 1: return explain_submit(input, context);
    default: break;
    }
    Explanation root = node("SMS TPDU", "TP-MTI " + std::to_string((input[0] & mti_mask) >> 1) +
                                            std::to_string(input[0] & 1) + " is neither SMS-DELIVER nor SMS-SUBMIT",
                            input.bytes);
    root.add(malformed_at(input.offset, "SMS TPDU", "unexpected TP-MTI"));
    return root;
}

} // namespace euicc::host::detail
