// SPDX-License-Identifier: Apache-2.0
// Durable file replacement (rename(2) atomicity + fsync(2)) used by state directories and counter stores.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>

#include <euicc/error.hpp>
#include <euicc/transport/durable_file.hpp>

#include "support/temp_dir.hpp"

using namespace euicc;
namespace fs = std::filesystem;
using euicc::test::TempDir;

TEST_CASE("write_file_atomically replaces the file and leaves no temporary behind", "[durable]") {
    TempDir dir;
    fs::create_directories(dir.path());
    const fs::path target = dir.path() / "state";
    transport::write_file_atomically(target, "first");
    CHECK(transport::read_file_if_exists(target) == std::optional<std::string>("first"));
    transport::write_file_atomically(target, "second, longer content");
    CHECK(transport::read_file_if_exists(target) == std::optional<std::string>("second, longer content"));
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
    CHECK_FALSE(transport::read_file_if_exists(dir.path() / "missing").has_value());
    CHECK_THROWS_AS(transport::write_file_atomically(dir.path() / "no-such-dir" / "state", "x"), Error);
}
