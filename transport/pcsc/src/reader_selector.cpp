// SPDX-License-Identifier: Apache-2.0
// Reader selection for PC/SC: exact name, ECMAScript regex search, index in SCardListReaders order, or any.
#include <charconv>
#include <regex>
#include <stdexcept>

#include <winscard.h>

#include <euicc/error.hpp>

#include "reader_list.hpp"

namespace euicc::transport {
namespace {

std::regex compile(const std::string& pattern) {
    try {
        return std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        throw std::invalid_argument("invalid reader regex /" + pattern + "/: " + e.what());
    }
}

bool all_digits(const std::string& text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

ReaderSelector ReaderSelector::parse(const std::string& text) {
    if (text.empty()) {
        return any();
    }
    if (all_digits(text)) {
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
        if (ec != std::errc{} || end != text.data() + text.size()) {
            throw std::invalid_argument("reader index out of range: " + text);
        }
        return by_index(index);
    }
    if (text.size() >= 2 && text.front() == '/' && text.back() == '/') {
        std::string pattern = text.substr(1, text.size() - 2);
        compile(pattern); // reject a bad pattern where the user typed it, not at connect time
        return regex(std::move(pattern));
    }
    return name(text);
}

std::string select_reader(const std::vector<ReaderInfo>& readers, const ReaderSelector& selector) {
    switch (selector.kind) {
    case ReaderSelector::Kind::Any:
        if (readers.empty()) {
            throw ReaderError("no PC/SC reader found", SCARD_E_NO_READERS_AVAILABLE);
        }
        for (const auto& r : readers) {
            if (r.card_present) {
                return r.name;
            }
        }
        throw NoCardError("no card in any reader; " + detail::describe_readers(readers),
                          SCARD_E_NO_SMARTCARD);
    case ReaderSelector::Kind::Name:
        for (const auto& r : readers) {
            if (r.name == selector.text) {
                return r.name;
            }
        }
        throw ReaderError("reader '" + selector.text + "' not found; " + detail::describe_readers(readers),
                          SCARD_E_UNKNOWN_READER);
    case ReaderSelector::Kind::Regex: {
        const std::regex re = compile(selector.text);
        for (const auto& r : readers) {
            if (std::regex_search(r.name, re)) {
                return r.name;
            }
        }
        throw ReaderError("no reader matches /" + selector.text + "/; " + detail::describe_readers(readers),
                          SCARD_E_UNKNOWN_READER);
    }
    case ReaderSelector::Kind::Index:
        if (selector.index < readers.size()) {
            return readers[selector.index].name;
        }
        throw ReaderError("reader index " + std::to_string(selector.index) + " out of range; " +
                              detail::describe_readers(readers),
                          SCARD_E_UNKNOWN_READER);
    }
    throw std::invalid_argument("ReaderSelector with an invalid kind");
}

namespace detail {

std::string describe_readers(const std::vector<ReaderInfo>& readers) {
    if (readers.empty()) {
        return "no readers available";
    }
    std::string text = "available readers:";
    for (std::size_t i = 0; i < readers.size(); ++i) {
        text += (i == 0 ? " [" : ", [") + std::to_string(i) + "] '" + readers[i].name + "'" +
                (readers[i].card_present ? " (card)" : " (empty)");
    }
    return text;
}

} // namespace detail
} // namespace euicc::transport
