// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for SCP80 Command Packets (TS 102 225 §5.1, TS 31.115 §4): clear header, then CNTR .. data when
// unciphered or deciphered with keys, verified with the codec's own receiving-entity checks.
#include <algorithm>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

constexpr std::size_t header_size = 10;   // CPL(2) CHL SPI(2) KIc KID TAR(3)
constexpr std::size_t min_chl = 0x0D;     // SPI .. PCNTR without RC/CC/DS
constexpr std::size_t counter_size = 5;

std::uint64_t counter_of(ByteView five) noexcept {
    std::uint64_t value = 0;
    for (std::uint8_t b : five) {
        value = value << 8 | b;
    }
    return value;
}

struct Header {
    scp80::Spi spi;
    std::uint8_t kic = 0;
    std::uint8_t kid = 0;
    scp80::Tar tar;
    std::size_t chl = 0;
};

/// CNTR, PCNTR, RC/CC/DS, secured data and padding of a plain (unciphered or deciphered) part.
void explain_plain(Explanation& root, Input plain, const Header& header, bool deciphered, Context& context) {
    const std::string where = deciphered ? "deciphered part" : "command packet";
    const std::size_t checksum_length = header.chl - min_chl;
    ByteReader r(plain.bytes, where);
    try {
        const ByteView cntr = r.take(counter_size);
        const std::uint64_t counter = counter_of(cntr);
        root.add(node("CNTR", std::to_string(counter), cntr));
        if (context.found_command) {
            context.found_command->header.counter = counter;
            context.found_command->counter_known = true;
        }
        const std::uint8_t pcntr = r.u8();
        root.add(node("PCNTR", count(pcntr, "padding byte"), plain.bytes.subspan(counter_size, 1)));
        if (checksum_length != 0) {
            const ByteView checksum = r.take(checksum_length);
            root.add(node(std::string(integrity_label(header.spi.integrity)), count(checksum.size(), "byte"),
                          checksum));
        }
        if (pcntr > r.remaining()) {
            root.add(malformed_at(plain.offset + counter_size, where,
                                  "PCNTR " + std::to_string(pcntr) + " exceeds the " +
                                      count(r.remaining(), "byte") + " after the header"));
            return;
        }
        const Input data = plain.sub(r.offset(), r.remaining() - pcntr);
        Explanation secured = node("secured data", count(data.size(), "byte"), data.bytes);
        if (!data.empty()) {
            secured.add(explain_secured_data(data, header.tar, context));
        }
        root.add(std::move(secured));
        if (pcntr != 0) {
            const Input padding = plain.sub(plain.size() - pcntr);
            const bool zero = std::all_of(padding.bytes.begin(), padding.bytes.end(), [](std::uint8_t b) { return b == 0; });
            root.add(node("padding", count(pcntr, "byte") + (zero ? "" : ", not all zero"), padding.bytes));
        }
    } catch (const CodecError& e) {
        root.add(malformed(e, plain.offset));
    }
}

/// TS 102 225 §5.1 receiving-entity checks with the given keys, through the codec. The stored counter is set just
/// below CNTR: the card's real counter is unknown here, so only a CNTR no stored value can precede is reported.
Explanation verify(Input packet, const Header& header, const scp80::Keyset& keys, std::optional<std::uint64_t> cntr) {
    const scp80::Keyset chosen = keys_for(keys, static_cast<std::uint8_t>(header.kic >> 4));
    const std::uint64_t stored = cntr && *cntr > 0 ? *cntr - 1 : 0;
    const auto lookup = [&](const scp80::Tar&, std::uint8_t, std::uint8_t) -> std::optional<scp80::ReceivingEntity> {
        return scp80::ReceivingEntity{&chosen, stored, 0};
    };
    const scp80::CommandUnwrapResult result = scp80::unwrap_command(packet.bytes, lookup);
    if (result.accepted()) {
        const std::string checksum(integrity_label(header.spi.integrity));
        if (header.spi.integrity == scp80::Integrity::None) {
            return node("verification", header.spi.ciphering ? "deciphered with the given keys; no RC/CC/DS to verify"
                                                             : "this packet carries no protection to verify");
        }
        return node("verification", checksum + " verified" +
                                        (header.spi.ciphering ? ", deciphered with the given keys" : ""));
    }
    const scp80::ResponseStatus status = result.status();
    switch (status) {
    case scp80::ResponseStatus::CounterLow:
    case scp80::ResponseStatus::CounterHigh:
    case scp80::ResponseStatus::CounterBlocked:
        return node("verification", "the given keys verify this packet, but a card rejects CNTR " +
                                        std::to_string(cntr.value_or(0)) + " under this counter mode (" +
                                        std::string(scp80::describe(status)) + ")");
    case scp80::ResponseStatus::RcCcDsFailed:
        return node("verification", "failed: RC/CC/DS mismatch (wrong KID key, or the packet was altered)");
    case scp80::ResponseStatus::CipheringError:
        return node("verification", "failed: ciphering error (wrong KIc key or algorithm)");
    default:
        return node("verification", "failed: " + std::string(scp80::describe(status)));
    }
}

} // namespace

