// SPDX-License-Identifier: Apache-2.0
// SCP81 PSK-TLS credentials of the SM-SR admin server: per-card keysets found by the SGP.02 §2.4.4.1 PSK
// identity or by a raw identity (spec/scp81.md §4).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::host {

/// An ISD-R SCP81 keyset as the SM-SR holds it (spec/scp81.md §4, §6: KVN 40..4F, typically KID 1 = TLS-PSK,
/// KID 2 = DEK).
struct Scp81Keyset {
    std::uint8_t kvn = 0x40;
    std::uint8_t psk_id = 0x01;
    SecretBytes psk; ///< the TLS pre-shared key
    std::uint8_t dek_id = 0x02;
    SecretBytes dek; ///< AES key-encryption key for PUT KEY inside the session; empty: none

    /// Throws std::invalid_argument for a KVN outside 40..4F, key identifiers outside 01..7F or equal, a PSK
    /// outside 16..64 bytes (RFC 4279 §5.3 asks for at least 128 bits), or a DEK that is not 16, 24 or 32
    /// bytes.
    void validate() const;
};

/// Who a PSK identity belongs to and the keyset it opens.
struct AdminCredentials {
    std::string eid; ///< 32 digits
    Scp81Keyset keyset;
};

/// The PSK identity a TLS client sent (RFC 4279 §2: up to 128 octets on the wire, opaque to TLS).
struct PskLookup {
    std::string_view identity; ///< as sent
    std::optional<scp81::PskIdentity>
        parsed; ///< when the text is an SGP.02 identity (scp81::parse_psk_identity)
};

/// The admin server's key source. find() runs inside the TLS handshake on the server's threads, possibly on
/// several at once: implementations must be thread-safe and must not block for long.
class PskStore {
public:
    virtual ~PskStore() = default;

    /// The credentials for `lookup`; nullopt for an unknown identity (the handshake then fails).
    virtual std::optional<AdminCredentials> find(const PskLookup& lookup) const = 0;

    /// An SM-SR change on `eid` completed over an admin session: the card no longer holds the keysets
    /// `removed_kvns` and, when `added` is set, holds that new SCP81 keyset. From now on find() must return
    /// the new keyset only: the old PSK opens no session.
    virtual void keysets_changed(std::string_view eid, const std::vector<std::uint8_t>& removed_kvns,
                                 const std::optional<Scp81Keyset>& added) = 0;
};

/// A PskStore in memory, thread-safe. An SGP.02 identity matches the keyset registered for its EID and KVN
/// when its KID names that keyset's PSK and its ISD-R AID is the registered one; any other identity (or one
/// that matches nothing that way) is looked up as raw text among the identities given to add_identity(),
/// compared byte for byte (a trigger's `85` PSK identity, spec/scp81.md §2.2).
class InMemoryPskStore final : public PskStore {
public:
    /// Registers (or replaces) the keyset of `eid` with this KVN. Throws std::invalid_argument for an invalid
    /// EID (apdu::eid_is_valid), keyset (Scp81Keyset::validate) or an ISD-R AID outside 5..16 bytes.
    void add(std::string eid, Scp81Keyset keyset, Bytes isd_r_aid = default_isd_r_aid());
    /// Registers a raw identity text for `eid` and `keyset` (same checks; an empty identity is refused).
    void add_identity(std::string identity, std::string eid, Scp81Keyset keyset);
    /// Forgets every entry of `eid` with KVN `kvn` (SGP.02 and raw ones).
    void remove(std::string_view eid, std::uint8_t kvn);

    std::optional<AdminCredentials> find(const PskLookup& lookup) const override;
    void keysets_changed(std::string_view eid, const std::vector<std::uint8_t>& removed_kvns,
                         const std::optional<Scp81Keyset>& added) override;

    static Bytes default_isd_r_aid();

private:
    struct Entry {
        Scp81Keyset keyset;
        Bytes isd_r_aid;
    };
    struct RawEntry {
        std::string eid;
        Scp81Keyset keyset;
    };

    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, std::uint8_t>, Entry, std::less<>> m_by_eid;
    std::map<std::string, RawEntry, std::less<>> m_by_identity;
};

} // namespace euicc::host
