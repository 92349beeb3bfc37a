// SPDX-License-Identifier: Apache-2.0
// Per-APDU round trip over pcscd + vpcd (spec/vpcd.md "Measured"): raw pcsc-lite vs PcscChannel::transmit.
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <winscard.h>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/transport/pcsc.hpp>

namespace {

using namespace euicc::literals;

// The same two APDUs on both paths: SELECT ECASD once, then GET DATA 5A (EID) per iteration, a short
// case 2 exchange the virtual eUICC answers without computing anything.
const euicc::Bytes k_select_ecasd = "00A4040010A0000005591010FFFFFFFF890000020000"_hex;
const euicc::Bytes k_get_eid = "80CA005A00"_hex;

std::string bench_reader() {
    const char* env = std::getenv("EUICC_BENCH_READER");
    return env != nullptr && *env != '\0' ? env : "Virtual PCD 00 00";
}

std::string scard_failure(const char* call, LONG rc) {
    return std::string(call) + ": " + pcsc_stringify_error(rc);
}

/// Baseline: what a hand-written pcsc-lite client does - one connection, one transaction, a fixed buffer.
void BM_RawSCardTransmit(benchmark::State& state) {
    const std::string reader = bench_reader();
    SCARDCONTEXT context = 0;
    LONG rc = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
    if (rc != SCARD_S_SUCCESS) {
        state.SkipWithError(scard_failure("SCardEstablishContext", rc).c_str());
        return;
    }
    SCARDHANDLE card = 0;
    DWORD protocol = 0;
    rc = SCardConnect(context, reader.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                      &card, &protocol);
    if (rc == SCARD_S_SUCCESS) {
        rc = SCardBeginTransaction(card);
    }
    const SCARD_IO_REQUEST* pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    std::vector<BYTE> response(65536 + 2);
    // Empty on success; else why the exchange failed (transport error, or an SW other than 9000/61xx).
    auto transmit = [&](const euicc::Bytes& command, const char* name) -> std::string {
        DWORD received = static_cast<DWORD>(response.size());
        const LONG r = SCardTransmit(card, pci, command.data(), static_cast<DWORD>(command.size()), nullptr,
                                     response.data(), &received);
        if (r != SCARD_S_SUCCESS) {
            return scard_failure(name, r);
        }
        const BYTE sw1 = received >= 2 ? response[received - 2] : 0;
        return sw1 == 0x90 || sw1 == 0x61 ? std::string() : std::string(name) + ": unexpected status word";
    };
    std::string error = rc == SCARD_S_SUCCESS ? transmit(k_select_ecasd, "SELECT ECASD")
                                              : scard_failure("SCardConnect/SCardBeginTransaction", rc);
    if (!error.empty()) {
        state.SkipWithError(error.c_str());
    } else {
        for (auto _ : state) {
            error = transmit(k_get_eid, "GET DATA");
            if (!error.empty()) {
                state.SkipWithError(error.c_str());
                break;
            }
            benchmark::DoNotOptimize(response.data());
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    }
    if (card != 0) {
        SCardEndTransaction(card, SCARD_LEAVE_CARD);
        SCardDisconnect(card, SCARD_LEAVE_CARD);
    }
    SCardReleaseContext(context);
}
BENCHMARK(BM_RawSCardTransmit)->UseRealTime();

/// Ours: PcscChannel under CardChannel::transmit (CommandApdu in, ResponseApdu out, tracing hook, 61xx/6Cxx
/// check) - the overhead a caller pays over the raw loop above.
void BM_CardChannelTransmit(benchmark::State& state) {
    try {
        euicc::transport::PcscContext context;
        const auto channel = context.connect(bench_reader());
        euicc::apdu::expect(channel->transmit(euicc::apdu::CommandApdu::parse(k_select_ecasd)),
                            "SELECT ECASD");
        const auto get_eid = euicc::apdu::CommandApdu::parse(k_get_eid);
        for (auto _ : state) {
            auto response = channel->transmit(get_eid);
            benchmark::DoNotOptimize(response);
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}
BENCHMARK(BM_CardChannelTransmit)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
