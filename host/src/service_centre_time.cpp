// SPDX-License-Identifier: Apache-2.0
// TP-SCTS from a clock reading (3GPP TS 23.040 §9.2.3.11).
#include "service_centre_time.hpp"

namespace euicc::host::detail {

sms::Timestamp service_centre_time(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    const auto day = floor<days>(when);
    const year_month_day date{day};
    const hh_mm_ss time{floor<seconds>(when - day)};
    sms::Timestamp stamp;
    // §9.2.3.11 codes the year in two digits.
    stamp.year = static_cast<std::uint8_t>(static_cast<int>(date.year()) % 100);
    stamp.month = static_cast<std::uint8_t>(static_cast<unsigned>(date.month()));
    stamp.day = static_cast<std::uint8_t>(static_cast<unsigned>(date.day()));
    stamp.hour = static_cast<std::uint8_t>(time.hours().count());
    stamp.minute = static_cast<std::uint8_t>(time.minutes().count());
    stamp.second = static_cast<std::uint8_t>(time.seconds().count());
    return stamp;
}

} // namespace euicc::host::detail
