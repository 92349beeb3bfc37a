// SPDX-License-Identifier: Apache-2.0
// Test helpers for the SM-SR JSON API codec (host/docs/smsr_api.md): valid EIDs and a DocumentError matcher.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include <euicc/apdu/smsr_api.hpp>

namespace smsr_api_test {

// EIDs with valid check digits (the vectors of test_eid.cpp).
inline const std::string eid_a = "89049032123451234512345678901235";
inline const std::string eid_b = "89086030202200000022000023022943";
inline const std::string eid_c = "89044045116727494800000004479366";

} // namespace smsr_api_test

/// CHECK_DOCUMENT_ERROR(parse(x), "/eids/3", "check digits"): a DocumentError naming that pointer, with the
/// reason text in its message.
#define CHECK_DOCUMENT_ERROR(expr, expected_pointer, expected_reason)                                        \
    do {                                                                                                     \
        try {                                                                                                \
            static_cast<void>(expr);                                                                         \
            FAIL_CHECK("no DocumentError from " #expr);                                                      \
        } catch (const euicc::smsr_api::DocumentError& document_error_) {                                    \
            INFO(document_error_.what());                                                                    \
            CHECK(document_error_.pointer() == std::string(expected_pointer));                               \
            CHECK_THAT(document_error_.what(), Catch::Contains(expected_reason));                            \
        }                                                                                                    \
    } while (false)
