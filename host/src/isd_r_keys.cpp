// SPDX-License-Identifier: Apache-2.0
// Keysets through the ISD-R: lab ISD-P key establishment, PMC install and SM-SR change (spec/sgp02.md §4.10,
// §5.1, §6, §9.5; GPCS §11.2 DELETE, §11.3.3.1 key information, §11.5 INSTALL, §11.8 PUT KEY; Amd D §7.2).
#include <euicc/host/isd_r.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <euicc/error.hpp>

namespace euicc::host {

namespace {

std::string kvn_hex(std::uint8_t kvn) { return to_hex(Bytes{kvn}); }

std::vector<ByteView> scp03_key_views(const scp03::StaticKeys& keys, const char* what) {
    keys.validate();
    if (keys.dek.empty()) {
        throw std::invalid_argument(std::string(what) + ": the keyset needs a DEK (key identifier 3)");
    }
    if (keys.kvn == 0 || keys.kvn > 0x7F) {
        throw std::invalid_argument(std::string(what) + ": key version " + kvn_hex(keys.kvn) + " outside 01..7F");
    }
    return {keys.enc.view(), keys.mac.view(), keys.dek.view()};
}

std::set<std::uint8_t> new_versions(const SmsrKeysets& keys) {
    std::set<std::uint8_t> out;
    if (keys.scp03) {
        out.insert(keys.scp03->kvn);
    }
    if (keys.scp80) {
        out.insert(keys.scp80->kvn);
    }
    return out;
}

} // namespace

std::vector<std::uint8_t> SmsrChange::kvns() const {
    std::set<std::uint8_t> versions;
    for (const gp::KeyInformation& key : keys_after) {
        versions.insert(key.version);
    }
    return {versions.begin(), versions.end()};
}

IsdpKeyset IsdR::establish_isdp_keys(ByteView isdp_aid, const scp03::StaticKeys& isdp_keys) {
    const std::vector<ByteView> keys = scp03_key_views(isdp_keys, "ISD-P keyset");
    // Lab path (see the header): INSTALL [for personalization] names the ISD-P as the target of what follows.
    const apdu::ResponseApdu installed =
        m_session.expect(gp::install_for_personalization(isdp_aid), "INSTALL [for personalization]");
    gp::parse_confirmation(installed.data());
    gp::PutKeyOptions options;
    options.first_key_id = 1;
    const gp::PutKeyResponse response = m_session.put_key(isdp_keys.kvn, keys, options, "PUT KEY (ISD-P keyset)");
    return IsdpKeyset{Bytes(isdp_aid.begin(), isdp_aid.end()), response.version, response.check_values};
}

PmcInstallation IsdR::install_pmc(const SmsrKeysets& keys, const std::vector<std::uint8_t>& replace_existing) {
    if (!keys.scp03 && !keys.scp80) {
        throw std::invalid_argument("PMC install: no keyset given");
    }
    std::vector<ByteView> scp03_keys;
    if (keys.scp03) {
        scp03_keys = scp03_key_views(*keys.scp03, "SM-SR SCP03 keyset");
    }
    std::vector<ByteView> scp80_keys;
    if (keys.scp80) {
        const Scp80Keyset& scp80 = *keys.scp80;
        if (scp80.kvn < 0x01 || scp80.kvn > 0x0F) {
            throw std::invalid_argument("PMC install: SCP80 key version " + kvn_hex(scp80.kvn) + " outside 01..0F");
        }
        scp80_keys = {scp80.kic.view(), scp80.kid.view()};
        if (!scp80.kik.empty()) {
            scp80_keys.push_back(scp80.kik.view());
        }
    }
    const auto put = [&](std::uint8_t kvn, const std::vector<ByteView>& key_views, const char* name) {
        gp::PutKeyOptions options;
        options.first_key_id = 1;
        // GPCS §11.8.2.1: P1 names the keyset replaced; 00 creates a new one.
        const bool replace = std::find(replace_existing.begin(), replace_existing.end(), kvn) != replace_existing.end();
        options.replaced_version = replace ? kvn : 0;
        return m_session.put_key(kvn, key_views, options, name);
    };
    PmcInstallation out;
    if (keys.scp03) {
        out.answers.push_back(put(keys.scp03->kvn, scp03_keys, "PUT KEY (SM-SR SCP03 keyset)"));
        out.installed_kvns.push_back(keys.scp03->kvn);
    }
    if (keys.scp80) {
        out.answers.push_back(put(keys.scp80->kvn, scp80_keys, "PUT KEY (SM-SR SCP80 keyset)"));
        out.installed_kvns.push_back(keys.scp80->kvn);
    }
    return out;
}

void IsdR::remove_keysets(const std::vector<sgp02::KeysetRange>& keysets, KeyRemoval removal) {
    if (keysets.empty()) {
        return;
    }
    if (removal == KeyRemoval::FinaliseHandover) {
        const apdu::ResponseApdu answer =
            m_session.expect(sgp02::finalise_isdr_handover(keysets), "FINALISE ISD-R HANDOVER");
        gp::parse_confirmation(answer.data());
        return;
    }
    for (const sgp02::KeysetRange& keyset : keysets) {
        // GPCS §11.2.2.3: D2 alone (no D0) deletes every key of that version.
        const apdu::ResponseApdu answer =
            m_session.expect(gp::delete_key(std::nullopt, keyset.version), "DELETE KEY " + kvn_hex(keyset.version));
        gp::parse_confirmation(answer.data());
    }
}

SmsrChange IsdR::change_smsr(const SmsrChangeRequest& request) {
    if (!request.new_keys.scp03) {
        // On the direct path the new SM-SR reaches the ISD-R with SCP03; without such a keyset it could not
        // finalise the change itself (SGP.02 §3.8: SM-SR2 finalises with its own keys).
        throw std::invalid_argument("SM-SR change: the new SM-SR needs an SCP03 keyset on the direct path");
    }
    const std::set<std::uint8_t> fresh = new_versions(request.new_keys);
    check_old_keysets(fresh, request.old_keysets);
    const SmsrChangeScope scope = smsr_change_scope(key_information(), fresh, request.old_keysets);
    const PmcInstallation installed = install_pmc(request.new_keys, scope.replaced);
    // From here on the new SM-SR speaks: a session with its keys proves them before the old ones go.
    m_session.reopen(*request.new_keys.scp03);
    remove_keysets(scope.old_keysets, request.removal);

    SmsrChange out;
    out.installed_kvns = installed.installed_kvns;
    for (const sgp02::KeysetRange& keyset : scope.old_keysets) {
        out.deleted_kvns.push_back(keyset.version);
    }
    out.keys_after = key_information();
    check_smsr_change(out);
    return out;
}

} // namespace euicc::host
