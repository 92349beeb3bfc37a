// SPDX-License-Identifier: Apache-2.0
// Private: TLV walking for TS 102 226 §5.2 scripting templates (definite AA/AB, indefinite AE/AF), faults as table 5.12.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/remote_script.hpp>

namespace euicc::remote::detail {

/// Throws BadFormatError with the reader's context.
[[noreturn]] void bad_format(const ByteReader& reader, std::size_t offset, BadFormat kind, const std::string& reason);

/// One primitive item of a template: 1-byte tag, definite length.
struct Item {
    std::uint8_t tag = 0;
    std::size_t offset = 0;        ///< of the tag
    std::size_t length_offset = 0; ///< of the length field
    ByteView value;
};

/// Walks the items of one template that must cover all of `data`.
class TemplateReader {
public:
    TemplateReader(ByteView data, const char* context, std::uint8_t definite_tag, std::uint8_t indefinite_tag);

    bool indefinite() const noexcept { return m_indefinite; }
    /// The next item, or std::nullopt after the last one (end of the definite value, or the 00 00 of the
    /// indefinite form); then checks that nothing follows the template.
    std::optional<Item> next();
    /// Throws BadFormatError at the item's length field unless its value has `size` octets.
    void expect_size(const Item& item, std::size_t size) const;

private:
    ByteView m_data;
    ByteReader m_reader;
    std::size_t m_end = 0; ///< end of the definite value
    bool m_indefinite = false;
};

/// Wraps encoded items: `tag L content` or `tag 80 content 00 00`.
Bytes wrap_template(std::uint8_t tag, bool indefinite, const Bytes& content);

} // namespace euicc::remote::detail
