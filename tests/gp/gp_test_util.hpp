// SPDX-License-Identifier: Apache-2.0
// Test helpers for the GlobalPlatform / SGP.02 / SAIP codecs: the TS.48 profile files and a sample ISD-P AID.
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>

namespace gp_test {

/// The GSMA TS.48 packages shipped next to the project (../shared/profiles, see its README).
inline euicc::Bytes read_profile(const std::string& name) {
    const std::string path = std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    return euicc::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// ISD-P instance AID ...8900001300 (WHTY HexTest.java).
inline const euicc::Bytes isdp_aid = euicc::from_hex("A0000005591010FFFFFFFF8900001300");

inline std::string hex(const euicc::apdu::CommandApdu& command) { return euicc::to_hex(command.encode()); }

} // namespace gp_test
