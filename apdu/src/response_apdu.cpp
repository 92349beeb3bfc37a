// SPDX-License-Identifier: Apache-2.0
// Response APDU codec per ISO/IEC 7816-4 §5.1 ([data] SW1 SW2) and the caller-side SW check.
#include <euicc/apdu/response_apdu.hpp>

#include <algorithm>

#include <euicc/error.hpp>

namespace euicc::apdu {

ResponseApdu ResponseApdu::parse(ByteView raw) {
    if (raw.size() < 2) {
        throw CodecError("R-APDU", 0, "needs SW1 SW2, got " + std::to_string(raw.size()) + " byte(s)");
    }
    const std::size_t n = raw.size() - 2;
    return ResponseApdu(Bytes(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(n)),
                        StatusWord(raw[n], raw[n + 1]));
}

Bytes ResponseApdu::encode() const {
    Bytes out;
    out.reserve(m_data.size() + 2);
    append(out, m_data);
    out.push_back(m_sw.sw1());
    out.push_back(m_sw.sw2());
    return out;
}

const ResponseApdu& expect(const ResponseApdu& resp, const char* command,
                           std::initializer_list<StatusWord> allowed) {
    // As GlobalPlatformPro's check(): 9000 always passes, the caller lists any other accepted SW.
    if (resp.sw() == sw::ok || std::find(allowed.begin(), allowed.end(), resp.sw()) != allowed.end()) {
        return resp;
    }
    throw StatusWordError(command, resp.sw());
}

} // namespace euicc::apdu
