// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.1: response APDU = [data] SW1 SW2.
#pragma once

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/status_word.hpp>

namespace euicc::apdu {

/// A card's answer. Any status word is a successful transmission; see expect() to turn SWs into errors.
class ResponseApdu {
public:
    ResponseApdu() = default;
    ResponseApdu(Bytes data, StatusWord sw) : m_data(std::move(data)), m_sw(sw) {}

    /// Throws CodecError("R-APDU", 0) when fewer than 2 bytes.
    static ResponseApdu parse(ByteView raw);
    Bytes encode() const;

    const Bytes& data() const noexcept { return m_data; }
    StatusWord sw() const noexcept { return m_sw; }

    friend bool operator==(const ResponseApdu&, const ResponseApdu&) = default;

private:
    Bytes m_data;
    StatusWord m_sw;
};

/// Returns `resp` when its SW is 9000 (or one of `allowed`), otherwise throws StatusWordError naming
/// `command` (e.g. "SELECT ISD-R") and the SW (GlobalPlatformPro's check()).
const ResponseApdu& expect(const ResponseApdu& resp, const char* command,
                           std::initializer_list<StatusWord> allowed = {sw::ok});

} // namespace euicc::apdu
