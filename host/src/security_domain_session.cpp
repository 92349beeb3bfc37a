// SPDX-License-Identifier: Apache-2.0
// SCP03 session with one security domain (GPCS v2.3.1 §11.9, §D.4; GP Amd D v1.1.1 §6.2, §7.1, §7.2), or one
// secured by the SCP81 bearer (SGP.02 §2.4.4).
#include <euicc/host/security_domain_session.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/error.hpp>
#include <euicc/host/sgp02_errors.hpp>

#include "security_domain_errors.hpp"

namespace euicc::host {

using apdu::CommandApdu;
using apdu::ResponseApdu;

namespace {

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

SecurityDomainOptions named(SecurityDomainOptions options, ByteView aid) {
    if (options.name.empty()) {
        options.name = security_domain_name(aid);
    }
    if (options.logical_channel > apdu::max_logical_channel) {
        throw std::invalid_argument("security domain session: logical channel " +
                                    std::to_string(options.logical_channel) + " outside 0..19");
    }
    return options;
}

SecretBytes bearer_dek(const SecretBytes* dek) {
    if (dek == nullptr) {
        return {};
    }
    if (dek->size() != 16 && dek->size() != 24 && dek->size() != 32) {
        throw std::invalid_argument("security domain session: the bearer's DEK is " + std::to_string(dek->size()) +
                                    " bytes, not an AES key");
    }
    return *dek;
}

} // namespace

std::string security_domain_name(ByteView aid) {
    if (same(aid, apdu::aid::isd_r)) {
        return "ISD-R";
    }
    if (same(aid, apdu::aid::ecasd)) {
        return "ECASD";
    }
    const ByteView prefix(sgp02::platform_aid_prefix);
    if (aid.size() == 16 && same(aid.first(prefix.size()), prefix)) {
        return "ISD-P " + to_hex(aid);
    }
    return to_hex(aid);
}

SecurityDomainSession::SecurityDomainSession(transport::CardChannel& channel, ByteView sd_aid,
                                             const scp03::StaticKeys& keys, Rng& rng, SecurityDomainOptions options)
    : m_channel(&channel), m_rng(&rng), m_aid(sd_aid.begin(), sd_aid.end()), m_options(named(std::move(options), sd_aid)),
      m_wrapper(authenticate(channel, sd_aid, keys, rng, m_options, m_key_version)), m_dek(keys.dek) {}

SecurityDomainSession::SecurityDomainSession(transport::CardChannel& channel, ByteView sd_aid, const SecretBytes* dek,
                                             Rng& rng, SecurityDomainOptions options)
    : m_channel(&channel), m_rng(&rng), m_aid(sd_aid.begin(), sd_aid.end()),
      m_options(named(std::move(options), sd_aid)), m_dek(bearer_dek(dek)) {
    select(channel, sd_aid, m_options);
}

SecurityDomainSession SecurityDomainSession::over_secure_bearer(transport::CardChannel& channel, ByteView sd_aid,
                                                                const SecretBytes* dek, Rng& rng,
                                                                SecurityDomainOptions options) {
    return SecurityDomainSession(channel, sd_aid, dek, rng, std::move(options));
}

void SecurityDomainSession::select(transport::CardChannel& channel, ByteView aid,
                                   const SecurityDomainOptions& options) {
    // GPCS §11.9: SELECT by name (first occurrence, FCI asked for). A new SELECT also ends any earlier secure
    // channel session on this channel (Amd D §5.6), so each session starts from a clean card state.
    const ResponseApdu selected = channel.transmit(gp::select(aid), options.logical_channel);
    if (selected.sw() != apdu::sw::ok) {
        throw StatusWordError("SELECT " + options.name, selected.sw());
    }
}

scp03::HostWrapper SecurityDomainSession::authenticate(transport::CardChannel& channel, ByteView aid,
                                                       const scp03::StaticKeys& keys, Rng& rng,
                                                       const SecurityDomainOptions& options, std::uint8_t& key_version) {
    keys.validate();
    const unsigned lc = options.logical_channel;
    const std::string& name = options.name;
    select(channel, aid, options);

    scp03::Challenge host_challenge{};
    rng.fill(host_challenge);
    const CommandApdu initialize = scp03::initialize_update(keys.kvn, host_challenge);
    const ResponseApdu answer = channel.transmit(initialize, lc);
    if (answer.sw() != apdu::sw::ok) {
        // Amd D §7.1.1: 6A88 = the card has no keyset with this KVN (e.g. it was deleted by an SM-SR change).
        throw StatusWordError("INITIALIZE UPDATE " + name, answer.sw());
    }
    const auto response = scp03::InitializeUpdateResponse::parse(answer.data());
    scp03::SessionOptions session_options;
    session_options.logical_channel = lc;
    session_options.counter_only_with_data = options.counter_only_with_data;
    scp03::HostWrapper wrapper = detail::named_security_errors(
        name, [&] { return scp03::HostWrapper(keys, host_challenge, response, options.level, session_options); });
    key_version = response.kvn;

    const CommandApdu external_authenticate = wrapper.external_authenticate();
    const ResponseApdu authenticated =
        detail::named_security_errors(name, [&] { return wrapper.unwrap(channel.transmit(external_authenticate)); });
    if (authenticated.sw() != apdu::sw::ok) {
        // GPCS §D.4.2: 6300 = the card refused the host cryptogram; the session is over.
        throw StatusWordError("EXTERNAL AUTHENTICATE " + name, authenticated.sw());
    }
    return wrapper;
}

ResponseApdu SecurityDomainSession::transmit(const CommandApdu& command) {
    if (!m_open) {
        throw std::logic_error(m_options.name + ": no secure channel session (a reopen failed)");
    }
    // The wrapper takes the channel from the command's CLA and adds the secure-messaging indication the
    // channel's CLA layout has room for (b3, or b6 on channels 4-19), so the plain command is re-addressed first.
    const CommandApdu addressed = command.with_cla(apdu::cla_with_channel(command.cla(), m_options.logical_channel));
    if (!m_wrapper) {
        // SGP.02 §2.4.4: inside the PSK-TLS session the bearer protects the script; no SCP03 wrapping.
        return m_channel->transmit(addressed);
    }
    const CommandApdu wrapped =
        detail::named_security_errors(m_options.name, [&] { return m_wrapper->wrap(addressed); });
    const ResponseApdu answer = m_channel->transmit(wrapped);
    return detail::named_security_errors(m_options.name, [&] { return m_wrapper->unwrap(answer); });
}

ResponseApdu SecurityDomainSession::expect(const CommandApdu& command, const std::string& name,
                                           std::initializer_list<apdu::StatusWord> also_ok) {
    ResponseApdu answer = transmit(command);
    if (answer.sw() != apdu::sw::ok && std::find(also_ok.begin(), also_ok.end(), answer.sw()) == also_ok.end()) {
        throw_status_word_error(name, answer.sw());
    }
    return answer;
}

ResponseApdu SecurityDomainSession::store_data(ByteView data, const gp::StoreDataOptions& options,
                                               const std::string& name) {
    const std::vector<CommandApdu> blocks = gp::store_data_blocks(data, scp03::max_short_data(level()), options);
    ResponseApdu last;
    for (const CommandApdu& block : blocks) {
        last = expect(block, name);
    }
    return last;
}

gp::PutKeyResponse SecurityDomainSession::put_key(std::uint8_t new_version, const std::vector<ByteView>& keys,
                                                  const gp::PutKeyOptions& options, const std::string& name) {
    if (m_dek.empty()) {
        throw std::logic_error(m_options.name + (m_wrapper ? ": the session's keyset has no DEK to encrypt keys with"
                                                           : ": the bearer gave no DEK to encrypt keys with"));
    }
    const ResponseApdu answer = expect(gp::put_key_aes(new_version, keys, m_dek.view(), options), name);
    const gp::PutKeyResponse response = gp::parse_put_key_response(answer.data());
    // GPCS §11.8.3: the card echoes the KVN and the KCV of every key it decrypted. Another value means it did
    // not recover the keys that were sent (a different DEK), so the keyset must not be relied upon.
    bool matches = response.version == new_version && response.check_values.size() == keys.size();
    for (std::size_t k = 0; matches && k < keys.size(); ++k) {
        matches = response.check_values[k] == gp::aes_key_check_value(keys[k]);
    }
    if (!matches) {
        throw SecurityError(m_options.name + ": " + name + " answer does not confirm keyset " +
                            to_hex(Bytes{new_version}) + " with the key check values sent");
    }
    return response;
}

void SecurityDomainSession::reopen(const scp03::StaticKeys& keys) {
    if (!m_wrapper) {
        throw std::logic_error(m_options.name + ": a session secured by the bearer cannot reopen with SCP03 keys");
    }
    m_open = false;
    m_wrapper = authenticate(*m_channel, m_aid, keys, *m_rng, m_options, m_key_version);
    m_dek = keys.dek;
    m_open = true;
}

} // namespace euicc::host
