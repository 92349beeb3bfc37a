// SPDX-License-Identifier: Apache-2.0
// SCP03 secure-messaging primitives shared by both roles and both framings (GP Amd D v1.1.1 §4.1.4, §6.2.4-§6.2.7).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp03.hpp>

namespace euicc::scp03::detail {

inline constexpr std::size_t block_size = 16;
inline constexpr std::size_t mac_size = 8;
using Block = std::array<std::uint8_t, block_size>;
using Mac = std::array<std::uint8_t, mac_size>;

/// Throws std::invalid_argument unless `key` is an AES key (16, 24, 32 bytes); `what` names it, never its bytes.
void check_aes_key(ByteView key, const char* what);

/// Amd D §4.1.4: `data | 80 | 00..` up to a multiple of 16 (always at least the 80 byte).
std::size_t padded_length(std::size_t length) noexcept;
/// The length of `data` without its 80 00.. padding; SecurityError (naming `what`) when the padding is not
/// 80 followed by 0..15 zero bytes in the last block.
std::size_t unpadded_length(ByteView data, const char* what);

/// Amd D §6.2.6: increments the encryption counter before a command (not for a command without data when the
/// counter_only_with_data quirk is on). Throws SecurityError rather than ever reusing a counter value.
void advance_counter(ChannelState& state, bool has_data);

/// C-DECRYPTION: AES-CBC(S-ENC) of the padded `plain` with ICV = AES(S-ENC, counter block) (Amd D §6.2.6).
Bytes encrypt_command_data(const ChannelState& state, ByteView plain);
/// The inverse for the card. SecurityError (naming `what`) for a length that is not whole blocks or bad padding.
Bytes decrypt_command_data(const ChannelState& state, ByteView ciphertext, const char* what);
/// R-ENCRYPTION: as the command's, with the counter block's first byte set to 80 (Amd D §6.2.7), for
/// the counter value `counter` of the command being answered.
Bytes encrypt_response_data(const ChannelState& state, std::uint64_t counter, ByteView plain);
Bytes decrypt_response_data(const ChannelState& state, std::uint64_t counter, ByteView ciphertext,
                            const char* what);

/// C-MAC over chaining value | header | body with S-MAC (Amd D §6.2.4). The full CMAC becomes the new chaining
/// value; the first 8 bytes are the C-MAC.
Mac chain_command_mac(ChannelState& state, ByteView header, ByteView body);
/// Card side: computes the same and compares in constant time. Only a match updates the chaining value.
bool verify_command_mac(ChannelState& state, ByteView header, ByteView body, ByteView mac);

/// R-MAC: CMAC(S-RMAC, chaining | first | second)[0..8) for the command whose chaining value is `chaining`
/// (Amd D §6.2.5: the response does not change the chaining value).
Mac response_mac(const ChannelState& state, const Block& chaining, ByteView first, ByteView second);
/// Constant-time comparison of an 8-byte MAC with a received one of any length (false unless 8 bytes).
bool mac_equal(const Mac& expected, ByteView received) noexcept;

/// GP secure-messaging indication in CLA (GPCS Table 11-11/11-12; Amd D §6.2.4): b3 on channels 0-3, b6 on
/// channels 4-19. Throws std::invalid_argument for a CLA without a logical-channel coding.
std::uint8_t cla_with_secure_messaging(std::uint8_t cla);
/// The plain CLA: secure-messaging indication cleared. Throws CodecError("CLA", 0) for an uncoded CLA.
std::uint8_t cla_without_secure_messaging(std::uint8_t cla);
/// Whether `cla` carries the GP secure-messaging indication (false for CLAs without a channel coding).
bool has_secure_messaging(std::uint8_t cla) noexcept;
/// The CLA the C-MAC covers: channel 0, b4 = 0, b3 = 1, whatever the channel (Amd D §6.2.4).
std::uint8_t cla_for_mac(std::uint8_t cla) noexcept;

/// The APDU header the C-MAC covers: CLA' INS P1 P2 and Lc' (1 byte, or 00 xx xx for extended APDUs).
/// Returns the number of bytes used in `out`.
std::size_t mac_header(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, std::size_t lc,
                       bool extended, std::array<std::uint8_t, 7>& out) noexcept;

/// SCP03t (spec/scp03.md §9): whether `tlv` is an error TLV (two-byte tag 9Fxx; njiwa treats every such answer
/// as an error). UNCONFIRMED rule.
bool is_error_tlv(const ber::Tlv& tlv) noexcept;
/// The bytes of `tlv` before its value: the received tag and length, MACed as they arrived (a re-encoded
/// length could differ from a sender's non-minimal one).
ByteView tlv_header(ByteView tlv, const ber::Tlv& parsed) noexcept;

/// "i" taken from configuration (card parameters, a response being encoded): std::invalid_argument instead of
/// CodecError when it does not decode, and for S16 mode, which is not supported.
IParameter configured_i(std::uint8_t i);

/// The card's INITIALIZE UPDATE answer for `card_challenge` (Amd D Table 7-2), with the card cryptogram computed
/// from `session`. Shared by CardWrapper and predict_initialize_update_response.
InitializeUpdateResponse card_answer(std::uint8_t kvn, const SessionKeys& session, const Challenge& host_challenge,
                                     const Challenge& card_challenge, const CardParameters& card,
                                     const IParameter& i);

} // namespace euicc::scp03::detail
