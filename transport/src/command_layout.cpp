// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.1: locating header, Lc, data and Le inside a raw C-APDU.
#include "command_layout.hpp"

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/error.hpp>

namespace euicc::transport::detail {

std::optional<CommandLayout> command_layout(ByteView raw) {
    std::optional<apdu::CommandApdu> parsed;
    try {
        parsed.emplace(apdu::CommandApdu::parse(raw));
    } catch (const CodecError&) {
        // Tracers must show whatever went over the wire, so a malformed APDU is a result here, not a fault.
        return std::nullopt;
    }
    CommandLayout layout;
    layout.apdu_case = parsed->apdu_case();
    const bool has_lc = layout.apdu_case == 3 || layout.apdu_case == 4;
    // ISO 7816-4 §5.1: the extended Lc field is 00 Lc1 Lc2; the short one is a single byte.
    const std::size_t lc_size = has_lc ? (parsed->extended() ? 3 : 1) : 0;
    const std::size_t data_size = parsed->data().size();
    layout.header = raw.first(4);
    layout.lc = raw.subspan(4, lc_size);
    layout.data = raw.subspan(4 + lc_size, data_size);
    layout.le = raw.subspan(4 + lc_size + data_size);
    return layout;
}

} // namespace euicc::transport::detail
