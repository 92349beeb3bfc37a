// SPDX-License-Identifier: Apache-2.0
// Test helpers for `euicc decode` explanations: explain hex, check phrases in the text, find nodes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/explain.hpp>

namespace explain_test {

inline euicc::host::Explanation explain_hex(std::string_view hex, const euicc::host::ExplainOptions& options = {}) {
    return euicc::host::explain(euicc::from_hex(hex), options);
}

/// A vector from the spec digests, what the root must be and phrases its text must contain.
struct Vector {
    const char* hex;
    const char* root_label;
    const char* root_value; ///< substring of the root's value
    std::vector<const char*> phrases;
};

/// Checks root label/value, every phrase, and that nothing is malformed.
inline void check_vector(const Vector& v, const euicc::host::ExplainOptions& options = {}) {
    CAPTURE(v.hex);
    const euicc::host::Explanation e = explain_hex(v.hex, options);
    const std::string text = euicc::host::to_text(e);
    CAPTURE(text);
    CHECK(e.label == v.root_label);
    CHECK_THAT(e.value, Catch::Matchers::Contains(v.root_value));
    for (const char* phrase : v.phrases) {
        CHECK_THAT(text, Catch::Matchers::Contains(phrase));
    }
    CHECK_FALSE(e.malformed());
}

} // namespace explain_test
