// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for SCP80 Response Packets (PoR, TS 102 225 §5.2, TS 31.115 §4): header, status in words, the
// response data when unciphered or deciphered with keys, verified against the command through the codec.
#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

constexpr std::size_t clear_size = 6;  // RPL(2) RHL TAR(3): never ciphered
constexpr std::size_t rhl_base = 0x0A; // TAR(3) CNTR(5) PCNTR STATUS
constexpr std::size_t counter_size = 5;
constexpr std::uint8_t last_defined_status = 0x0C;

std::uint64_t counter_of(ByteView five) noexcept {
    std::uint64_t value = 0;
    for (std::uint8_t b : five) {
        value = value << 8 | b;
    }
    return value;
}

std::string rhl_words(std::size_t rhl) {
    switch (rhl) {
    case rhl_base: return "10: no RC/CC/DS";
    case rhl_base + 2: return "12: 2-byte RC (CRC-16)";
    case rhl_base + 4: return "14: 4-byte RC (CRC-32)";
    case rhl_base + 8: return "18: 8-byte CC";
    default: return std::to_string(rhl) + ": 10 + " + count(rhl - rhl_base, "byte") + " of RC/CC/DS";
    }
}

/// Whether the part after TAR reads sensibly as clear text: PCNTR within the data, a defined status code.
bool plausible_plain(Input plain, std::size_t checksum_length) noexcept {
    if (plain.size() < counter_size + 2 + checksum_length) {
        return false;
    }
    const std::size_t after = plain.size() - counter_size - 2 - checksum_length;
    return plain[counter_size] <= after && plain[counter_size + 1] <= last_defined_status;
}

void explain_plain(Explanation& root, Input plain, std::size_t checksum_length, bool deciphered,
                   Context& context) {
    const std::optional<SentCommand>& sent = context.options.command;
    const std::string where = deciphered ? "deciphered part" : "PoR";
    ByteReader r(plain.bytes, where);
    try {
        const ByteView cntr = r.take(counter_size);
        const std::uint64_t counter = counter_of(cntr);
        const std::size_t cntr_index = root.children.size();
        root.add(node("CNTR", std::to_string(counter), cntr));
        const std::uint8_t pcntr = r.u8();
        root.add(node("PCNTR", count(pcntr, "padding byte"), plain.bytes.subspan(counter_size, 1)));
        const std::uint8_t status = r.u8();
        root.add(node("status", hex_byte(status) + ": " +
                                    std::string(scp80::describe(static_cast<scp80::ResponseStatus>(status))),
                      plain.bytes.subspan(counter_size + 1, 1)));
        // TS 102 225 §5.2 / scp80.md §6: cards send error PoRs unsecured, usually with CNTR 0, so only a protected
        // PoR or one with status 00 must echo the command's CNTR.
        const bool unsecured_error = !deciphered && checksum_length == 0 && status != 0;
        std::string& cntr_words = root.children[cntr_index].value;
        if (unsecured_error) {
            cntr_words += " (an unsecured error PoR need not echo the command's CNTR)";
        } else if (sent && sent->counter_known) {
            cntr_words += counter == sent->header.counter
                                   ? ", the command's CNTR"
                                   : ", differs from the command's CNTR " + std::to_string(sent->header.counter);
        }
        if (checksum_length != 0) {
            root.add(node(checksum_length == 8 ? "CC" : "RC", count(checksum_length, "byte"), r.take(checksum_length)));
        }
        if (pcntr > r.remaining()) {
            root.add(malformed_at(plain.offset + counter_size, where,
                                  "PCNTR " + std::to_string(pcntr) + " exceeds the " + count(r.remaining(), "byte") +
                                      " of response data"));
            return;
        }
        const Input data = plain.sub(r.offset(), r.remaining() - pcntr);
        if (!data.empty()) {
            Explanation response = node("response data", count(data.size(), "byte"), data.bytes);
            response.add(explain_response_script(data, context));
            root.add(std::move(response));
        }
        if (pcntr != 0) {
            root.add(node("padding", count(pcntr, "byte"), plain.bytes.subspan(plain.size() - pcntr)));
        }
    } catch (const CodecError& e) {
        root.add(malformed(e, plain.offset));
    }
}

