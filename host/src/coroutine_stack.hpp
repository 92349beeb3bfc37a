// SPDX-License-Identifier: Apache-2.0
// Private: AddressSanitizer on the admin server's stackful coroutines (Boost.Context stacks it cannot see).
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define EUICC_HOST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EUICC_HOST_ASAN 1
#endif
#endif

#ifdef EUICC_HOST_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace euicc::host::detail {

/// Call first thing in a catch handler that runs on a session coroutine. An exception unwinds frames without
/// their epilogues, so their stack redzones stay poisoned; on a thread stack ASan clears them (it knows where
/// that stack ends), on a Boost.Context stack it cannot, and later frames at those addresses are then reported
/// as stack-buffer-underflow/overflow. Everything below the handler's frame is dead at this point, so its shadow
/// is cleared: half the coroutine stack (`stack_size`), which never reaches past the stack's lower end because
/// a session's live frames stay far below half of it. A no-op without ASan.
inline void forget_unwound_frames(std::size_t stack_size) noexcept {
#ifdef EUICC_HOST_ASAN
    auto* const frame = static_cast<char*>(__builtin_frame_address(0));
    const std::size_t below = stack_size / 2;
    __asan_unpoison_memory_region(frame - below, below);
#else
    static_cast<void>(stack_size);
#endif
}

} // namespace euicc::host::detail
