// SPDX-License-Identifier: Apache-2.0
// GPCS §11.3 card side: the data objects the platform computes when asked: key information (E0), extended card
// resources (FF21, ETSI TS 102 226 §8.2.1.7.2) and the pending notification (E1) (applet_spec/sgp02.md §3.6).
#pragma once

#include <optional>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>

#include "applications.hpp"
#include "platform.hpp"

namespace euicc::card {

/// The value (without tag and length) of `tag` held by the security domain `owner`: ISD-R E0, FF21, E1; an ISD-P's
/// E0. nullopt when the owner holds no such object (or none right now: no notification, no keys).
std::optional<Bytes> platform_data_object(const Platform& platform, const Selection& owner, ber::Tag tag);

} // namespace euicc::card
