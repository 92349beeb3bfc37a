// SPDX-License-Identifier: Apache-2.0
// Command APDU codec per ISO/IEC 7816-4 §5.1 / 7816-3 §12.1 (cases 1-4, short and extended length).
#include <euicc/apdu/command_apdu.hpp>

#include <stdexcept>
#include <string>

#include <euicc/error.hpp>

namespace euicc::apdu {

namespace {

constexpr std::size_t header_size = 4;
constexpr std::size_t max_short_lc = 255;
constexpr std::uint32_t max_short_ne = 256;
constexpr std::size_t max_extended_lc = 65535;
constexpr std::uint32_t max_extended_ne = 65536;

// 7816-4 §5.1: Le = 00 means the maximum (256 short, 65536 extended).
std::uint32_t ne_from_short_le(std::uint8_t le) { return le == 0 ? max_short_ne : le; }
std::uint32_t ne_from_extended_le(std::uint16_t le) { return le == 0 ? max_extended_ne : le; }

void push_u16(Bytes& out, std::uint32_t v) {
    out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFF));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

} // namespace

CommandApdu::CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, Bytes data,
                         std::optional<std::uint32_t> ne)
    : m_cla(cla), m_ins(ins), m_p1(p1), m_p2(p2), m_data(std::move(data)), m_ne(ne) {
    if (m_data.size() > max_extended_lc) {
        throw std::invalid_argument("CommandApdu: data of " + std::to_string(m_data.size()) +
                                    " bytes exceeds 65535");
    }
    if (m_ne && (*m_ne == 0 || *m_ne > max_extended_ne)) {
        throw std::invalid_argument("CommandApdu: Ne " + std::to_string(*m_ne) + " outside 1..65536");
    }
}

CommandApdu CommandApdu::parse(ByteView raw) {
    ByteReader r(raw, "C-APDU");
    const ByteView hdr = r.take(header_size);
    Bytes data;
    std::optional<std::uint32_t> ne;
    bool extended = false;

    if (r.remaining() == 1) {
        ne = ne_from_short_le(r.u8()); // case 2S
    } else if (r.remaining() >= 3 && r.peek() == 0x00) {
        // Byte 5 = 00 followed by at least 2 bytes: extended length (7816-4 §5.1).
        extended = true;
        r.u8();
        const std::size_t field_at = r.offset();
        const std::uint16_t first = r.u16be();
        if (r.empty()) {
            ne = ne_from_extended_le(first); // case 2E
        } else {
            if (first == 0) {
                r.fail_at(field_at, "extended Lc of 0");
            }
            const std::size_t data_at = r.offset();
            if (r.remaining() < first) {
                r.fail_at(data_at, "extended Lc " + std::to_string(first) + " but only " +
                                       std::to_string(r.remaining()) + " data byte(s)");
            }
            const ByteView body = r.take(first);
            data.assign(body.begin(), body.end());
            if (r.remaining() == 1) {
                r.fail("1-byte Le after extended Lc (short and extended forms mixed)");
            }
            if (r.remaining() >= 2) {
                ne = ne_from_extended_le(r.u16be()); // case 4E: 2-byte Le, no leading 00
            }
            r.expect_end();
        }
    } else if (!r.empty()) {
        const std::size_t lc_at = r.offset();
        const std::uint8_t lc = r.u8();
        if (lc == 0) {
            r.fail_at(lc_at, "short Lc of 0");
        }
        if (r.remaining() < lc) {
            r.fail_at(r.offset(), "Lc " + std::to_string(lc) + " but only " + std::to_string(r.remaining()) +
                                      " data byte(s)");
        }
        const ByteView body = r.take(lc);
        data.assign(body.begin(), body.end());
        if (r.remaining() == 2) {
            r.fail("2-byte Le after short Lc (short and extended forms mixed)");
        }
        if (r.remaining() >= 1) {
            ne = ne_from_short_le(r.u8()); // case 4S
        }
        r.expect_end();
    }

    CommandApdu apdu(hdr[0], hdr[1], hdr[2], hdr[3], std::move(data), ne);
    // Keep the extended form only where the sizes would not demand it anyway, so that encode() is
    // byte-exact and parse(encode(x)) == x for APDUs built without set_extended().
    apdu.set_extended(extended && !apdu.extended());
    return apdu;
}

Bytes CommandApdu::encode() const {
    Bytes out{m_cla, m_ins, m_p1, m_p2};
    const bool ext = extended();
    if (!m_data.empty()) {
        if (ext) {
            out.push_back(0x00);
            push_u16(out, static_cast<std::uint32_t>(m_data.size()));
        } else {
            out.push_back(static_cast<std::uint8_t>(m_data.size()));
        }
        append(out, m_data);
    }
    if (m_ne) {
        if (ext) {
            if (m_data.empty()) {
                out.push_back(0x00); // case 2E: the leading 00 marks the extended form
            }
            push_u16(out, *m_ne == max_extended_ne ? 0 : *m_ne);
        } else {
            out.push_back(static_cast<std::uint8_t>(*m_ne == max_short_ne ? 0 : *m_ne));
        }
    }
    return out;
}

int CommandApdu::apdu_case() const noexcept {
    if (m_data.empty()) {
        return m_ne ? 2 : 1;
    }
    return m_ne ? 4 : 3;
}

bool CommandApdu::extended() const noexcept {
    return m_force_extended || m_data.size() > max_short_lc || (m_ne && *m_ne > max_short_ne);
}

CommandApdu CommandApdu::with_cla(std::uint8_t cla) const {
    CommandApdu copy = *this;
    copy.m_cla = cla;
    return copy;
}

CommandApdu CommandApdu::with_ne(std::optional<std::uint32_t> ne) const {
    CommandApdu copy(m_cla, m_ins, m_p1, m_p2, m_data, ne);
    copy.m_force_extended = m_force_extended;
    return copy;
}

} // namespace euicc::apdu
