// SPDX-License-Identifier: Apache-2.0
// A small SAIP package generator (PEDefinitions v3.3.1; saip.md §3-§6): header, mf with EF.ICCID, optional usim
// with EF.IMSI/EF.ACC and Milenage akaParameter, end.
#include <euicc/apdu/saip.hpp>

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>

#include "bcd_digits.hpp"
#include "saip_detail.hpp"

namespace euicc::saip {

namespace {

// ProfileElement CHOICE tags (saip.md §2).
constexpr ber::Tag tag_mf = 0xB0;
constexpr ber::Tag tag_usim = 0xB3;
constexpr ber::Tag tag_aka = 0xA4;
constexpr ber::Tag tag_end = 0xAA;
// Components shared by the template PEs: templateID [1] after the PEHeader [0].
constexpr ber::Tag tag_template_id = 0x81;
// PE-MF components.
constexpr ber::Tag tag_mf_file = 0xA2;
constexpr ber::Tag tag_ef_iccid = 0xA4;
constexpr ber::Tag tag_ef_dir = 0xA5;
constexpr ber::Tag tag_ef_arr = 0xA6;
// PE-USIM components (mandatory ones: adf-usim, ef-imsi, ef-arr, ef-ust, ef-spn, ef-est, ef-acc, ef-ecc).
constexpr ber::Tag tag_adf_usim = 0xA2;
constexpr ber::Tag tag_ef_imsi = 0xA3;
constexpr ber::Tag tag_usim_ef_arr = 0xA4;
constexpr ber::Tag tag_ef_ust = 0xA8;
constexpr ber::Tag tag_ef_spn = 0xAD;
constexpr ber::Tag tag_ef_est = 0xAE;
constexpr ber::Tag tag_ef_acc = 0xB2;
constexpr ber::Tag tag_ef_ecc = 0xB6;
// File = SEQUENCE OF CHOICE; Fcp fields.
constexpr ber::Tag tag_fcp = 0xA1;
constexpr ber::Tag tag_fill_content = 0x83;
constexpr ber::Tag tag_fcp_file_id = 0x83;
constexpr ber::Tag tag_fcp_df_name = 0x84;
// PE-AKAParameter: algoConfiguration [1] CHOICE { algoParameter [1] { algorithmID 80, options 81, key 82, opc 83 } }.
constexpr ber::Tag tag_algo_configuration = 0xA1;
constexpr ber::Tag tag_algo_parameter = 0xA1;
constexpr ber::Tag tag_algorithm_id = 0x80;
constexpr ber::Tag tag_algorithm_options = 0x81;
constexpr ber::Tag tag_key = 0x82;
constexpr ber::Tag tag_opc = 0x83;
constexpr std::uint8_t algorithm_milenage = 1;
constexpr std::uint8_t milenage_options = 0x00; // "not relevant for milenage" (pySim set_milenage)

// TS 31.102 USIM AID and the temporary ADF file ID TS.48 uses inside the package (saip.md §4.1, §5).
constexpr std::array<std::uint8_t, 12> usim_aid{0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02, 0xFF, 0x49, 0xFF, 0x05, 0x89};
constexpr std::array<std::uint8_t, 2> adf_usim_temporary_fid{0x7F, 0xD0};

constexpr std::size_t iccid_bytes = 10;

/// Appends tag + length + `value` straight into `out`, so secret values get no temporary copy.
void append_tlv(Bytes& out, ber::Tag tag, ByteView value) {
    append(out, ber::encode_tag(tag));
    append(out, ber::encode_length(value.size()));
    append(out, value);
}

/// A File holding one fillFileContent: `83 L <content>` (the template supplies FCP and size).
Bytes file_with_content(ByteView content) { return ber::encode(tag_fill_content, content); }

Bytes template_pe(ber::Tag tag, std::uint16_t id, std::string_view template_oid, const Bytes& files) {
    Bytes value = detail::encode_pe_header(id);
    append(value, ber::encode(tag_template_id, detail::encode_oid(template_oid)));
    append(value, files);
    return ber::encode(tag, value);
}

// TS 31.102 §4.2.2 EF.IMSI: length, then the parity nibble (9 odd / 1 even digit count) and the digits, swapped.
Bytes ef_imsi(const std::string& imsi) {
    const std::string nibbles = (imsi.size() % 2 == 1 ? "9" : "1") + imsi;
    Bytes digits = bcd::encode_swapped(nibbles);
    Bytes out{static_cast<std::uint8_t>(digits.size())};
    append(out, digits);
    return out;
}

// EF.ACC: the access class is the last IMSI digit (pySim personalization, 3GPP TS 22.011 §4.2).
Bytes ef_acc(const std::string& imsi) {
    const unsigned access_class = static_cast<unsigned>(imsi.back() - '0');
    const auto bits = static_cast<std::uint16_t>(1U << access_class);
    return Bytes{static_cast<std::uint8_t>(bits >> 8), static_cast<std::uint8_t>(bits)};
}

void validate(const GeneratorParams& p) {
    if (p.iccid.size() < 18 || p.iccid.size() > 20 || !bcd::is_decimal(p.iccid)) {
        throw std::invalid_argument("generate_profile: ICCID must be 18..20 decimal digits");
    }
    if (p.imsi && (p.imsi->size() < 6 || p.imsi->size() > 15 || !bcd::is_decimal(*p.imsi))) {
        throw std::invalid_argument("generate_profile: IMSI must be 6..15 decimal digits");
    }
    if (!p.ki.empty() || !p.opc.empty()) {
        if (p.ki.size() != 16 || p.opc.size() != 16) {
            throw std::invalid_argument("generate_profile: Ki and OPc must both be 16 bytes");
        }
        if (!p.imsi) {
            throw std::invalid_argument("generate_profile: akaParameter needs the usim PE (an IMSI)");
        }
    }
}

} // namespace

Bytes generate_profile(const GeneratorParams& params) {
    validate(params);
    std::uint16_t id = 1;

    ProfileHeader header;
    header.major_version = params.major_version;
    header.minor_version = params.minor_version;
    header.profile_type = params.profile_type;
    header.iccid = params.iccid;
    header.mandatory_gfste.emplace_back(template_mf);
    if (params.imsi) {
        header.mandatory_services.push_back(Service::Usim);
        header.mandatory_gfste.emplace_back(template_adf_usim);
    }
    if (!params.ki.empty()) {
        header.mandatory_services.push_back(Service::Milenage);
    }
    Bytes out = encode_header(header);

    // PE-MF: mf, ef-iccid, ef-dir and ef-arr are mandatory components; empty Files keep the template defaults.
    Bytes iccid = bcd::encode_swapped(params.iccid);
    iccid.resize(iccid_bytes, 0xFF);
    Bytes mf_files = ber::encode(tag_mf_file, {});
    append(mf_files, ber::encode(tag_ef_iccid, file_with_content(iccid)));
    append(mf_files, ber::encode(tag_ef_dir, {}));
    append(mf_files, ber::encode(tag_ef_arr, {}));
    append(out, template_pe(tag_mf, id++, template_mf, mf_files));

    if (params.imsi) {
        Bytes adf_fcp = ber::encode(tag_fcp_file_id, adf_usim_temporary_fid);
        append(adf_fcp, ber::encode(tag_fcp_df_name, usim_aid));
        Bytes usim_files = ber::encode(tag_adf_usim, ber::encode(tag_fcp, adf_fcp));
        append(usim_files, ber::encode(tag_ef_imsi, file_with_content(ef_imsi(*params.imsi))));
        for (const ber::Tag empty : {tag_usim_ef_arr, tag_ef_ust, tag_ef_spn, tag_ef_est}) {
            append(usim_files, ber::encode(empty, {}));
        }
        append(usim_files, ber::encode(tag_ef_acc, file_with_content(ef_acc(*params.imsi))));
        append(usim_files, ber::encode(tag_ef_ecc, {}));
        append(out, template_pe(tag_usim, id++, template_adf_usim, usim_files));
    }

    if (!params.ki.empty()) {
        Bytes algo = ber::encode(tag_algorithm_id, detail::der_uint(algorithm_milenage));
        append(algo, ber::encode(tag_algorithm_options, Bytes{milenage_options}));
        append_tlv(algo, tag_key, params.ki.view());
        append_tlv(algo, tag_opc, params.opc.view());
        Bytes aka = detail::encode_pe_header(id++);
        append(aka, ber::encode_tag(tag_algo_configuration));
        append(aka, ber::encode_length(ber::encode_tag(tag_algo_parameter).size() +
                                       ber::encode_length(algo.size()).size() + algo.size()));
        append_tlv(aka, tag_algo_parameter, algo);
        append_tlv(out, tag_aka, aka);
        // The package carries the keys by nature; the working copies are wiped.
        OPENSSL_cleanse(algo.data(), algo.size());
        OPENSSL_cleanse(aka.data(), aka.size());
    }

    append(out, ber::encode(tag_end, detail::encode_pe_header(id)));
    return out;
}

} // namespace euicc::saip
