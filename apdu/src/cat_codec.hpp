// SPDX-License-Identifier: Apache-2.0
// Private: reading and writing the COMPREHENSION-TLV lists of ETSI TS 102 223 (D0/D1/D6/D7 values, TERMINAL
// RESPONSE) with absolute error offsets, and the shared simple-object value codecs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/cat_text.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>

namespace euicc::cat::detail {

/// One object of a list, with where it sits in the buffer being parsed.
struct Object {
    ctlv::Tlv tlv;
    std::size_t offset = 0;       ///< first tag byte
    std::size_t value_offset = 0; ///< first value byte
};

/// The outer BER-TLV of a D0/D1/D6/D7 (single-byte tag, definite length, nothing after it).
struct Wrapped {
    std::uint8_t tag = 0;
    std::size_t value_offset = 0;
};
Wrapped unwrap(ByteView data, const std::string& context);
/// tag + shortest BER length + value.
Bytes wrap(std::uint8_t tag, ByteView value);

/// The objects from `begin` to the end of `data`, taken one by one by the parsers; what nobody takes ends up in
/// unknown_objects. Errors name `context` and offsets into `data`.
class ObjectList {
public:
    ObjectList(ByteView data, std::size_t begin, std::string context);

    /// The first object with `tag` (CR ignored) not yet taken, optionally only among those at index >= from
    /// and < to; nullptr when there is none.
    const Object* take(std::uint8_t tag, std::size_t from = 0, std::size_t to = static_cast<std::size_t>(-1));
    /// As take(), but a missing object is a CodecError at the end of the data naming `what`.
    const Object& require(std::uint8_t tag, const char* what);
    /// Index of the first object with `tag` (taken or not).
    std::optional<std::size_t> index_of(std::uint8_t tag) const noexcept;

    /// A reader over exactly the object's value with offsets into the whole buffer.
    ByteReader value_reader(const Object& object) const;
    [[noreturn]] void fail(const Object& object, const std::string& reason) const;

    /// The objects nobody took, in order.
    std::vector<ctlv::Tlv> untaken() const;
    const std::string& context() const noexcept { return m_context; }

private:
    ByteView m_data;
    std::string m_context;
    std::vector<Object> m_objects;
    std::vector<bool> m_taken;
};

/// Reads an object's value with `read(ByteReader&)` and checks that nothing is left over.
template <class Read>
auto read_value(const ObjectList& list, const Object& object, Read read) {
    ByteReader r = list.value_reader(object);
    auto value = read(r);
    r.expect_end();
    return value;
}

/// Appends `tag | CR` + length + value.
void put(Bytes& out, std::uint8_t tag, bool cr, ByteView value);
void put_all(Bytes& out, const std::vector<ctlv::Tlv>& objects);

// Value readers: each consumes the object's value from the reader (checked for leftovers by read_value).
CommandDetails read_command_details(ByteReader& r);
DeviceIdentities read_device_identities(ByteReader& r);
Duration read_duration(ByteReader& r);
std::chrono::seconds read_timer_value(ByteReader& r);
std::uint8_t read_timer_id(ByteReader& r);
ChannelStatus read_channel_status(ByteReader& r);
BearerDescription read_bearer_description(ByteReader& r);
OtherAddress read_other_address(ByteReader& r);
TransportLevel read_transport_level(ByteReader& r);
Address read_address(ByteReader& r);
TextString read_text_string(ByteReader& r);
std::string read_network_access_name(ByteReader& r);
Result read_result(ByteReader& r);
Bytes read_bytes(ByteReader& r);
std::uint8_t read_u8(ByteReader& r);
std::uint16_t read_u16(ByteReader& r);

// Value writers.
Bytes command_details_value(const CommandDetails& details);
Bytes device_identities_value(const DeviceIdentities& devices);
Bytes duration_value(const Duration& duration);
Bytes channel_status_value(const ChannelStatus& status);
Bytes bearer_description_value(const BearerDescription& bearer);
Bytes other_address_value(const OtherAddress& address);
Bytes transport_level_value(const TransportLevel& level);
Bytes text_string_value(const TextString& text);
Bytes result_value(const Result& result);
Bytes u16_value(std::uint16_t value);

/// 81 (CR) command details + 82 (CR) device identities, the start of every proactive command.
Bytes command_start(const CommandHeader& header, CommandType type);
/// Reads 81 and 82 from `list` into a header (type returned separately); throws when either is missing.
CommandHeader read_command_start(ObjectList& list, CommandType& type);

} // namespace euicc::cat::detail
