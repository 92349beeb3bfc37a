// SPDX-License-Identifier: Apache-2.0
// SAIP package checks an ES8 download runs before its first APDU (saip.md §2, §5, §9.1): walk, header, EF.ICCID
// cross-check, segments, on a TS.48 test profile.
#include <fstream>
#include <iterator>
#include <string>

#include <benchmark/benchmark.h>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/saip.hpp>

// Usage: bench_saip [google-benchmark flags]; reads ../shared/profiles/TS48v1_A.der relative to the working
// directory (the repository root, as tests/bench/run_all.sh runs it), or EUICC_BENCH_PROFILE.

namespace {

using euicc::Bytes;
namespace saip = euicc::saip;

const Bytes& package() {
    static const Bytes bytes = [] {
        const char* env = std::getenv("EUICC_BENCH_PROFILE");
        const std::string path = env != nullptr && *env != '\0' ? env : "../shared/profiles/TS48v1_A.der";
        std::ifstream in(path, std::ios::binary);
        Bytes out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (out.empty()) {
            saip::GeneratorParams params;
            params.iccid = "8949449999999990023";
            out = saip::generate_profile(params);
        }
        return out;
    }();
    return bytes;
}

void walk(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(saip::walk(package()));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * package().size()));
}
BENCHMARK(walk);

// What IsdP::download_and_install_profile does before the first APDU: one walk, every check, the segments.
void download_preparation(benchmark::State& state) {
    for (auto _ : state) {
        const auto elements = saip::walk(package());
        benchmark::DoNotOptimize(saip::read_header(elements));
        benchmark::DoNotOptimize(saip::check_iccid(elements));
        benchmark::DoNotOptimize(saip::segment(elements, package()));
    }
}
BENCHMARK(download_preparation);

// The full BER tree of the package, for comparison: what walk cost when it built one.
void full_tree(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(euicc::ber::parse_all(package(), {true, false}));
    }
}
BENCHMARK(full_tree);

} // namespace

BENCHMARK_MAIN();
