// SPDX-License-Identifier: Apache-2.0
// Durability of the platform (applet_spec/sgp02.md §9): the card is killed (destroyed without any shutdown) after
// every APDU of create ISD-P / keys / download / enable, re-opened from its state directory, checked for
// consistency, and brought to the end state from wherever it stood.
#include <catch2/catch.hpp>

#include <memory>

#include "card_test_util.hpp"
#include "sgp02_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::card::test;

namespace {

constexpr std::uint32_t total_memory = 256 * 1024;
constexpr std::uint32_t quota = 0x10000;
const Bytes target = isdp(0x10);

/// The power goes after the card processed a set number of APDUs: the host never hears the answer.
struct PowerLost {};

/// A card in a state directory that a test can kill and re-open.
class Bench {
public:
    explicit Bench(const std::filesystem::path& dir) : m_dir(dir) { reopen(); }

    /// Destroys the card object (nothing is flushed or closed: everything durable is on disk already) and starts
    /// a new one from the directory.
    void kill_and_reopen() {
        m_card.reset();
        reopen();
    }
    /// A link that lets `budget` APDUs through, then throws PowerLost (after the card processed the last one).
    Link link(std::optional<std::size_t> budget = std::nullopt) {
        return [this, budget](const apdu::CommandApdu& command) {
            const apdu::ResponseApdu answer = send(*m_card, command);
            ++m_sent;
            if (budget && m_sent >= *budget) {
                throw PowerLost{};
            }
            return answer;
        };
    }
    std::size_t sent() const noexcept { return m_sent; }
    void reset_count() noexcept { m_sent = 0; }

private:
    void reopen() { m_card = std::make_unique<card::VirtualEuicc>(stored_in(m_dir)); }

    std::filesystem::path m_dir;
    std::unique_ptr<card::VirtualEuicc> m_card;
    std::size_t m_sent = 0;
};

/// Where the target ISD-P stands: absent (nullopt) or its life cycle.
std::optional<std::uint8_t> target_state(const Link& link) {
    Scp03Host isd_r = isd_r_session(link);
    const std::optional<sgp02::IsdpStatus> status = status_of(isd_r, target);
    return status ? std::optional<std::uint8_t>(status->life_cycle) : std::nullopt;
}

/// The SM-SR/SM-DP procedure, resumed from the state the card reports: create, keys, download, enable.
void drive_to_enabled(const Link& link) {
    const scp03::StaticKeys keys = keyset(0x30, 0x10);
    for (int step = 0; step < 5; ++step) {
        const std::optional<std::uint8_t> state = target_state(link);
        if (state == 0x3F) {
            return;
        }
        // Every exchange happens outside REQUIRE, so that the power cut (an exception) reaches the caller.
        if (!state) {
            Scp03Host isd_r = isd_r_session(link);
            const apdu::StatusWord created = create_isdp(isd_r, target, quota);
            REQUIRE(created == apdu::sw::ok);
        } else if (*state == 0x07) {
            Scp03Host isd_r = isd_r_session(link);
            establish_keys(isd_r, target, keys);
        } else if (*state == 0x0F) {
            Scp03tHost sm_dp(link, target, keys);
            const std::vector<saip::EuiccResponse> responses = sm_dp.download(ts48_profile());
            REQUIRE(responses.back().ok());
        } else if (*state == 0x1F) {
            Scp03Host isd_r = isd_r_session(link);
            const apdu::ResponseApdu enabled = isd_r.transmit(sgp02::enable_profile(target));
            REQUIRE(enabled.sw() == apdu::sw::ok);
        }
    }
    FAIL("the procedure did not reach an enabled profile");
}

/// What must hold after any power cut: SGP.02 states only, memory accounted, at most one enabled profile.
void check_consistent(const Link& link) {
    Scp03Host isd_r = isd_r_session(link);
    const std::vector<sgp02::IsdpStatus> isdps = audit(isd_r);
    REQUIRE(isdps.size() <= 1);
    const gp::CardResources free = resources(isd_r);
    if (isdps.empty()) {
        CHECK(free.free_non_volatile == total_memory);
        return;
    }
    const sgp02::IsdpStatus& isdp = isdps.front();
    CHECK(isdp.aid == target);
    CHECK((isdp.life_cycle == 0x07 || isdp.life_cycle == 0x0F || isdp.life_cycle == 0x1F || isdp.life_cycle == 0x3F));
    CHECK(isdp.granted_memory == quota);
    CHECK(free.free_non_volatile == total_memory - quota);
    // The profile is there exactly when the life cycle says so (the download commits in one write).
    const bool installed = isdp.life_cycle == 0x1F || isdp.life_cycle == 0x3F;
    CHECK(isdp.remaining_memory == (installed ? quota - 12284 : quota));
}

} // namespace

TEST_CASE("power loss after any APDU of create/keys/download/enable leaves a consistent card",
          "[card][sgp02][durability]") {
    // A dry run counts the APDUs of the whole procedure on a fresh card.
    std::size_t total = 0;
    {
        euicc::test::TempDir dir;
        Bench bench(dir.path());
        drive_to_enabled(bench.link());
        total = bench.sent();
    }
    REQUIRE(total > 30);
    for (std::size_t cut = 1; cut < total; ++cut) {
        CAPTURE(cut);
        euicc::test::TempDir dir;
        Bench bench(dir.path());
        CHECK_THROWS_AS(drive_to_enabled(bench.link(cut)), PowerLost);
        bench.kill_and_reopen();
        check_consistent(bench.link());
        if (cut % 2 == 1 && target_state(bench.link()) == 0x0F) {
            // A half-downloaded ISD-P can be deleted (and everything done again) ...
            Scp03Host isd_r = isd_r_session(bench.link());
            CHECK(isd_r.transmit(sgp02::delete_profile(target)).sw() == apdu::sw::ok);
        }
        // ... or downloaded again: either way the procedure ends with the profile enabled.
        drive_to_enabled(bench.link());
        bench.kill_and_reopen();
        check_consistent(bench.link());
        CHECK(target_state(bench.link()) == 0x3F);
    }
}

TEST_CASE("a download cut by a reset starts again from the beginning", "[card][sgp02][durability]") {
    euicc::test::TempDir dir;
    Bench bench(dir.path());
    {
        Scp03Host isd_r = isd_r_session(bench.link());
        REQUIRE(create_isdp(isd_r, target) == apdu::sw::ok);
        establish_keys(isd_r, target, keyset(0x30, 0x10));
    }
    const Bytes package = ts48_profile();
    {
        Scp03tHost sm_dp(bench.link(), target, keyset(0x30, 0x10));
        CHECK(sm_dp.segment(ByteView(package).first(1007)).empty());
        CHECK(sm_dp.segment(ByteView(package).subspan(1007, 1007)).empty());
    }
    bench.kill_and_reopen();  // the partial package lived in RAM only
    CHECK(target_state(bench.link()) == 0x0F);
    Scp03tHost sm_dp(bench.link(), target, keyset(0x30, 0x10));
    CHECK(sm_dp.download(package).back().ok());
    CHECK(target_state(bench.link()) == 0x1F);
}
