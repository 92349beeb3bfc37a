// SPDX-License-Identifier: Apache-2.0
// Tests for GP life-cycle states and privileges (GPCS v2.3.1 §11.1.1-§11.1.2; spec/globalplatform.md §3, §4).
#include <catch2/catch.hpp>

#include <euicc/apdu/gp.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;
using gp::EntryKind;
using gp::LifeCycleState;

TEST_CASE("GP life cycle: the same byte decodes per entry kind", "[gp]") {
    auto [kind, value, state] = GENERATE(table<EntryKind, std::uint8_t, LifeCycleState>({
        {EntryKind::LoadFile, 0x01, LifeCycleState::Loaded},
        {EntryKind::LoadFile, 0x07, LifeCycleState::Invalid},
        {EntryKind::Application, 0x03, LifeCycleState::Installed},
        {EntryKind::Application, 0x07, LifeCycleState::Selectable},
        {EntryKind::Application, 0x0F, LifeCycleState::ApplicationSpecific},
        {EntryKind::Application, 0x87, LifeCycleState::Locked},
        {EntryKind::Application, 0x83, LifeCycleState::Locked},
        {EntryKind::Application, 0x01, LifeCycleState::Invalid},
        {EntryKind::SecurityDomain, 0x03, LifeCycleState::Installed},
        {EntryKind::SecurityDomain, 0x07, LifeCycleState::Selectable},
        {EntryKind::SecurityDomain, 0x0F, LifeCycleState::Personalized},
        {EntryKind::SecurityDomain, 0x1F, LifeCycleState::ApplicationSpecific}, // SGP.02 ISD-P DISABLED
        {EntryKind::SecurityDomain, 0x3F, LifeCycleState::ApplicationSpecific}, // SGP.02 ISD-P ENABLED
        {EntryKind::SecurityDomain, 0x83, LifeCycleState::Locked},
        {EntryKind::SecurityDomain, 0x8F, LifeCycleState::Locked},
        {EntryKind::SecurityDomain, 0x05, LifeCycleState::Invalid},
        {EntryKind::Card, 0x01, LifeCycleState::OpReady},
        {EntryKind::Card, 0x07, LifeCycleState::Initialized},
        {EntryKind::Card, 0x0F, LifeCycleState::Secured},
        {EntryKind::Card, 0x7F, LifeCycleState::CardLocked},
        {EntryKind::Card, 0xFF, LifeCycleState::Terminated},
        {EntryKind::Card, 0x03, LifeCycleState::Invalid},
    }));
    CAPTURE(static_cast<int>(kind), static_cast<int>(value));
    CHECK(gp::decode_life_cycle(kind, value) == state);
}

TEST_CASE("GP life cycle names", "[gp]") {
    CHECK(gp::to_string(LifeCycleState::Selectable) == "SELECTABLE");
    CHECK(gp::to_string(LifeCycleState::Personalized) == "PERSONALIZED");
    CHECK(gp::to_string(LifeCycleState::OpReady) == "OP_READY");
    CHECK(gp::to_string(LifeCycleState::Invalid) == "INVALID");
}

TEST_CASE("GP privileges: ISD-P privileges 80C000 (spec/globalplatform.md §4)", "[gp]") {
    const gp::Privileges isdp = gp::Privileges::parse("80C000"_hex);
    CHECK(isdp == gp::Privileges{gp::Privilege::SecurityDomain, gp::Privilege::TrustedPath,
                                 gp::Privilege::AuthorizedManagement});
    CHECK(isdp.encode() == "80C000"_hex);
    CHECK(isdp.has(gp::Privilege::SecurityDomain));
    CHECK(isdp.has(gp::Privilege::TrustedPath));
    CHECK_FALSE(isdp.has(gp::Privilege::DapVerification));
    CHECK(isdp.to_string() == "Security Domain, Trusted Path, Authorized Management");
}

TEST_CASE("GP privileges: multi-bit privileges need all their bits", "[gp]") {
    const gp::Privileges dap_only_bit(0x400000); // b7 without the SD bit is not DAP Verification
    CHECK_FALSE(dap_only_bit.has(gp::Privilege::DapVerification));
    const gp::Privileges mandated = gp::Privileges::parse("C10000"_hex);
    CHECK(mandated.has(gp::Privilege::MandatedDapVerification));
    CHECK(mandated.has(gp::Privilege::DapVerification));
    CHECK(mandated.to_string() == "Security Domain, DAP Verification, Mandated DAP Verification");
    // pySim's MNO-SD default 82FC80.
    const gp::Privileges mno_sd = gp::Privileges::parse("82FC80"_hex);
    CHECK(mno_sd.has(gp::Privilege::CvmManagement));
    CHECK(mno_sd.has(gp::Privilege::GlobalDelete));
    CHECK(mno_sd.has(gp::Privilege::ReceiptGeneration));
    CHECK_FALSE(mno_sd.has(gp::Privilege::FinalApplication));
    CHECK(gp::Privileges().to_string() == "none");
    CHECK(gp::to_string(gp::Privilege::GlobalService) == "Global Service");
}

TEST_CASE("GP privileges: 1-byte legacy form and bad lengths", "[gp]") {
    CHECK(gp::Privileges::parse("80"_hex).bits() == 0x800000);
    CHECK_CODEC_ERROR(gp::Privileges::parse("80C0"_hex), "privileges", 0);
    CHECK_CODEC_ERROR(gp::Privileges::parse(Bytes{}), "privileges", 0);
}
