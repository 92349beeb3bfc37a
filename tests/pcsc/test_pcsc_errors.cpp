// SPDX-License-Identifier: Apache-2.0
// pcsc-lite return codes (pcsclite.h 1.9) -> typed euicc exceptions; no pcscd needed.
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <euicc/error.hpp>
#include <euicc/transport/pcsc.hpp>

using namespace euicc;
using euicc::transport::throw_pcsc_error;

namespace {

enum class Kind { Transport, NoCard, CardRemoved, Reader, Timeout };

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::Transport:
        return "TransportError";
    case Kind::NoCard:
        return "NoCardError";
    case Kind::CardRemoved:
        return "CardRemovedError";
    case Kind::Reader:
        return "ReaderError";
    case Kind::Timeout:
        return "TimeoutError";
    }
    return "?";
}

struct Thrown {
    Kind kind;
    long native_code;
    std::string what;
};

Thrown thrown_by(long code, const char* call, const std::string& reader) {
    try {
        throw_pcsc_error(code, call, reader);
    } catch (const NoCardError& e) {
        return {Kind::NoCard, e.native_code(), e.what()};
    } catch (const CardRemovedError& e) {
        return {Kind::CardRemoved, e.native_code(), e.what()};
    } catch (const ReaderError& e) {
        return {Kind::Reader, e.native_code(), e.what()};
    } catch (const TimeoutError& e) {
        return {Kind::Timeout, e.native_code(), e.what()};
    } catch (const TransportError& e) {
        return {Kind::Transport, e.native_code(), e.what()};
    }
    FAIL("throw_pcsc_error returned");
    return {};
}

struct Case {
    long code;
    const char* name;
    Kind kind;
};

// Every code in pcsclite.h (values copied from the header, not from the implementation's table).
const Case k_cases[] = {
    {0x80100001, "SCARD_F_INTERNAL_ERROR", Kind::Transport},
    {0x80100002, "SCARD_E_CANCELLED", Kind::Transport},
    {0x80100003, "SCARD_E_INVALID_HANDLE", Kind::Transport},
    {0x80100004, "SCARD_E_INVALID_PARAMETER", Kind::Transport},
    {0x80100005, "SCARD_E_INVALID_TARGET", Kind::Transport},
    {0x80100006, "SCARD_E_NO_MEMORY", Kind::Transport},
    {0x80100007, "SCARD_F_WAITED_TOO_LONG", Kind::Timeout},
    {0x80100008, "SCARD_E_INSUFFICIENT_BUFFER", Kind::Transport},
    {0x80100009, "SCARD_E_UNKNOWN_READER", Kind::Reader},
    {0x8010000A, "SCARD_E_TIMEOUT", Kind::Timeout},
    {0x8010000B, "SCARD_E_SHARING_VIOLATION", Kind::Reader},
    {0x8010000C, "SCARD_E_NO_SMARTCARD", Kind::NoCard},
    {0x8010000D, "SCARD_E_UNKNOWN_CARD", Kind::Transport},
    {0x8010000E, "SCARD_E_CANT_DISPOSE", Kind::Transport},
    {0x8010000F, "SCARD_E_PROTO_MISMATCH", Kind::Transport},
    {0x80100010, "SCARD_E_NOT_READY", Kind::Reader},
    {0x80100011, "SCARD_E_INVALID_VALUE", Kind::Transport},
    {0x80100012, "SCARD_E_SYSTEM_CANCELLED", Kind::Transport},
    {0x80100013, "SCARD_F_COMM_ERROR", Kind::Transport},
    {0x80100014, "SCARD_F_UNKNOWN_ERROR", Kind::Transport},
    {0x80100015, "SCARD_E_INVALID_ATR", Kind::Transport},
    {0x80100016, "SCARD_E_NOT_TRANSACTED", Kind::Transport},
    {0x80100017, "SCARD_E_READER_UNAVAILABLE", Kind::Reader},
    {0x80100018, "SCARD_P_SHUTDOWN", Kind::Reader},
    {0x80100019, "SCARD_E_PCI_TOO_SMALL", Kind::Transport},
    {0x8010001A, "SCARD_E_READER_UNSUPPORTED", Kind::Reader},
    {0x8010001B, "SCARD_E_DUPLICATE_READER", Kind::Reader},
    {0x8010001C, "SCARD_E_CARD_UNSUPPORTED", Kind::NoCard},
    {0x8010001D, "SCARD_E_NO_SERVICE", Kind::Reader},
    {0x8010001E, "SCARD_E_SERVICE_STOPPED", Kind::Reader},
    {0x8010001F, "SCARD_E_UNEXPECTED / SCARD_E_UNSUPPORTED_FEATURE", Kind::Transport},
    {0x80100020, "SCARD_E_ICC_INSTALLATION", Kind::Transport},
    {0x80100021, "SCARD_E_ICC_CREATEORDER", Kind::Transport},
    {0x80100022, "SCARD_E_UNSUPPORTED_FEATURE (Windows value)", Kind::Transport},
    {0x80100023, "SCARD_E_DIR_NOT_FOUND", Kind::Transport},
    {0x80100024, "SCARD_E_FILE_NOT_FOUND", Kind::Transport},
    {0x80100025, "SCARD_E_NO_DIR", Kind::Transport},
    {0x80100026, "SCARD_E_NO_FILE", Kind::Transport},
    {0x80100027, "SCARD_E_NO_ACCESS", Kind::Transport},
    {0x80100028, "SCARD_E_WRITE_TOO_MANY", Kind::Transport},
    {0x80100029, "SCARD_E_BAD_SEEK", Kind::Transport},
    {0x8010002A, "SCARD_E_INVALID_CHV", Kind::Transport},
    {0x8010002B, "SCARD_E_UNKNOWN_RES_MNG", Kind::Transport},
    {0x8010002C, "SCARD_E_NO_SUCH_CERTIFICATE", Kind::Transport},
    {0x8010002D, "SCARD_E_CERTIFICATE_UNAVAILABLE", Kind::Transport},
    {0x8010002E, "SCARD_E_NO_READERS_AVAILABLE", Kind::Reader},
    {0x8010002F, "SCARD_E_COMM_DATA_LOST", Kind::Transport},
    {0x80100030, "SCARD_E_NO_KEY_CONTAINER", Kind::Transport},
    {0x80100031, "SCARD_E_SERVER_TOO_BUSY", Kind::Reader},
    {0x80100065, "SCARD_W_UNSUPPORTED_CARD", Kind::NoCard},
    {0x80100066, "SCARD_W_UNRESPONSIVE_CARD", Kind::NoCard},
    {0x80100067, "SCARD_W_UNPOWERED_CARD", Kind::CardRemoved},
    {0x80100068, "SCARD_W_RESET_CARD", Kind::CardRemoved},
    {0x80100069, "SCARD_W_REMOVED_CARD", Kind::CardRemoved},
    {0x8010006A, "SCARD_W_SECURITY_VIOLATION", Kind::Transport},
    {0x8010006B, "SCARD_W_WRONG_CHV", Kind::Transport},
    {0x8010006C, "SCARD_W_CHV_BLOCKED", Kind::Transport},
    {0x8010006D, "SCARD_W_EOF", Kind::Transport},
    {0x8010006E, "SCARD_W_CANCELLED_BY_USER", Kind::Transport},
    {0x8010006F, "SCARD_W_CARD_NOT_AUTHENTICATED", Kind::Transport},
    // Not a pcsc-lite code: the default class, code kept.
    {0x80100099, "(undefined)", Kind::Transport},
    {0x00000001, "(undefined, not 0x8010xxxx)", Kind::Transport},
};

} // namespace

