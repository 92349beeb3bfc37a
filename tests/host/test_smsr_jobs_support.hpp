// SPDX-License-Identifier: Apache-2.0
// Helpers for the SM-SR job store tests: EIDs, a store file, requests and admin events.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <euicc/apdu/eid.hpp>
#include <euicc/host/smsr/jobs_sqlite.hpp>

#include "support/temp_dir.hpp"

namespace euicc::host::smsr::test {

using std::chrono::sys_seconds;

/// A valid EID numbered n (30-digit prefix + check digits).
inline std::string job_eid(unsigned n) {
    char prefix[31];
    std::snprintf(prefix, sizeof prefix, "890490321234512345123%09u", n);
    return apdu::eid_with_check_digits(prefix);
}

inline sys_seconds at(long long seconds) {
    return sys_seconds(std::chrono::seconds(1'714'564'800 + seconds)); // 2024-05-01T12:00:00Z + seconds
}

/// A request `id` for `operation` naming `eids`, with one resolved target per EID.
inline smsr_api::ManagementRequest job_request(const std::string& id, trigger::OperationType operation,
                                               const std::vector<std::string>& eids) {
    smsr_api::ManagementRequest request;
    request.operation = operation;
    request.eids = eids;
    request.request_id = id;
    request.parameters.isdp_aid = Bytes{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0x01};
    if (operation == trigger::OperationType::ProfileDownload ||
        operation == trigger::OperationType::ProfileInstallation) {
        request.parameters.profile = smsr_api::ProfileName{"lab/profile.der"};
        request.parameters.isdp_aid.reset();
    }
    return request;
}

inline std::vector<NewTarget> resolved(const std::vector<std::string>& eids) {
    std::vector<NewTarget> out;
    for (const std::string& eid : eids) {
        out.push_back(NewTarget{eid, std::nullopt, std::nullopt});
    }
    return out;
}

inline AdminEvent event(const std::string& eid, AdminStep step) {
    AdminEvent out;
    out.eid = eid;
    out.step = step;
    return out;
}

/// A job store file in a fresh temporary directory.
struct JobFile {
    euicc::test::TempDir dir;
    std::filesystem::path path;
    JobFile() {
        std::filesystem::create_directories(dir.path());
        path = dir.path() / "jobs.sqlite";
    }
};

} // namespace euicc::host::smsr::test
