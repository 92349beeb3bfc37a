// SPDX-License-Identifier: Apache-2.0
// Inventory::resolve: a request's EID and identity lists to cards, each unknown entry a failure (design §4).
#include <euicc/host/smsr/inventory.hpp>

#include <stdexcept>

#include <euicc/apdu/eid.hpp>

namespace euicc::host::smsr {

namespace {

ResolveEntry failed(std::string requested, ResolveFailure failure, std::string reason) {
    return ResolveEntry{std::move(requested), ResolveError{failure, std::move(reason)}};
}

} // namespace

std::vector<ResolveEntry> Inventory::resolve(std::span<const std::string> eids,
                                             std::span<const Identity> identities) const {
    std::vector<ResolveEntry> out;
    out.reserve(eids.size() + identities.size());
    for (const std::string& eid : eids) {
        if (!apdu::eid_is_valid(eid)) {
            out.push_back(failed(eid, ResolveFailure::InvalidEid,
                                 "invalid EID " + eid + " (expected 32 digits with valid check digits)"));
        } else if (auto info = card(eid)) {
            out.push_back(ResolveEntry{eid, ResolvedCard{eid, std::move(info->identities)}});
        } else {
            out.push_back(failed(eid, ResolveFailure::UnknownEid, "unknown EID " + eid));
        }
    }
    for (const Identity& given : identities) {
        const std::string requested = describe(given);
        Identity identity;
        try {
            identity = make_identity(given.type, given.value);
        } catch (const std::invalid_argument& e) {
            out.push_back(failed(requested, ResolveFailure::InvalidIdentity, "invalid " + std::string(e.what())));
            continue;
        }
        if (const auto eid = eid_of(identity)) {
            out.push_back(ResolveEntry{requested, ResolvedCard{*eid, identities_of(*eid)}});
        } else {
            out.push_back(failed(requested, ResolveFailure::UnknownIdentity,
                                 "unknown " + describe(identity) + ": identity maps to no card"));
        }
    }
    return out;
}

} // namespace euicc::host::smsr
