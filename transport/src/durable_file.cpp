// SPDX-License-Identifier: Apache-2.0
// Durable file replacement for the card's state directory (POSIX rename(2) atomicity + fsync(2)).
#include <euicc/transport/durable_file.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include <euicc/error.hpp>

namespace euicc::transport {

namespace {

[[noreturn]] void fail(const std::string& action, const std::filesystem::path& path, int error) {
    throw Error("card state: cannot " + action + " " + path.string() + ": " + std::strerror(error));
}

/// Owns a file descriptor; closing in the destructor is the error path only (success paths close explicitly
/// so that a failing close(2), which can report a lost write, is not ignored).
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) noexcept : m_fd(fd) {}
    ~FileDescriptor() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;

    int get() const noexcept { return m_fd; }
    int release() noexcept { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

void write_all(int fd, std::string_view content, const std::filesystem::path& path) {
    while (!content.empty()) {
        const ssize_t written = ::write(fd, content.data(), content.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("write", path, errno);
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
}

void sync_and_close(FileDescriptor& fd, const std::filesystem::path& path) {
    if (::fsync(fd.get()) != 0) {
        fail("fsync", path, errno);
    }
    if (::close(fd.release()) != 0) {
        fail("close", path, errno);
    }
}

} // namespace

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
    const std::filesystem::path directory =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::filesystem::path temporary = target;
    temporary += ".tmp." + std::to_string(::getpid());
    try {
        FileDescriptor file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (file.get() < 0) {
            fail("create", temporary, errno);
        }
        write_all(file.get(), content, temporary);
        sync_and_close(file, temporary);
        if (::rename(temporary.c_str(), target.c_str()) != 0) {
            fail("rename onto", target, errno);
        }
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
    FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) {
        fail("open directory", directory, errno);
    }
    sync_and_close(dir, directory);
}

std::optional<std::string> read_file_if_exists(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec) && !ec) {
            return std::nullopt;
        }
        fail("open", path, errno != 0 ? errno : EIO);
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        fail("read", path, EIO);
    }
    return content.str();
}

} // namespace euicc::transport
