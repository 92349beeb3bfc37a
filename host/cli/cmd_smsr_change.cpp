// SPDX-License-Identifier: Apache-2.0
// `euicc smsr-change`: PMC install of a new SM-SR's ISD-R SCP03 keyset and removal of the old SM-SR's keysets
// on the direct path (spec/sgp02.md §4.10, §9.5; GPCS §11.8 PUT KEY, §11.2 DELETE).
#include <iostream>

#include <euicc/host/scp03_key_file.hpp>

#include "isd_r_common.hpp"

namespace euicc::cli {

namespace {

struct SmsrChangeArgs {
    IsdROptions isd_r;
    std::string new_keys_path;
    std::string removal = "handover";
};

nlohmann::json kvn_list(const std::vector<std::uint8_t>& kvns) {
    auto out = nlohmann::json::array();
    for (const std::uint8_t kvn : kvns) {
        out.push_back(to_hex(Bytes{kvn}));
    }
    return out;
}

std::string kvn_text(const std::vector<std::uint8_t>& kvns) {
    std::string out;
    for (const std::uint8_t kvn : kvns) {
        out += (out.empty() ? "" : ", ") + to_hex(Bytes{kvn});
    }
    return out.empty() ? "none" : out;
}

void run_smsr_change(const SmsrChangeArgs& args) {
    host::SmsrChangeRequest request;
    request.new_keys.scp03 = host::load_scp03_key_file(args.new_keys_path);
    request.removal =
        args.removal == "delete" ? host::KeyRemoval::DeleteKey : host::KeyRemoval::FinaliseHandover;
    const auto ctx = open_isd_r(args.isd_r);
    const host::SmsrChange change = ctx->isd_r.change_smsr(request);
    if (args.isd_r.reader.json) {
        print_json({{"installed_kvns", kvn_list(change.installed_kvns)},
                    {"deleted_kvns", kvn_list(change.deleted_kvns)},
                    {"kvns", kvn_list(change.kvns())}});
        return;
    }
    std::cout << "SM-SR change: installed keyset " << kvn_text(change.installed_kvns) << ", removed "
              << kvn_text(change.deleted_kvns) << "; the ISD-R now holds " << kvn_text(change.kvns()) << '\n';
}

} // namespace

void register_smsr_change(CLI::App& app) {
    auto args = std::make_shared<SmsrChangeArgs>();
    auto* cmd =
        app.add_subcommand("smsr-change", "hand the ISD-R over to a new SM-SR: put its SCP03 keyset, "
                                          "remove the old SM-SR's keysets (they are refused afterwards)");
    add_isd_r_options(*cmd, args->isd_r);
    cmd->add_option(
           "--new-keys", args->new_keys_path,
           "the new SM-SR's SCP03 keyset JSON (KVN 30..3F); every other keyset of the SM-SR ranges (SCP80 "
           "01..0F, SCP03 30..3F, SCP81 40..4F) is removed")
        ->required();
    cmd->add_option(
           "--removal", args->removal,
           "how the old keysets go: handover (FinaliseISDRhandover DELETE F2) or delete (DELETE D2 per "
           "keyset)")
        ->check(CLI::IsMember({"handover", "delete"}))
        ->capture_default_str();
    cmd->callback([args] { explain_refusals([&] { run_smsr_change(*args); }); });
}

} // namespace euicc::cli
