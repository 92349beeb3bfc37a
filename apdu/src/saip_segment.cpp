// SPDX-License-Identifier: Apache-2.0
// SAIP download segments for SGP.02 SCP03t (saip.md §9.1): plaintext pieces of at most 1007 bytes, cut anywhere or
// packed along PE boundaries.
#include <euicc/apdu/saip.hpp>

#include <algorithm>
#include <stdexcept>

namespace euicc::saip {

namespace {

void cut(ByteView data, std::size_t max_size, std::vector<Bytes>& out) {
    for (std::size_t at = 0; at < data.size(); at += max_size) {
        const ByteView piece = data.subspan(at, std::min(max_size, data.size() - at));
        out.emplace_back(piece.begin(), piece.end());
    }
}

} // namespace

std::vector<Bytes> segment(ByteView package, const SegmentOptions& options) {
    return segment(walk(package), package, options);
}

std::vector<Bytes> segment(const std::vector<ProfileElement>& elements, ByteView package,
                           const SegmentOptions& options) {
    if (options.max_size == 0) {
        throw std::invalid_argument("SAIP segment: max_size 0");
    }
    std::vector<Bytes> out;
    if (!options.align_to_elements) {
        cut(package, options.max_size, out);
        return out;
    }
    Bytes current;
    for (const ProfileElement& pe : elements) {
        if (current.size() + pe.raw.size() <= options.max_size) {
            append(current, pe.raw);
            continue;
        }
        if (!current.empty()) {
            out.push_back(std::move(current));
            current.clear();
        }
        if (pe.raw.size() <= options.max_size) {
            current = pe.raw;
            continue;
        }
        // A PE larger than a segment: whole segments of it, and its tail starts the next segment.
        const std::size_t whole = pe.raw.size() / options.max_size * options.max_size;
        cut(ByteView(pe.raw).first(whole), options.max_size, out);
        current.assign(pe.raw.begin() + static_cast<std::ptrdiff_t>(whole), pe.raw.end());
    }
    if (!current.empty()) {
        out.push_back(std::move(current));
    }
    return out;
}

} // namespace euicc::saip
