// SPDX-License-Identifier: Apache-2.0
// A crash-safe CounterStore in a JSON file (TS 102 225 §5.1.1 CNTR never reused; POSIX rename/fsync, flock).
#pragma once

#include <filesystem>
#include <mutex>

#include <euicc/host/counter_store.hpp>

namespace euicc::host {

/// Counters in a JSON object `{"<key>": <last reserved counter>, ...}` at `path`. reserve_next() writes the
/// new value durably (transport::write_file_atomically: temporary file, fsync, rename, fsync of the
/// directory) before it returns it, so after a crash at any point the file holds a value at least as high as
/// any counter that may have been sent. Every call re-reads the file under a mutex and an advisory lock
/// (flock on `<path>.lock`), so threads and processes sharing the file never get the same value.
///
/// The file is created on the first reservation (its directory must exist). A file that is not such a JSON
/// object of integers 0..scp80::max_counter throws euicc::Error naming the path, from every call: a damaged
/// store must be looked at, never silently reset (which would reuse counters).
class FileCounterStore : public CounterStore {
public:
    explicit FileCounterStore(std::filesystem::path path);

    std::uint64_t reserve_next(const std::string& key) override;
    std::uint64_t current(const std::string& key) override;
    void ensure_at_least(const std::string& key, std::uint64_t used) override;

    const std::filesystem::path& path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
    std::mutex m_mutex;
};

} // namespace euicc::host
