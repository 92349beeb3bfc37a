// SPDX-License-Identifier: Apache-2.0
// SMS user data header codec per 3GPP TS 23.040 §9.2.3.24 (IE by IE, any order) and TS 31.115 §4 (IEI 70/71).
#include <euicc/apdu/sms_udh.hpp>

#include <stdexcept>
#include <string>

#include <euicc/error.hpp>

namespace euicc::sms {

namespace {

constexpr std::size_t concat_8bit_length = 3;  // §9.2.3.24.1
constexpr std::size_t concat_16bit_length = 4; // §9.2.3.24.8

} // namespace

InformationElement Concatenation::to_element() const {
    if (!sixteen_bit && reference > 0xFF) {
        throw std::invalid_argument("SMS concatenation: reference " + std::to_string(reference) +
                                    " does not fit the 8-bit IE");
    }
    InformationElement ie;
    if (sixteen_bit) {
        ie.iei = iei::concatenated_16bit;
        ie.data = {static_cast<std::uint8_t>(reference >> 8), static_cast<std::uint8_t>(reference & 0xFF), total,
                   sequence};
    } else {
        ie.iei = iei::concatenated_8bit;
        ie.data = {static_cast<std::uint8_t>(reference), total, sequence};
    }
    return ie;
}

const InformationElement* Udh::find(std::uint8_t id) const noexcept {
    const InformationElement* last = nullptr;
    for (const InformationElement& ie : elements) {
        if (ie.iei == id) {
            last = &ie;
        }
    }
    return last;
}

std::optional<std::size_t> Udh::concatenation_index() const noexcept {
    std::optional<std::size_t> index;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const std::uint8_t id = elements[i].iei;
        const std::size_t size = elements[i].data.size();
        if ((id == iei::concatenated_8bit && size == concat_8bit_length) ||
            (id == iei::concatenated_16bit && size == concat_16bit_length)) {
            index = i;
        }
    }
    return index;
}

std::optional<Concatenation> Udh::concatenation() const {
    const auto index = concatenation_index();
    if (!index) {
        return std::nullopt;
    }
    const Bytes& d = elements[*index].data;
    Concatenation c;
    c.sixteen_bit = elements[*index].iei == iei::concatenated_16bit;
    std::size_t at = 0;
    if (c.sixteen_bit) {
        c.reference = static_cast<std::uint16_t>((d[0] << 8) | d[1]);
        at = 2;
    } else {
        c.reference = d[0];
        at = 1;
    }
    c.total = d[at];
    c.sequence = d[at + 1];
    return c;
}

std::size_t Udh::data_offset(std::size_t index) const {
    if (index >= elements.size()) {
        throw std::invalid_argument("Udh::data_offset: no element " + std::to_string(index));
    }
    std::size_t offset = 1; // UDHL
    for (std::size_t i = 0; i < index; ++i) {
        offset += 2 + elements[i].data.size();
    }
    return offset + 2;
}

std::size_t Udh::encoded_size() const noexcept {
    std::size_t size = 1;
    for (const InformationElement& ie : elements) {
        size += 2 + ie.data.size();
    }
    return size;
}

Bytes Udh::encode() const {
    const std::size_t udhl = encoded_size() - 1;
    if (udhl > 0xFF) {
        throw std::invalid_argument("UDH: " + std::to_string(udhl) + " header octets exceed 255");
    }
    Bytes out{static_cast<std::uint8_t>(udhl)};
    for (const InformationElement& ie : elements) {
        if (ie.data.size() > 0xFF) {
            throw std::invalid_argument("UDH: IE data of " + std::to_string(ie.data.size()) + " octets");
        }
        out.push_back(ie.iei);
        out.push_back(static_cast<std::uint8_t>(ie.data.size()));
        append(out, ie.data);
    }
    return out;
}

Udh Udh::read(ByteReader& r) {
    const std::size_t udhl_at = r.offset();
    const std::size_t udhl = r.u8();
    if (udhl > r.remaining()) {
        r.fail_at(udhl_at, "UDHL " + std::to_string(udhl) + " runs past the user data (" +
                               std::to_string(r.remaining()) + " octet(s) left)");
    }
    const std::size_t end = r.offset() + udhl;
    Udh udh;
    while (r.offset() < end) {
        const std::size_t ie_at = r.offset();
        if (end - ie_at < 2) {
            r.fail_at(ie_at, "IE header cut off by the UDHL");
        }
        InformationElement ie;
        ie.iei = r.u8();
        const std::size_t iedl = r.u8();
        if (iedl > end - r.offset()) {
            r.fail_at(ie_at + 1, "IEDL " + std::to_string(iedl) + " runs past the UDHL");
        }
        if ((ie.iei == iei::concatenated_8bit && iedl != concat_8bit_length) ||
            (ie.iei == iei::concatenated_16bit && iedl != concat_16bit_length)) {
            r.fail_at(ie_at + 1, "concatenation IE with IEDL " + std::to_string(iedl));
        }
        const ByteView data = r.take(iedl);
        ie.data.assign(data.begin(), data.end());
        udh.elements.push_back(std::move(ie));
    }
    return udh;
}

Udh Udh::decode(ByteView user_data, ByteView* rest) {
    ByteReader r(user_data, "UDH");
    Udh udh = read(r);
    if (rest != nullptr) {
        *rest = r.rest();
    }
    return udh;
}

} // namespace euicc::sms
