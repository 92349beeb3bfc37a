// SPDX-License-Identifier: Apache-2.0
// The request status with the patent's EID lists (host/docs/smsr_api.md), assembled from the job store while the
// batch runs.
#pragma once

#include <optional>
#include <string_view>

#include <euicc/apdu/smsr_api.hpp>
#include <euicc/host/smsr/jobs.hpp>

namespace euicc::host::smsr {

/// The status of request `id`, nullopt when the store has no such request. Lists, in target order: connected,
/// container_created, profile_installed, profile_enabled, smsr_changed hold the EIDs whose job recorded that
/// step (whatever its state now); failed holds the finished failures (EID and/or identity, reason). A
/// retryable failure is not listed until it is final.
std::optional<smsr_api::RequestStatus> request_status(const JobStore& store, std::string_view id);

} // namespace euicc::host::smsr
