// SPDX-License-Identifier: Apache-2.0
// Status word texts per ISO/IEC 7816-4 §5.6 and ETSI TS 102 221 §10.2 (digest: spec/iso7816.md §3).
#include <euicc/apdu/status_word.hpp>

#include <array>

#include <euicc/apdu/bytes.hpp>

namespace euicc::apdu {

namespace {

struct SwText {
    std::uint16_t value;
    std::uint16_t mask;
    std::string_view text;
};

// First match wins: specific values come before the class (SW1-only) entry that covers them.
constexpr std::array sw_texts{
    SwText{0x9000, 0xFFFF, "normal ending"},
    SwText{0x6100, 0xFF00, "response bytes available, SW2 = count (GET RESPONSE)"},
    SwText{0x6C00, 0xFF00, "wrong Le, SW2 = exact length"},
    SwText{0x9100, 0xFF00, "normal ending, proactive command pending, SW2 = its length"},
    SwText{0x9200, 0xFF00, "normal ending, data transfer session information"},
    SwText{0x9300, 0xFFFF, "SIM Application Toolkit busy"},
    SwText{0x9F00, 0xFF00, "response data available (GSM SIM), SW2 = count"},
    SwText{0x9E00, 0xFF00, "SIM data download error, SW2 = error data count"},
    // 62xx: warning, non-volatile memory unchanged.
    SwText{0x6200, 0xFFFF, "warning: no information given, NV memory unchanged"},
    SwText{0x6281, 0xFFFF, "warning: part of returned data may be corrupted"},
    SwText{0x6282, 0xFFFF, "warning: end of file reached before reading Le bytes or unsuccessful search"},
    SwText{0x6283, 0xFFFF, "warning: selected file invalidated"},
    SwText{0x6284, 0xFFFF, "warning: selected file in termination state"},
    SwText{0x62F1, 0xFFFF, "warning: more data available"},
    SwText{0x62F2, 0xFFFF, "warning: more data available and proactive command pending"},
    SwText{0x62F3, 0xFFFF, "warning: response data available"},
    SwText{0x6200, 0xFF00, "warning: NV memory unchanged"},
    // 63xx: warning, non-volatile memory changed.
    SwText{0x63C0, 0xFFF0, "verification failed, SW2 low nibble = retries left"},
    SwText{0x63F1, 0xFFFF, "warning: more data expected"},
    SwText{0x63F2, 0xFFFF, "warning: more data expected and proactive command pending"},
    SwText{0x6300, 0xFF00, "warning: NV memory changed"},
    SwText{0x6400, 0xFFFF, "execution error, NV memory unchanged"},
    SwText{0x6581, 0xFFFF, "execution error: memory problem"},
    SwText{0x6500, 0xFFFF, "execution error, NV memory changed"},
    SwText{0x6400, 0xFF00, "execution error, NV memory unchanged"},
    SwText{0x6500, 0xFF00, "execution error, NV memory changed"},
    SwText{0x6700, 0xFFFF, "wrong length"},
    SwText{0x6800, 0xFFFF, "function in CLA not supported"},
    SwText{0x6881, 0xFFFF, "logical channel not supported"},
    SwText{0x6882, 0xFFFF, "secure messaging not supported"},
    SwText{0x6800, 0xFF00, "function in CLA not supported"},
    SwText{0x6981, 0xFFFF, "command incompatible with file structure"},
    SwText{0x6982, 0xFFFF, "security status not satisfied"},
    SwText{0x6983, 0xFFFF, "authentication/PIN method blocked"},
    SwText{0x6984, 0xFFFF, "referenced data invalidated"},
    SwText{0x6985, 0xFFFF, "conditions of use not satisfied"},
    SwText{0x6986, 0xFFFF, "command not allowed (no EF selected)"},
    SwText{0x6989, 0xFFFF, "secure channel security status not satisfied"},
    SwText{0x6900, 0xFF00, "command not allowed"},
    SwText{0x6A80, 0xFFFF, "incorrect parameters in the data field"},
    SwText{0x6A81, 0xFFFF, "function not supported"},
    SwText{0x6A82, 0xFFFF, "file or application not found"},
    SwText{0x6A83, 0xFFFF, "record not found"},
    SwText{0x6A84, 0xFFFF, "not enough memory space"},
    SwText{0x6A86, 0xFFFF, "incorrect parameters P1-P2"},
    SwText{0x6A87, 0xFFFF, "Lc inconsistent with P1-P2"},
    SwText{0x6A88, 0xFFFF, "referenced data not found"},
    SwText{0x6A00, 0xFF00, "wrong parameters P1-P2"},
    SwText{0x6B00, 0xFFFF, "wrong parameters P1-P2"},
    SwText{0x6D00, 0xFFFF, "instruction code not supported or invalid"},
    SwText{0x6E00, 0xFFFF, "class not supported"},
    SwText{0x6F00, 0xFF00, "technical problem, no precise diagnosis"},
    SwText{0x9850, 0xFFFF, "INCREASE cannot be performed, maximum value reached"},
    SwText{0x9862, 0xFFFF, "authentication error, application specific"},
    SwText{0x9863, 0xFFFF, "security session or association expired"},
    SwText{0x9864, 0xFFFF, "minimum UICC suspension time is too long"},
    SwText{0x9800, 0xFF00, "application error"},
};

} // namespace

std::string StatusWord::to_string() const {
    const std::uint8_t raw[] = {sw1(), sw2()};
    return to_hex(raw);
}

std::string_view StatusWord::describe() const noexcept {
    for (const SwText& entry : sw_texts) {
        if (matches(entry.value, entry.mask)) {
            return entry.text;
        }
    }
    return "unknown status word";
}

} // namespace euicc::apdu
