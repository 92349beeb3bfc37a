#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets (clang, EUICC_FUZZ=ON) and runs each for FUZZ_SECONDS on a copy of its seed corpus.
# Usage: tests/fuzz/run.sh [build-dir]   (default: <repo>/build-fuzz; FUZZ_SECONDS defaults to 20)
# Exits non-zero when a target crashes, traps on a broken round trip, or a sanitizer fires; the input that did it
# is kept under <build-dir>/fuzz/artifacts/<target>/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(cd "${here}/../.." && pwd)"
build_dir="${1:-${source_dir}/build-fuzz}"
seconds="${FUZZ_SECONDS:-20}"

cmake -S "${source_dir}" -B "${build_dir}" -G Ninja -DEUICC_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DEUICC_BUILD_PYTHON=OFF
cmake --build "${build_dir}" -j2

failed=()
for source in "${here}"/fuzz_*.cpp; do
    target="$(basename "${source}" .cpp)"
    corpus="${build_dir}/fuzz/corpus/${target}"
    artifacts="${build_dir}/fuzz/artifacts/${target}"
    mkdir -p "${corpus}" "${artifacts}"
    # The fuzzer adds what it finds to the copy; the committed seeds stay as they are.
    if [[ -d "${here}/corpus/${target}" ]]; then
        cp -n "${here}/corpus/${target}"/* "${corpus}/" 2>/dev/null || true
    fi
    echo "== ${target}: ${seconds}s"
    if ! "${build_dir}/fuzz/${target}" -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="${artifacts}/" "${corpus}"; then
        failed+=("${target}")
    fi
done

if ((${#failed[@]} > 0)); then
    echo "fuzz: FAILED: ${failed[*]} (inputs in ${build_dir}/fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz: all targets ran ${seconds}s without a crash"
