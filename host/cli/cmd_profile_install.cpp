// SPDX-License-Identifier: Apache-2.0
// `euicc profile install FILE`: ES5.CreateISDP, lab key establishment and ES8.DownloadAndInstallation over
// SCP03t (spec/sgp02.md §4-§5, spec/saip.md §9); `euicc profile generate`: a small SAIP package
// (saip::generate_profile).
#include <iostream>
#include <optional>

#include <euicc/apdu/saip.hpp>
#include <euicc/host/isd_p.hpp>
#include <euicc/host/scp03_key_file.hpp>
#include <euicc/transport/durable_file.hpp>

#include "isd_r_common.hpp"
#include "profile_commands.hpp"

namespace euicc::cli {

namespace {

struct InstallArgs {
    IsdROptions isd_r;
    std::string file;
    std::string isdp;
    std::optional<std::uint32_t> quota;
    std::string isdp_keys_path;
};

struct GenerateArgs {
    std::string iccid;
    std::string out;
    std::string imsi;
    std::string profile_type;
    bool json = false;
};

nlohmann::json installation_json(const host::ProfileInstallation& result, bool created) {
    auto responses = nlohmann::json::array();
    for (const saip::EuiccResponse& response : result.responses) {
        responses.push_back({{"ok", response.ok()}, {"installation_aborted", response.installation_aborted}});
    }
    return {{"isdp_aid", to_hex(result.isdp_aid)},
            {"isdp_created", created},
            {"iccid", result.iccid},
            {"profile_type",
             result.profile_type ? nlohmann::json(*result.profile_type) : nlohmann::json(nullptr)},
            {"package_size", result.package_size},
            {"segments", result.segments},
            {"commands", result.commands},
            {"responses", responses},
            {"ok", result.ok()}};
}

void run_install(const InstallArgs& args) {
    // Everything that can be checked without the card is checked first (CodecError names the offset).
    const Bytes package = read_package(args.file);
    const std::string iccid = saip::check_iccid(saip::walk(package));
    OpenSslRng key_rng;
    const scp03::StaticKeys keys = isdp_keys(args.isdp_keys_path, key_rng);

    const auto ctx = open_isd_r(args.isd_r);
    Bytes aid;
    const bool create = args.isdp.empty();
    if (create) {
        host::CreateIsdpRequest request;
        request.iccid = iccid;
        request.non_volatile_quota = args.quota;
        aid = ctx->isd_r.create_isdp(request).isdp_aid;
    } else {
        aid = parse_isdp_aid(args.isdp);
    }
    host::ProfileInstallation result;
    try {
        ctx->isd_r.establish_isdp_keys(aid, keys);
        host::IsdP isdp(ctx->channel(), aid, ctx->rng);
        result = isdp.download_and_install_profile(keys, package);
    } catch (const std::exception&) {
        if (create) {
            std::cerr << "euicc: ISD-P " << to_hex(aid)
                      << " was created for this profile and stays on the card; "
                      << "`euicc profile delete " << to_hex(aid) << "` removes it\n";
        }
        throw;
    }
    if (args.isd_r.reader.json) {
        print_json(installation_json(result, create));
        return;
    }
    std::cout << "installed profile " << result.iccid
              << (result.profile_type ? " (" + *result.profile_type + ")" : "") << " into "
              << (create ? "new " : "") << "ISD-P " << to_hex(result.isdp_aid) << ": " << result.package_size
              << " bytes, " << result.segments << (result.segments == 1 ? " segment, " : " segments, ")
              << result.commands << " APDUs\n";
}

void run_generate(const GenerateArgs& args) {
    saip::GeneratorParams params;
    params.iccid = args.iccid;
    if (!args.imsi.empty()) {
        params.imsi = args.imsi;
    }
    if (!args.profile_type.empty()) {
        params.profile_type = args.profile_type;
    }
    const Bytes package = saip::generate_profile(params);
    transport::write_file_atomically(
        args.out, std::string_view(reinterpret_cast<const char*>(package.data()), package.size()));
    if (args.json) {
        print_json({{"file", args.out}, {"iccid", args.iccid}, {"size", package.size()}});
    } else {
        std::cout << "wrote " << args.out << ": " << package.size() << " bytes, ICCID " << args.iccid << '\n';
    }
}

} // namespace

void register_profile_install(CLI::App& profile) {
    auto args = std::make_shared<InstallArgs>();
    auto* cmd = profile.add_subcommand(
        "install", "download and install a SAIP package (DER) over SCP03t into a new ISD-P (or --isdp)");
    add_isd_r_options(*cmd, args->isd_r);
    cmd->add_option("FILE", args->file, "profile package, DER (e.g. a GSMA TS.48 test profile)")->required();
    auto* isdp =
        cmd->add_option("--isdp", args->isdp, "install into this existing, empty ISD-P (AID or number)");
    cmd->add_option("--quota", args->quota, "memory quota of the ISD-P created for it (bytes)")
        ->excludes(isdp);
    cmd->add_option(
        "--isdp-keys", args->isdp_keys_path,
        "SCP03 keyset JSON to give the ISD-P (default: a random keyset used for this download only)");
    cmd->callback([args] { explain_refusals([&] { run_install(*args); }); });
}

void register_profile_generate(CLI::App& profile) {
    auto args = std::make_shared<GenerateArgs>();
    auto* cmd = profile.add_subcommand("generate", "write a small generated SAIP package (no card needed)");
    cmd->add_option("--iccid", args->iccid, "ICCID, 18..20 digits")->required();
    cmd->add_option("--out", args->out, "output file (DER)")->required();
    cmd->add_option("--imsi", args->imsi, "IMSI (6..15 digits): adds a USIM");
    cmd->add_option("--profile-type", args->profile_type, "header profileType text");
    cmd->add_flag("--json", args->json, "machine-readable output");
    cmd->callback([args] { run_generate(*args); });
}

} // namespace euicc::cli