Explanation explain_command_packet(Input input, Context& context, bool first_part) {
    Explanation root = node("command packet", "SCP80 secured command packet (TS 102 225 §5.1, TS 31.115 §4)",
                            input.bytes);
    ByteReader r(input.bytes, "command packet");
    Header header;
    try {
        const std::size_t cpl = r.u16be();
        root.add(node("CPL", count(cpl, "byte") + " follow", input.bytes.first(2)));
        if (first_part) {
            root.add(node("note", "first part of a concatenated packet: CNTR .. end continue in the other parts"));
        } else if (cpl != input.size() - 2) {
            root.add(malformed_at(input.offset, "command packet",
                                  "CPL " + std::to_string(cpl) + " but " + count(input.size() - 2, "byte") + " follow"));
        }
        header.chl = r.u8();
        root.add(node("CHL", header.chl >= min_chl ? "13 + " + count(header.chl - min_chl, "byte") + " of RC/CC/DS"
                                                   : std::to_string(header.chl),
                      input.bytes.subspan(2, 1)));
        if (header.chl < min_chl) {
            root.add(malformed_at(input.offset + 2, "command packet", "CHL below 13"));
            return root;
        }
        const ByteView spi = r.take(2);
        root.add(explain_spi(input.sub(3, 2)));
        header.spi = lenient_spi(spi[0], spi[1]);
        header.kic = r.u8();
        root.add(explain_kic(header.kic, header.spi, input.offset + 5));
        header.kid = r.u8();
        root.add(explain_kid(header.kid, header.spi, input.offset + 6));
        const ByteView tar = r.take(3);
        header.tar = scp80::Tar{{tar[0], tar[1], tar[2]}};
        root.add(explain_tar(input.sub(7, 3)));
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
        return root;
    }
    context.found_command = SentCommand{scp80::CommandHeader{header.spi, header.kic, header.kid, header.tar, 0}, false};
    if (first_part) {
        return root;
    }
    const Input rest = input.sub(header_size);
    const auto& keys = context.options.keys;
    std::optional<std::uint64_t> cntr;
    if (header.spi.ciphering) {
        if (!keys) {
            root.add(node("ciphered part", "CNTR .. end, " + count(rest.size(), "byte") +
                                               " ciphered with the KIc key: give keys to decipher",
                          rest.bytes));
            return root;
        }
        std::string why;
        const std::optional<Bytes> plain = decipher(header.kic, *keys, rest.bytes, why);
        if (!plain) {
            root.add(node("ciphered part", "CNTR .. end, " + count(rest.size(), "byte") + "; cannot decipher: " + why,
                          rest.bytes));
            return root;
        }
        explain_plain(root, Input{*plain, rest.offset}, header, true, context);
        if (plain->size() >= counter_size) {
            cntr = counter_of(ByteView(*plain).first(counter_size));
        }
    } else {
        explain_plain(root, rest, header, false, context);
        if (rest.size() >= counter_size) {
            cntr = counter_of(rest.bytes.first(counter_size));
        }
    }
    if (root.malformed()) {
        return root;
    }
    if (keys) {
        root.add(verify(input, header, *keys, cntr));
    } else if (header.spi.integrity == scp80::Integrity::Rc) {
        // A CRC needs no key (TS 102 225 §5.1.3), so an unciphered RC packet is checked anyway.
        root.add(verify(input, header, scp80::Keyset{}, cntr));
    } else if (header.spi.integrity != scp80::Integrity::None) {
        root.add(node("verification", "not done: give keys to verify the " +
                                          std::string(integrity_label(header.spi.integrity))));
    }
    return root;
}

} // namespace euicc::host::detail
