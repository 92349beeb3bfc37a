// SPDX-License-Identifier: Apache-2.0
// COMPREHENSION-TLV lists of ETSI TS 102 223 (§6.5 proactive commands, §6.8 TERMINAL RESPONSE, §7 ENVELOPE) read
// with absolute offsets, and the command details / device identities every proactive command starts with.
#include "cat_codec.hpp"

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/error.hpp>

#include "tlv_length.hpp"

namespace euicc::cat::detail {

namespace {

constexpr std::uint8_t three_byte_tag = 0x7F;   // TS 101 220 §7.1.1: 7F T1 T2
constexpr std::uint8_t ber_tag_number_mask = 0x1F; // X.690 §8.1.2.4: 11111 announces a multi-byte tag

} // namespace

Wrapped unwrap(ByteView data, const std::string& context) {
    ByteReader r(data, context);
    Wrapped w;
    // TS 101 220 §7.2: the toolkit templates are single-byte BER tags with a definite length. 00/FF are padding,
    // and a tag number of 11111 would need more tag bytes, so none of them starts a template.
    w.tag = r.u8();
    if (w.tag == 0x00 || w.tag == 0xFF || (w.tag & ber_tag_number_mask) == ber_tag_number_mask) {
        r.fail_at(0, "tag " + to_hex(ByteView(&w.tag, 1)) + " is not a toolkit BER-TLV tag");
    }
    const ber::detail::Length length = ber::detail::read_length(r, false, false);
    w.value_offset = r.offset();
    r.take(length.value);
    r.expect_end();
    return w;
}

Bytes wrap(std::uint8_t tag, ByteView value) { return ber::encode(tag, value); }

ObjectList::ObjectList(ByteView data, std::size_t begin, std::string context)
    : m_data(data), m_context(std::move(context)) {
    ByteReader r(data, m_context);
    r.take(begin);
    while (!r.empty()) {
        const std::size_t start = r.offset();
        if (r.u8() == three_byte_tag) {
            r.take(2);
        }
        // TS 101 220 §7.1.2: the length uses the BER coding, definite form only.
        const ber::detail::Length length = ber::detail::read_length(r, false, false);
        const std::size_t value_offset = r.offset();
        r.take(length.value);
        const ByteView encoded = data.subspan(start, r.offset() - start);
        std::vector<ctlv::Tlv> one;
        try {
            one = ctlv::parse_all(encoded);
        } catch (const CodecError& e) {
            // Only the tag rules can still fail here (the length was checked above); report it in our context.
            r.fail_at(start, std::string("invalid object (") + e.what() + ")");
        }
        m_objects.push_back(Object{std::move(one.front()), start, value_offset});
    }
    m_taken.assign(m_objects.size(), false);
}

const Object* ObjectList::take(std::uint8_t tag, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < m_objects.size() && i < to; ++i) {
        if (!m_taken[i] && m_objects[i].tlv.tag == tag) {
            m_taken[i] = true;
            return &m_objects[i];
        }
    }
    return nullptr;
}

const Object& ObjectList::require(std::uint8_t tag, const char* what) {
    const Object* object = take(tag);
    if (object == nullptr) {
        throw CodecError(m_context, m_data.size(), std::string("missing mandatory ") + what);
    }
    return *object;
}

std::optional<std::size_t> ObjectList::index_of(std::uint8_t tag) const noexcept {
    for (std::size_t i = 0; i < m_objects.size(); ++i) {
        if (m_objects[i].tlv.tag == tag) {
            return i;
        }
    }
    return std::nullopt;
}

ByteReader ObjectList::value_reader(const Object& object) const {
    ByteReader r(m_data.first(object.value_offset + object.tlv.value.size()), m_context);
    r.take(object.value_offset);
    return r;
}

void ObjectList::fail(const Object& object, const std::string& reason) const {
    throw CodecError(m_context, object.offset, reason);
}

std::vector<ctlv::Tlv> ObjectList::untaken() const {
    std::vector<ctlv::Tlv> out;
    for (std::size_t i = 0; i < m_objects.size(); ++i) {
        if (!m_taken[i]) {
            out.push_back(m_objects[i].tlv);
        }
    }
    return out;
}

void put(Bytes& out, std::uint8_t tag, bool cr, ByteView value) {
    append(out, ctlv::encode(ctlv::Tlv{tag, cr, Bytes(value.begin(), value.end()), false}));
}

void put_all(Bytes& out, const std::vector<ctlv::Tlv>& objects) { append(out, ctlv::encode_all(objects)); }

CommandDetails read_command_details(ByteReader& r) {
    CommandDetails d;
    d.number = r.u8();
    d.type = static_cast<CommandType>(r.u8());
    d.qualifier = r.u8();
    return d;
}

DeviceIdentities read_device_identities(ByteReader& r) {
    DeviceIdentities d;
    d.source = r.u8();
    d.destination = r.u8();
    return d;
}

Bytes command_details_value(const CommandDetails& details) {
    return {details.number, static_cast<std::uint8_t>(details.type), details.qualifier};
}

Bytes device_identities_value(const DeviceIdentities& devices) { return {devices.source, devices.destination}; }

Bytes command_start(const CommandHeader& header, CommandType type) {
    Bytes out;
    // TS 102 223 §6.6: command details and device identities always come first, with CR set.
    put(out, tag::command_details, true, command_details_value({header.number, type, header.qualifier}));
    put(out, tag::device_identities, true, device_identities_value(header.devices));
    return out;
}

CommandHeader read_command_start(ObjectList& list, CommandType& type) {
    const Object& details_object = list.require(tag::command_details, "command details");
    const CommandDetails details = read_value(list, details_object, read_command_details);
    const Object& devices_object = list.require(tag::device_identities, "device identities");
    CommandHeader header;
    header.number = details.number;
    header.qualifier = details.qualifier;
    header.devices = read_value(list, devices_object, read_device_identities);
    type = details.type;
    return header;
}

Bytes read_bytes(ByteReader& r) {
    const ByteView rest = r.rest();
    return Bytes(rest.begin(), rest.end());
}

std::uint8_t read_u8(ByteReader& r) { return r.u8(); }

std::uint16_t read_u16(ByteReader& r) { return r.u16be(); }

Bytes u16_value(std::uint16_t value) {
    return {static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xFF)};
}

} // namespace euicc::cat::detail
