// SPDX-License-Identifier: Apache-2.0
// GPCS §11.3 card side: the data objects the platform computes when asked: key information (E0), extended card
// resources (FF21, ETSI TS 102 226 §8.2.1.7.2) and the pending notification (E1) (applet_spec/sgp02.md §3.6).
#include "platform_data_objects.hpp"

#include "memory_accounting.hpp"
#include "notifications.hpp"
#include "unsigned_bytes.hpp"

namespace euicc::card {

namespace {

constexpr ber::Tag tag_key_information = 0xE0;
constexpr ber::Tag tag_card_resources = 0xFF21;
constexpr ber::Tag tag_notification = 0xE1; // project convention for a bench host (applet_spec/sgp02.md §3.6)
/// Applications the registry reports besides the ISD-Ps: the ISD-R and the ECASD.
constexpr std::size_t fixed_applications = 2;


/// The value of a one-byte-tag TLV the card encoded itself (definite length, X.690 §8.1.3). Not parsed as BER:
/// the notification's objects are COMPREHENSION-TLVs, whose tag 2F would read as a constructed BER tag.
Bytes value_of(const Bytes& tlv) {
    const std::uint8_t first = tlv.at(1);
    const std::size_t header = first < 0x80 ? 2 : 2 + (first & 0x7FU);
    return Bytes(tlv.begin() + static_cast<std::ptrdiff_t>(header), tlv.end());
}

Bytes card_resources(const Platform& platform) {
    const PlatformState& state = platform.state();
    Bytes out = ber::encode(0x81, unsigned_bytes(fixed_applications + state.isdps.size()));
    append(out, ber::encode(0x82, unsigned_bytes(free_non_volatile(state, platform.settings()))));
    append(out, ber::encode(0x83, unsigned_bytes(free_volatile(state, platform.settings()))));
    return out;
}

} // namespace

std::optional<Bytes> platform_data_object(const Platform& platform, const Selection& owner, ber::Tag tag) {
    if (tag == tag_key_information) {
        const Keystore* keys = platform.keystore(owner);
        if (keys == nullptr || keys->keys.empty()) {
            return std::nullopt;
        }
        return keys->key_information();
    }
    if (!owner.is(Selectable::IsdR)) {
        return std::nullopt;
    }
    if (tag == tag_card_resources) {
        return card_resources(platform);
    }
    if (tag == tag_notification) {
        if (const std::optional<Bytes> notification = oldest_notification(platform.state(), platform.eid())) {
            return value_of(*notification);
        }
    }
    return std::nullopt;
}

} // namespace euicc::card