/// TS 102 225 §5.2 checks through the codec: RC/CC, TAR and (when known) CNTR against the command.
Explanation verify(Input packet, const SentCommand& sent, const scp80::Keyset& keys, std::uint64_t por_counter) {
    scp80::CommandHeader header = sent.header;
    if (!sent.counter_known) {
        header.counter = por_counter;
    }
    const std::uint8_t kvn = static_cast<std::uint8_t>((header.spi.por_ciphered ? header.kic : header.kid) >> 4);
    try {
        const scp80::ResponsePacket por = scp80::unwrap_response(packet.bytes, header, keys_for(keys, kvn));
        std::string words = por.secured ? "protected as SPI byte 2 asks; "
                                 : "not protected (SPI byte 2 asks for nothing, or an error PoR); ";
        words += "TAR matches the command";
        if (!por.secured && por.status != scp80::ResponseStatus::PorOk) {
            words += ", CNTR not compared (error PoR)";
        } else {
            words += sent.counter_known ? ", CNTR matches" : ", CNTR not compared (the command's CNTR is unknown)";
        }
        return node("verification", words);
    } catch (const SecurityError& e) {
        return node("verification", std::string("failed: ") + e.what());
    } catch (const CodecError& e) {
        return malformed(e, packet.offset);
    } catch (const std::invalid_argument& e) {
        return node("verification", std::string("not done: ") + e.what());
    }
}

} // namespace

Explanation explain_response_packet(Input input, Context& context) {
    if (input.size() >= 3 && input[0] == 0x02 && input[1] == 0x71 && input[2] == 0x00) {
        return explain_user_data(input, context);
    }
    Explanation root = node("response packet", "SCP80 proof of receipt (PoR, TS 102 225 §5.2, TS 31.115 §4)",
                            input.bytes);
    ByteReader r(input.bytes, "PoR");
    std::size_t rhl = 0;
    try {
        const std::size_t rpl = r.u16be();
        root.add(node("RPL", count(rpl, "byte") + " follow", input.bytes.first(2)));
        if (rpl != input.size() - 2) {
            root.add(malformed_at(input.offset, "PoR",
                                  "RPL " + std::to_string(rpl) + " but " + count(input.size() - 2, "byte") + " follow"));
        }
        rhl = r.u8();
        root.add(node("RHL", rhl_words(rhl), input.bytes.subspan(2, 1)));
        if (rhl < rhl_base) {
            root.add(malformed_at(input.offset + 2, "PoR", "RHL below 10"));
            return root;
        }
        r.take(3);
        root.add(explain_tar(input.sub(3, 3)));
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
        return root;
    }
    const std::size_t checksum_length = rhl - rhl_base;
    const Input rest = input.sub(clear_size);
    const auto& sent = context.options.command;
    const auto& keys = context.options.keys;

    // Which form did the card use? As the codec decides it: an RC/CC asked for but RHL 0A, or a ciphered-only PoR
    // whose part after TAR is no whole number of blocks, is the unsecured error form.
    bool ciphered = false;
    if (sent) {
        const scp80::Spi& spi = sent->header.spi;
        const std::optional<std::size_t> block = cipher_block(sent->header.kic);
        const bool unsecured = (spi.por_integrity != scp80::Integrity::None && rhl == rhl_base) ||
                               (spi.por_integrity == scp80::Integrity::None && spi.por_ciphered && block &&
                                rest.size() % *block != 0);
        ciphered = spi.por_ciphered && !unsecured;
    } else if (!plausible_plain(rest, checksum_length)) {
        root.add(node("ciphered part", "CNTR .. end, " + count(rest.size(), "byte") +
                                           ", does not read as clear text: probably ciphered (SPI byte 2 b5); give "
                                           "the command and keys to decipher",
                      rest.bytes));
        return root;
    } else {
        root.add(node("note", "read as unciphered: without the command, its SPI byte 2 is not known"));
    }

    std::uint64_t por_counter = 0;
    if (ciphered) {
        if (!keys) {
            root.add(node("ciphered part", "CNTR .. end, " + count(rest.size(), "byte") +
                                               " ciphered with the KIc key: give keys to decipher",
                          rest.bytes));
            return root;
        }
        std::string why;
        const std::optional<Bytes> plain = decipher(sent->header.kic, *keys, rest.bytes, why);
        if (!plain) {
            root.add(node("ciphered part", "CNTR .. end, " + count(rest.size(), "byte") + "; cannot decipher: " + why,
                          rest.bytes));
            return root;
        }
        explain_plain(root, Input{*plain, rest.offset}, checksum_length, true, context);
        if (plain->size() >= counter_size) {
            por_counter = counter_of(ByteView(*plain).first(counter_size));
        }
    } else {
        explain_plain(root, rest, checksum_length, false, context);
        if (rest.size() >= counter_size) {
            por_counter = counter_of(rest.bytes.first(counter_size));
        }
    }
    if (root.malformed()) {
        return root;
    }
    if (sent && keys) {
        root.add(verify(input, *sent, *keys, por_counter));
    } else if (sent && sent->header.spi.por_integrity == scp80::Integrity::Rc) {
        root.add(verify(input, *sent, scp80::Keyset{}, por_counter));
    } else if (checksum_length != 0) {
        root.add(node("verification", sent ? "not done: give keys to verify the RC/CC"
                                           : "not done: give the command and keys to verify the RC/CC"));
    }
    return root;
}

} // namespace euicc::host::detail
