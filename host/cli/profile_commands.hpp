// SPDX-License-Identifier: Apache-2.0
// The `euicc profile` subcommands that work on SAIP packages (spec/saip.md): install (ES8 over SCP03t) and
// generate.
#pragma once

#include <CLI/CLI.hpp>

namespace euicc::cli {

/// `euicc profile install FILE`: registered on the `profile` subcommand.
void register_profile_install(CLI::App& profile);
/// `euicc profile generate --iccid X --out FILE`.
void register_profile_generate(CLI::App& profile);

} // namespace euicc::cli