TEST_CASE("every pcsc-lite code maps to its exception class and keeps the code", "[errors]") {
    const Case c = GENERATE(from_range(std::begin(k_cases), std::end(k_cases)));
    CAPTURE(c.name, c.code);
    const Thrown t = thrown_by(c.code, "SCardTransmit", "Virtual PCD 00 00");
    CHECK(kind_name(t.kind) == std::string(kind_name(c.kind)));
    CHECK(t.native_code == c.code);
    CHECK_THAT(t.what, Catch::StartsWith("SCardTransmit on reader 'Virtual PCD 00 00': " +
                                         transport::pcsc_error_text(c.code)));
}

TEST_CASE("pcsc error message: call, reader, pcsc_stringify_error text, hex code", "[errors]") {
    SECTION("with a reader") {
        CHECK(thrown_by(0x80100069, "SCardTransmit", "Virtual PCD 00 00").what ==
              "SCardTransmit on reader 'Virtual PCD 00 00': Card was removed. (0x80100069)");
        CHECK(thrown_by(0x8010000B, "SCardConnect", "ACS ACR39U 01 00").what ==
              "SCardConnect on reader 'ACS ACR39U 01 00': Sharing violation. (0x8010000B)");
    }
    SECTION("without a reader the reader part is left out") {
        CHECK(thrown_by(0x8010001D, "SCardEstablishContext", "").what ==
              "SCardEstablishContext: Service not available. (0x8010001D)");
    }
    SECTION("an unknown code still names itself") {
        CHECK(thrown_by(0x80100099, "SCardControl", "R").what ==
              "SCardControl on reader 'R': Unknown error: 0x80100099 (0x80100099)");
    }
}

TEST_CASE("pcsc error code held in a 32-bit int (sign-extended) maps the same", "[errors]") {
    const long sign_extended = static_cast<std::int32_t>(0x8010000AU); // SCARD_E_TIMEOUT
    REQUIRE(sign_extended < 0);
    const Thrown t = thrown_by(sign_extended, "SCardGetStatusChange", "R");
    CHECK(t.kind == Kind::Timeout);
    CHECK(t.native_code == 0x8010000A);
    CHECK_THAT(t.what, Catch::EndsWith("Command timeout. (0x8010000A)"));
}

TEST_CASE("throw_pcsc_error with SCARD_S_SUCCESS is a logic error, not a transport error", "[errors]") {
    CHECK_THROWS_AS(throw_pcsc_error(0, "SCardTransmit", "R"), std::logic_error);
}

TEST_CASE("pcsc_error_text is pcsc_stringify_error", "[errors]") {
    CHECK(transport::pcsc_error_text(0x8010000A) == "Command timeout.");
    CHECK(transport::pcsc_error_text(0x80100009) == "Unknown reader specified.");
}
