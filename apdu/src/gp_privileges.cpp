// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform privileges per GPCS v2.3.1 §11.1.2 (Tables 11-7..11-9): 3 bytes, names, the 1-byte legacy form.
#include <euicc/apdu/gp.hpp>

#include <array>

#include <euicc/error.hpp>

namespace euicc::gp {

namespace {

struct Named {
    Privilege privilege;
    std::string_view name;
};

// Table order (byte 1 first), so to_string() lists privileges as GPCS does.
constexpr std::array all_privileges{
    Named{Privilege::SecurityDomain, "Security Domain"},
    Named{Privilege::DapVerification, "DAP Verification"},
    Named{Privilege::DelegatedManagement, "Delegated Management"},
    Named{Privilege::CardLock, "Card Lock"},
    Named{Privilege::CardTerminate, "Card Terminate"},
    Named{Privilege::CardReset, "Card Reset"},
    Named{Privilege::CvmManagement, "CVM Management"},
    Named{Privilege::MandatedDapVerification, "Mandated DAP Verification"},
    Named{Privilege::TrustedPath, "Trusted Path"},
    Named{Privilege::AuthorizedManagement, "Authorized Management"},
    Named{Privilege::TokenManagement, "Token Management"},
    Named{Privilege::GlobalDelete, "Global Delete"},
    Named{Privilege::GlobalLock, "Global Lock"},
    Named{Privilege::GlobalRegistry, "Global Registry"},
    Named{Privilege::FinalApplication, "Final Application"},
    Named{Privilege::GlobalService, "Global Service"},
    Named{Privilege::ReceiptGeneration, "Receipt Generation"},
    Named{Privilege::CipheredLoadFileDataBlock, "Ciphered Load File Data Block"},
    Named{Privilege::ContactlessActivation, "Contactless Activation"},
    Named{Privilege::ContactlessSelfActivation, "Contactless Self-Activation"},
};

constexpr std::uint32_t bits_of(Privilege p) noexcept { return static_cast<std::uint32_t>(p); }

} // namespace

std::string_view to_string(Privilege privilege) noexcept {
    for (const Named& n : all_privileges) {
        if (n.privilege == privilege) {
            return n.name;
        }
    }
    return "unknown privilege";
}

Privileges::Privileges(std::initializer_list<Privilege> privileges) noexcept {
    for (const Privilege p : privileges) {
        m_bits |= bits_of(p);
    }
}

Privileges Privileges::parse(ByteView bytes) {
    // GPCS §11.1.2: cards of GP 2.1.1 days send only byte 1.
    if (bytes.size() == 1) {
        return Privileges(static_cast<std::uint32_t>(bytes[0]) << 16);
    }
    if (bytes.size() != 3) {
        throw CodecError("privileges", 0, std::to_string(bytes.size()) + " bytes, expected 1 or 3");
    }
    return Privileges((static_cast<std::uint32_t>(bytes[0]) << 16) | (static_cast<std::uint32_t>(bytes[1]) << 8) |
                      bytes[2]);
}

Bytes Privileges::encode() const {
    return Bytes{static_cast<std::uint8_t>(m_bits >> 16), static_cast<std::uint8_t>(m_bits >> 8),
                 static_cast<std::uint8_t>(m_bits)};
}

bool Privileges::has(Privilege privilege) const noexcept { return (m_bits & bits_of(privilege)) == bits_of(privilege); }

std::string Privileges::to_string() const {
    std::string out;
    for (const Named& n : all_privileges) {
        if (has(n.privilege)) {
            if (!out.empty()) {
                out += ", ";
            }
            out += n.name;
        }
    }
    return out.empty() ? "none" : out;
}

} // namespace euicc::gp
