// SPDX-License-Identifier: Apache-2.0
// SAIP (saip.md §1, §9.1): reassembles a profile package from SCP03t segments that ignore PE boundaries, and tells
// when its `end` PE has arrived.
#include "package_assembly.hpp"

#include <stdexcept>

namespace euicc::card {

namespace {

constexpr std::uint8_t tag_end = 0xAA;      // PE-End (saip.md §2)
constexpr std::size_t max_tag_bytes = 4;    // ber::Tag holds up to 4 tag bytes
constexpr std::size_t max_length_bytes = 4; // X.690 §8.1.3.5 long form; 4 bytes = lengths up to 4 GiB

/// What is known about the TLV starting at some offset.
struct Boundary {
    enum class Kind { Incomplete, Whole, Broken } kind = Kind::Incomplete;
    std::size_t offset = 0;     ///< Whole: where the TLV ends; Broken: the faulty header byte
    std::uint8_t first_tag = 0; ///< the first tag byte
};

/// X.690 §8.1.2-§8.1.3 header of the TLV at `at`, read as far as `data` goes.
Boundary tlv_boundary(const Bytes& data, std::size_t at) {
    using Kind = Boundary::Kind;
    Boundary out;
    std::size_t p = at;
    if (p >= data.size()) {
        return out;
    }
    out.first_tag = data[p++];
    if ((out.first_tag & 0x1F) == 0x1F) {
        // High tag number form: continuation bytes with b8 = 1, the last one with b8 = 0.
        for (std::size_t k = 1;; ++k) {
            if (p >= data.size()) {
                return out;
            }
            if (k == max_tag_bytes) {
                return {Kind::Broken, p, out.first_tag};
            }
            if ((data[p++] & 0x80) == 0) {
                break;
            }
        }
    }
    if (p >= data.size()) {
        return out;
    }
    const std::size_t length_at = p;
    const std::uint8_t first = data[p++];
    std::size_t length = first;
    if ((first & 0x80) != 0) {
        const std::size_t count = first & 0x7FU;
        if (count == 0 || count > max_length_bytes) {
            return {Kind::Broken, length_at, out.first_tag};  // indefinite form, or a length DER never writes
        }
        if (data.size() - p < count) {
            return out;
        }
        length = 0;
        for (std::size_t k = 0; k < count; ++k) {
            length = length << 8 | data[p++];
        }
    }
    if (data.size() - p < length) {
        return out;
    }
    return {Kind::Whole, p + length, out.first_tag};
}

} // namespace

PackageAssembly::Progress PackageAssembly::add(ByteView segment) {
    if (m_finished) {
        throw std::logic_error("package assembly: segment after the package was decided");
    }
    if (segment.size() > m_limit - m_data.size()) {
        m_finished = true;
        return Progress::TooLarge;
    }
    append(m_data, segment);
    const Progress progress = scan();
    m_finished = progress != Progress::More;
    return progress;
}

PackageAssembly::Progress PackageAssembly::scan() {
    while (m_scanned < m_data.size()) {
        const Boundary boundary = tlv_boundary(m_data, m_scanned);
        if (boundary.kind == Boundary::Kind::Incomplete) {
            return Progress::More;
        }
        if (boundary.kind == Boundary::Kind::Broken) {
            m_fault = boundary.offset;
            return Progress::Malformed;
        }
        m_scanned = boundary.offset;
        if (boundary.first_tag == tag_end) {
            if (m_scanned != m_data.size()) {
                m_fault = m_scanned;  // the end PE is the last one (saip.md §2)
                return Progress::Malformed;
            }
            return Progress::Complete;
        }
    }
    return Progress::More;
}

} // namespace euicc::card
