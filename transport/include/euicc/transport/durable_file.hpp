// SPDX-License-Identifier: Apache-2.0
// Durable file replacement for state directories and counter stores (card and host) (POSIX rename(2) atomicity + fsync(2)).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace euicc::transport {

/// Replaces `target` with `content` so that after a crash at any point the file holds either the old or
/// the new content, never a mix: write a temporary file beside it, fsync it, rename it over `target`,
/// fsync the directory (so the rename itself is on disk). Throws euicc::Error naming the path and errno text.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// The whole content of `path`; nullopt when it does not exist. Throws euicc::Error when it cannot be read.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

} // namespace euicc::transport
