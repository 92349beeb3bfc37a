// SPDX-License-Identifier: Apache-2.0
// `euicc profile ...`: SGP.02 ES5 on the ISD-R over SCP03 (spec/sgp02.md §4): list (audit), create-isdp,
// enable, disable, delete, fallback; install and generate live in cmd_profile_install.cpp.
#include <iomanip>
#include <iostream>
#include <optional>

#include <euicc/apdu/sgp02.hpp>

#include "isd_r_common.hpp"
#include "profile_commands.hpp"

namespace euicc::cli {

namespace {

struct ListArgs {
    IsdROptions isd_r;
};

struct CreateArgs {
    IsdROptions isd_r;
    std::optional<std::uint32_t> quota;
    std::string iccid;
    std::string isdp;
};

/// enable / disable / delete / fallback: one ISD-P, one command.
struct TargetArgs {
    IsdROptions isd_r;
    std::string isdp;
};

std::string state_text(const host::ProfileRecord& record) {
    return record.state ? std::string(sgp02::to_string(*record.state))
                        : "life cycle " + to_hex(Bytes{record.life_cycle});
}

nlohmann::json record_json(const host::ProfileRecord& record) {
    nlohmann::json out = {{"aid", to_hex(record.isdp_aid)},
                          {"iccid", record.iccid ? nlohmann::json(*record.iccid) : nlohmann::json(nullptr)},
                          {"state", state_text(record)},
                          {"life_cycle", to_hex(Bytes{record.life_cycle})},
                          {"fallback", record.fallback}};
    if (record.granted_memory) {
        out["granted_memory"] = *record.granted_memory;
    }
    if (record.remaining_memory) {
        out["remaining_memory"] = *record.remaining_memory;
    }
    return out;
}

void run_list(const ListArgs& args) {
    const auto ctx = open_isd_r(args.isd_r);
    const host::Audit audit = ctx->isd_r.audit();
    if (args.isd_r.reader.json) {
        auto profiles = nlohmann::json::array();
        for (const auto& record : audit.profiles) {
            profiles.push_back(record_json(record));
        }
        nlohmann::json resources = nullptr;
        if (audit.resources) {
            resources = {{"installed_applications", audit.resources->installed_applications},
                         {"free_non_volatile", audit.resources->free_non_volatile},
                         {"free_volatile", audit.resources->free_volatile}};
        }
        print_json({{"profiles", profiles}, {"resources", resources}});
        return;
    }
    std::cout << std::left << std::setw(34) << "AID" << std::setw(22) << "ICCID" << std::setw(10) << "STATE"
              << "FALLBACK\n";
    for (const auto& record : audit.profiles) {
        std::cout << std::setw(34) << to_hex(record.isdp_aid) << std::setw(22) << record.iccid.value_or("-")
                  << std::setw(10) << state_text(record) << (record.fallback ? "yes" : "no") << '\n';
    }
    if (audit.profiles.empty()) {
        std::cout << "(no ISD-P)\n";
    }
    if (audit.resources) {
        std::cout << "free memory: " << audit.resources->free_non_volatile << " bytes non-volatile, "
                  << audit.resources->free_volatile << " bytes volatile\n";
    }
}

void run_create(const CreateArgs& args) {
    host::CreateIsdpRequest request;
    if (!args.isdp.empty()) {
        request.isdp_aid = parse_isdp_aid(args.isdp);
    }
    if (!args.iccid.empty()) {
        request.iccid = args.iccid;
    }
    request.non_volatile_quota = args.quota;
    const auto ctx = open_isd_r(args.isd_r);
    const host::CreatedIsdp created = ctx->isd_r.create_isdp(request);
    if (args.isd_r.reader.json) {
        print_json(
            {{"isdp_aid", to_hex(created.isdp_aid)},
             {"iccid", created.iccid ? nlohmann::json(*created.iccid) : nlohmann::json(nullptr)},
             {"non_volatile_quota", created.non_volatile_quota ? nlohmann::json(*created.non_volatile_quota)
                                                               : nlohmann::json(nullptr)}});
        return;
    }
    std::cout << "created ISD-P " << to_hex(created.isdp_aid);
    if (created.non_volatile_quota) {
        std::cout << " with a quota of " << *created.non_volatile_quota << " bytes";
    }
    if (created.iccid) {
        std::cout << " for ICCID " << *created.iccid;
    }
    std::cout << '\n';
}

enum class Operation { Enable, Disable, Delete, Fallback };

void run_operation(Operation operation, const TargetArgs& args) {
    const Bytes aid = parse_isdp_aid(args.isdp);
    const auto ctx = open_isd_r(args.isd_r);
    nlohmann::json out = {{"isdp_aid", to_hex(aid)}};
    std::string line;
    switch (operation) {
    case Operation::Enable:
    case Operation::Disable: {
        const bool enable = operation == Operation::Enable;
        const host::ProfileSwitch result =
            enable ? ctx->isd_r.enable_profile(aid) : ctx->isd_r.disable_profile(aid);
        out["sw"] = result.sw.to_string();
        out["proactive_command_pending"] = result.proactive_command_pending();
        line = std::string(enable ? "enabled" : "disabled") + " ISD-P " + to_hex(aid);
        if (result.proactive_command_pending()) {
            line +=
                " (" + result.sw.to_string() + ": a proactive command, e.g. REFRESH, waits for the terminal)";
        }
        break;
    }
    case Operation::Delete: {
        const host::DeletedProfile result = ctx->isd_r.delete_profile(aid);
        out["confirmation"] = to_hex(result.confirmation);
        line = "deleted ISD-P " + to_hex(aid) + " and its profile";
        break;
    }
    case Operation::Fallback:
        ctx->isd_r.set_fallback(aid);
        line = "ISD-P " + to_hex(aid) + " now holds the fall-back attribute";
        break;
    }
    if (args.isd_r.reader.json) {
        print_json(out);
    } else {
        std::cout << line << '\n';
    }
}

void add_operation(CLI::App& profile, const char* name, const char* help, Operation operation) {
    auto args = std::make_shared<TargetArgs>();
    auto* cmd = profile.add_subcommand(name, help);
    add_isd_r_options(*cmd, args->isd_r);
    cmd->add_option("AID", args->isdp, "ISD-P AID (hex) or ISD-P number (e.g. 10)")->required();
    cmd->callback([args, operation] { explain_refusals([&] { run_operation(operation, *args); }); });
}

} // namespace

void register_profile(CLI::App& app) {
    auto* profile =
        app.add_subcommand("profile", "SGP.02 profiles on the ISD-R over SCP03: list, create, install, "
                                      "enable, disable, delete, fall-back");
    profile->require_subcommand(1);

    auto list = std::make_shared<ListArgs>();
    auto* list_cmd = profile->add_subcommand("list", "audit the ISD-Ps: AID, ICCID, state, fall-back");
    add_isd_r_options(*list_cmd, list->isd_r);
    list_cmd->callback([list] { run_list(*list); });

    auto create = std::make_shared<CreateArgs>();
    auto* create_cmd = profile->add_subcommand("create-isdp", "ES5.CreateISDP: a new, empty ISD-P");
    add_isd_r_options(*create_cmd, create->isd_r);
    create_cmd->add_option("--quota", create->quota, "non-volatile memory reserved for the ISD-P (bytes)");
    create_cmd->add_option("--iccid", create->iccid,
                           "ICCID of the profile it is for (kept by the host only)");
    create_cmd->add_option("--isdp", create->isdp, "AID or ISD-P number (default: the lowest free from 10)");
    create_cmd->callback([create] { explain_refusals([&] { run_create(*create); }); });

    register_profile_install(*profile);
    add_operation(*profile, "enable", "ES5.EnableProfile", Operation::Enable);
    add_operation(*profile, "disable", "ES5.DisableProfile", Operation::Disable);
    add_operation(*profile, "delete", "ES5.DeleteProfile: the ISD-P and its profile", Operation::Delete);
    add_operation(*profile, "fallback", "ES5.SetFallBackAttribute", Operation::Fallback);
    register_profile_generate(*profile);
}

} // namespace euicc::cli
