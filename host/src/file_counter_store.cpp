// SPDX-License-Identifier: Apache-2.0
// FileCounterStore: reserve-then-send counters in a JSON file (TS 102 225 §5.1.1; POSIX rename(2), flock(2)).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>
#include <euicc/host/file_counter_store.hpp>
#include <euicc/transport/durable_file.hpp>

#include "counter_rules.hpp"

namespace euicc::host {

namespace {

using Counters = std::map<std::string, std::uint64_t>;

/// An advisory lock on `<store>.lock` for one read-modify-write: other processes using the same store wait,
/// so two of them can never reserve the same value. A separate file, because the store itself is replaced by
/// rename and a lock on the old inode would not exclude a process that opened the new one.
class StoreLock {
public:
    StoreLock(const std::filesystem::path& store, bool exclusive) : m_path(store.string() + ".lock") {
        m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0) {
            fail("cannot open");
        }
        int rc;
        do {
            rc = ::flock(m_fd, exclusive ? LOCK_EX : LOCK_SH);
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            const int saved = errno;
            ::close(m_fd);
            errno = saved;
            fail("cannot lock");
        }
    }
    ~StoreLock() { ::close(m_fd); } // closing releases the lock
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;

private:
    [[noreturn]] void fail(const char* what) const {
        throw Error("counter store lock " + m_path + ": " + what + ": " + std::strerror(errno));
    }

    std::string m_path;
    int m_fd = -1;
};

[[noreturn]] void corrupt(const std::filesystem::path& path, const std::string& why) {
    throw Error("counter store " + path.string() + " is damaged (" + why +
                "); fix or remove it only when the cards' counters are known, or counters would be reused");
}

Counters load(const std::filesystem::path& path) {
    const std::optional<std::string> text = transport::read_file_if_exists(path);
    Counters counters;
    if (!text) {
        return counters;
    }
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& e) {
        corrupt(path, e.what());
    }
    if (!document.is_object()) {
        corrupt(path, "not a JSON object");
    }
    for (const auto& [key, value] : document.items()) {
        if (!value.is_number_unsigned() || value.get<std::uint64_t>() > scp80::max_counter) {
            corrupt(path, "value of '" + key + "' is not a counter 0..1099511627775");
        }
        counters.emplace(key, value.get<std::uint64_t>());
    }
    return counters;
}

void save(const std::filesystem::path& path, const Counters& counters) {
    nlohmann::json document = nlohmann::json::object();
    for (const auto& [key, value] : counters) {
        document[key] = value;
    }
    transport::write_file_atomically(path, document.dump(2) + "\n");
}

} // namespace

FileCounterStore::FileCounterStore(std::filesystem::path path) : m_path(std::move(path)) {
    if (m_path.empty()) {
        throw std::invalid_argument("FileCounterStore: empty path");
    }
}

std::uint64_t FileCounterStore::reserve_next(const std::string& key) {
    const std::lock_guard guard(m_mutex);
    const StoreLock lock(m_path, true);
    Counters counters = load(m_path);
    auto& last = counters[key];
    last = detail::counter_after(last, key);
    const std::uint64_t reserved = last;
    // Durable before it is handed out: a crash after this line can only skip the value, never reuse it.
    save(m_path, counters);
    return reserved;
}

std::uint64_t FileCounterStore::current(const std::string& key) {
    const std::lock_guard guard(m_mutex);
    const StoreLock lock(m_path, false);
    const Counters counters = load(m_path);
    const auto it = counters.find(key);
    return it == counters.end() ? 0 : it->second;
}

void FileCounterStore::ensure_at_least(const std::string& key, std::uint64_t used) {
    detail::check_counter_value(used);
    const std::lock_guard guard(m_mutex);
    const StoreLock lock(m_path, true);
    Counters counters = load(m_path);
    auto& last = counters[key];
    if (last >= used) {
        return;
    }
    last = used;
    save(m_path, counters);
}

} // namespace euicc::host
