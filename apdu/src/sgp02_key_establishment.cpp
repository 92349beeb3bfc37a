// SPDX-License-Identifier: Apache-2.0
// SGP.02 EstablishISDRKeySet (spec/sgp02.md §4.9, scenario #3 STORE DATA 3A01/3A02, njiwa + WHTY) and
// FinaliseISDRhandover (§4.10, DELETE with F2 keyset ranges, WHTY).
#include <euicc/apdu/sgp02.hpp>

#include <stdexcept>

#include <euicc/error.hpp>

#include "gp_command.hpp"
#include "tlv_locate.hpp"

namespace euicc::sgp02 {

namespace {

constexpr const char* context = "key establishment";
constexpr std::size_t max_block = 255;
// §4.9: STORE DATA with DGI structure and response data expected (P1 09 / 89).
constexpr gp::StoreDataOptions key_store_data{gp::DataStructure::Dgi, gp::DataEncryption::None, true};

constexpr ber::Tag tag_crt = 0xA6;
constexpr ber::Tag tag_scenario = 0x90;
constexpr std::uint8_t scenario_3 = 0x03;
constexpr ber::Tag tag_key_usage = 0x95;
constexpr ber::Tag tag_key_access = 0x96;
constexpr ber::Tag tag_key_type = 0x80;
constexpr ber::Tag tag_key_length = 0x81;
constexpr ber::Tag tag_first_key_id = 0x82;
constexpr ber::Tag tag_key_version = 0x83;
constexpr ber::Tag tag_counter = 0x91;
constexpr ber::Tag tag_sdin = 0x45;
constexpr ber::Tag tag_host_id = 0x84;
constexpr ber::Tag tag_public_key = 0x7F49;
constexpr ber::Tag tag_signature = 0x5F37;
constexpr ber::Tag tag_random = 0x85;
constexpr ber::Tag tag_receipt = 0x86;
constexpr ber::Tag tag_keyset_range = 0xF2;

void add_byte(Bytes& out, ber::Tag tag, std::uint8_t value) { append(out, ber::encode(tag, Bytes{value})); }

} // namespace

Bytes encode_key_establishment_crt(const KeyEstablishmentCrt& crt) {
    Bytes v = ber::encode(tag_scenario, Bytes{scenario_3, crt.scenario_parameters});
    add_byte(v, tag_key_usage, crt.key_usage_qualifier);
    if (crt.key_access) {
        add_byte(v, tag_key_access, *crt.key_access);
    }
    add_byte(v, tag_key_type, crt.key_type);
    add_byte(v, tag_key_length, crt.key_length);
    add_byte(v, tag_first_key_id, crt.first_key_id);
    add_byte(v, tag_key_version, crt.key_version);
    append(v, ber::encode(tag_counter, crt.initial_counter));
    if (crt.sdin) {
        append(v, ber::encode(tag_sdin, *crt.sdin));
    }
    if (crt.host_id) {
        append(v, ber::encode(tag_host_id, *crt.host_id));
    }
    return ber::encode(tag_crt, v);
}

std::vector<CommandApdu> establish_keyset_certificate(ByteView certificate) {
    if (certificate.empty()) {
        throw std::invalid_argument("EstablishISDRKeySet: empty certificate");
    }
    // Block (a) never ends the sequence: block (b) follows with the next block number.
    return gp::store_data_blocks(gp::encode_dgi(dgi::key_establishment_certificate, certificate), max_block,
                                 key_store_data, 0, false);
}

std::vector<CommandApdu> establish_keyset_keys(const KeyEstablishmentCrt& crt, ByteView ephemeral_public_key,
                                               ByteView signature, std::uint8_t first_block) {
    Bytes value = encode_key_establishment_crt(crt);
    append(value, ber::encode(tag_public_key, ephemeral_public_key));
    append(value, ber::encode(tag_signature, signature));
    return gp::store_data_blocks(gp::encode_dgi(dgi::key_establishment_keys, value), max_block, key_store_data,
                                 first_block, true);
}

Bytes parse_random_challenge(ByteView data) {
    const auto tlvs = ber::detail::parse_located(data);
    if (tlvs.size() != 1 || tlvs[0].tlv.tag != tag_random || tlvs[0].tlv.value.empty()) {
        throw CodecError(context, 0, "expected one non-empty 85 (random challenge)");
    }
    return tlvs[0].tlv.value;
}

KeyEstablishmentResult parse_key_establishment_response(ByteView data) {
    KeyEstablishmentResult out;
    bool have_receipt = false;
    for (const auto& item : ber::detail::parse_located(data)) {
        if (item.tlv.tag == tag_random && !have_receipt && out.derivation_random.empty()) {
            out.derivation_random = item.tlv.value;
        } else if (item.tlv.tag == tag_receipt && !have_receipt) {
            out.receipt = item.tlv.value;
            have_receipt = true;
        } else {
            throw CodecError(context, item.offset, "unexpected " + gp::detail::tag_name(item.tlv.tag) +
                                                       " (expected [85 DR] 86 receipt)");
        }
    }
    if (!have_receipt) {
        throw CodecError(context, data.size(), "no 86 (receipt)");
    }
    return out;
}

Bytes encode_keysets_to_delete(std::span<const KeysetRange> keysets) {
    if (keysets.empty()) {
        throw std::invalid_argument("FinaliseISDRhandover: no keyset");
    }
    Bytes out;
    for (const KeysetRange& k : keysets) {
        if (k.first_key_id > k.last_key_id) {
            throw std::invalid_argument("FinaliseISDRhandover: first key id after the last one");
        }
        append(out, ber::encode(tag_keyset_range, Bytes{k.version, k.first_key_id, k.last_key_id}));
    }
    return out;
}

CommandApdu finalise_isdr_handover(std::span<const KeysetRange> keysets) {
    return gp::detail::command(gp::ins::delete_object, 0x00, 0x00, encode_keysets_to_delete(keysets), true);
}

} // namespace euicc::sgp02
