// SPDX-License-Identifier: Apache-2.0
// GPCS §11.4 Table 11-36 card side: the registry entries GET STATUS reports (ISD-R, ECASD, ISD-Ps and the ISD-P
// load file), with the SGP.02 additions of an ISD-P's entry (applet_spec/sgp02.md §3.5).
#include "registry.hpp"

#include <algorithm>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "unsigned_bytes.hpp"

namespace euicc::card {

namespace {

namespace tag {
constexpr ber::Tag entry = 0xE3;
constexpr ber::Tag aid = 0x4F;
constexpr ber::Tag life_cycle = 0x9F70;
constexpr ber::Tag privileges = 0xC5;
constexpr ber::Tag load_file = 0xC4;
constexpr ber::Tag associated_sd = 0xCC;
constexpr ber::Tag module = 0x84;
constexpr ber::Tag profile_attributes = 0x53; // SGP.02 (njiwa, spec/sgp02.md §4.5; UNCONFIRMED)
constexpr ber::Tag granted_memory = 0x8F;
constexpr ber::Tag remaining_memory = 0x91;
constexpr ber::Tag iccid = 0x5A;              // SGP.22 ProfileInfo coding, as the host reads it
} // namespace tag

constexpr std::uint8_t attribute_fallback = 0x01;
constexpr std::size_t iccid_bytes = 10;

// GPCS §11.1.2: the ISD-R is the card's ISD (card lock/terminate/reset, CVM, trusted path, authorized and token
// management, global delete/lock/registry, final application, receipt generation).
const gp::Privileges isd_r_privileges{0x9EFE80};
const gp::Privileges ecasd_privileges{gp::Privilege::SecurityDomain};

Bytes bytes_of(ByteView view) { return Bytes(view.begin(), view.end()); }


/// EF.ICCID coding (TS 102 221 §13.2): first digit in the low nibble, F-padded to 10 bytes.
Bytes swapped_iccid(const std::string& digits) {
    Bytes out(iccid_bytes, 0xFF);
    for (std::size_t k = 0; k < digits.size() && k / 2 < iccid_bytes; ++k) {
        const auto digit = static_cast<std::uint8_t>(digits[k] - '0');
        std::uint8_t& byte = out[k / 2];
        byte = (k % 2 == 0) ? static_cast<std::uint8_t>((byte & 0xF0) | digit)
                            : static_cast<std::uint8_t>((byte & 0x0F) | (digit << 4));
    }
    return out;
}

/// One entry under construction: its elements in Table 11-36 order.
class Entry {
public:
    Entry& add(ber::Tag tag, Bytes value) {
        m_elements.push_back(ber::Tlv{tag, std::move(value), {}, false});
        return *this;
    }
    Bytes encode(const std::optional<std::vector<ber::Tag>>& tag_list) const {
        Bytes content;
        for (const ber::Tlv& element : m_elements) {
            if (!tag_list || std::find(tag_list->begin(), tag_list->end(), element.tag) != tag_list->end()) {
                append(content, ber::encode(element.tag, element.value));
            }
        }
        return ber::encode(tag::entry, content);
    }
    const Bytes& aid() const { return m_elements.front().value; }

private:
    std::vector<ber::Tlv> m_elements;
};

Entry isd_r_entry() {
    Entry e;
    e.add(tag::aid, bytes_of(apdu::aid::isd_r))
        .add(tag::life_cycle, {gp::life_cycle::card_secured})
        .add(tag::privileges, isd_r_privileges.encode());
    return e;
}

Entry ecasd_entry() {
    Entry e;
    e.add(tag::aid, bytes_of(apdu::aid::ecasd))
        .add(tag::life_cycle, {gp::life_cycle::personalized})
        .add(tag::privileges, ecasd_privileges.encode())
        .add(tag::associated_sd, bytes_of(apdu::aid::isd_r));
    return e;
}

Entry isdp_entry(const IsdpRecord& isdp) {
    Entry e;
    e.add(tag::aid, isdp.aid)
        .add(tag::life_cycle, {isdp.life_cycle})
        .add(tag::privileges, sgp02::isdp_privileges.encode())
        .add(tag::load_file, bytes_of(sgp02::isdp_load_file_aid))
        .add(tag::associated_sd, bytes_of(apdu::aid::isd_r))
        .add(tag::profile_attributes, {isdp.fallback ? attribute_fallback : std::uint8_t{0}});
    if (isdp.non_volatile_quota) {
        const std::uint32_t quota = *isdp.non_volatile_quota;
        e.add(tag::granted_memory, unsigned_bytes(quota))
            .add(tag::remaining_memory, unsigned_bytes(quota > isdp.profile_size ? quota - isdp.profile_size : 0));
    }
    if (isdp.has_profile()) {
        e.add(tag::iccid, swapped_iccid(isdp.iccid));
    }
    return e;
}

Entry load_file_entry(bool with_module) {
    Entry e;
    e.add(tag::aid, bytes_of(sgp02::isdp_load_file_aid)).add(tag::life_cycle, {gp::life_cycle::loaded});
    e.add(tag::associated_sd, bytes_of(apdu::aid::isd_r));
    if (with_module) {
        e.add(tag::module, bytes_of(sgp02::isdp_module_aid));
    }
    return e;
}

} // namespace

std::optional<std::vector<Bytes>> registry_entries(std::uint8_t scope, ByteView aid_prefix,
                                                   const std::optional<std::vector<ber::Tag>>& tag_list,
                                                   const PlatformState& state) {
    std::vector<Entry> entries;
    switch (scope) {
    case status_scope::issuer_security_domain:
        entries.push_back(isd_r_entry());
        break;
    case status_scope::applications:
        entries.push_back(ecasd_entry());
        for (const IsdpRecord& isdp : state.isdps) {
            entries.push_back(isdp_entry(isdp));
        }
        break;
    case status_scope::load_files:
    case status_scope::load_files_and_modules:
        entries.push_back(load_file_entry(scope == status_scope::load_files_and_modules));
        break;
    default:
        return std::nullopt;
    }
    std::vector<Bytes> out;
    for (const Entry& entry : entries) {
        const Bytes& aid = entry.aid();
        // GPCS §11.4: the 4F search criterion matches AIDs that start with it (empty = all).
        if (aid_prefix.size() <= aid.size() && std::equal(aid_prefix.begin(), aid_prefix.end(), aid.begin())) {
            out.push_back(entry.encode(tag_list));
        }
    }
    return out;
}

} // namespace euicc::card
