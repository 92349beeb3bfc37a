// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 223 §8.12: a TERMINAL RESPONSE's result in words, for the card's failure reasons.
#include "cat_result_text.hpp"

namespace euicc::card {

std::string describe(const cat::Result& result) {
    std::string text(cat::general_result_name(result.general));
    if (!result.additional_info.empty()) {
        const auto cause = result.additional_info.front();
        if (result.general == cat::GeneralResult::BearerIndependentProtocolError) {
            text += " (" + std::string(cat::bip_error_name(static_cast<cat::BipError>(cause))) + ")";
        } else if (result.general == cat::GeneralResult::TerminalUnableToProcess) {
            text += " (" + std::string(cat::terminal_problem_name(static_cast<cat::TerminalProblem>(cause))) +
                    ")";
        }
    }
    return text;
}

} // namespace euicc::card
