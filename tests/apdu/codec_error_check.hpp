// SPDX-License-Identifier: Apache-2.0
// Test helper: asserts that an expression throws euicc::CodecError with a given context and byte offset.
#pragma once

#include <catch2/catch.hpp>

#include <euicc/error.hpp>

/// CHECK_CODEC_ERROR(parse(x), "C-APDU", 5): fails when nothing or another exception is thrown.
#define CHECK_CODEC_ERROR(expr, expected_context, expected_offset)                                           \
    do {                                                                                                     \
        try {                                                                                                \
            static_cast<void>(expr);                                                                         \
            FAIL_CHECK("no CodecError from " #expr);                                                         \
        } catch (const euicc::CodecError& codec_error_) {                                                   \
            INFO(codec_error_.what());                                                                       \
            CHECK(codec_error_.context() == (expected_context));                                             \
            CHECK(codec_error_.offset() == static_cast<std::size_t>(expected_offset));                       \
        }                                                                                                    \
    } while (false)
