// SPDX-License-Identifier: Apache-2.0
// PC/SC through pcsc-lite: context, readers, connections (libelectronic-id's ownership chain).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <euicc/transport/card_channel.hpp>

namespace euicc::transport {

/// A reader as listed by SCardListReaders + SCardGetStatusChange.
struct ReaderInfo {
    std::string name;
    bool card_present = false;
    bool exclusive = false;   ///< another application holds the card exclusively
    bool in_use = false;      ///< the card is in use (shared)
    Bytes atr;                ///< empty without a card
    std::uint32_t event_state = 0;  ///< raw SCARD_STATE_* bits
};

/// How to pick a reader: exact name, ECMAScript regex (search), or index in readers() order.
struct ReaderSelector {
    enum class Kind { Any, Name, Regex, Index };
    Kind kind = Kind::Any;
    std::string text;
    std::size_t index = 0;

    static ReaderSelector any() { return {}; }
    static ReaderSelector name(std::string n) { return {Kind::Name, std::move(n), 0}; }
    static ReaderSelector regex(std::string r) { return {Kind::Regex, std::move(r), 0}; }
    static ReaderSelector by_index(std::size_t i) { return {Kind::Index, {}, i}; }
    /// CLI/Python convenience: all digits -> index, "/re/" -> regex, else exact name; empty -> Any
    /// (the first reader that has a card). std::invalid_argument for a bad regex or an index overflow.
    static ReaderSelector parse(const std::string& text);
};

/// The rule behind PcscContext::select_reader, over a list already read (exposed for tests and tools).
/// Throws ReaderError naming what was asked and the readers available; Any: NoCardError when readers
/// exist but none has a card. std::invalid_argument for a regex that does not compile.
std::string select_reader(const std::vector<ReaderInfo>& readers, const ReaderSelector& selector);

enum class ShareMode { Shared, Exclusive };
enum class Disposition { Leave, Reset, Unpower, Eject };

class PcscChannel;

/// Owns an SCARDCONTEXT (SCardEstablishContext / SCardReleaseContext). Move-only.
/// Every SCARD_E_* is mapped to a typed TransportError subclass naming the call and the reader.
/// Threads: use a context and the channels it made from one thread at a time (pcsc-lite serialises
/// calls per context, so a wait blocks that context's transmits); open one context per thread.
/// Channels share ownership of the SCARDCONTEXT, so they may outlive this object.
class PcscContext {
public:
    PcscContext();
    ~PcscContext();
    PcscContext(PcscContext&&) noexcept;
    PcscContext& operator=(PcscContext&&) noexcept;
    PcscContext(const PcscContext&) = delete;
    PcscContext& operator=(const PcscContext&) = delete;

    /// All readers with their current state. No readers -> empty list (not an error).
    std::vector<ReaderInfo> readers();
    /// Resolves a selector to a reader name. Throws ReaderError when nothing matches
    /// (Any: NoCardError when readers exist but none has a card).
    std::string select_reader(const ReaderSelector& selector);

    /// Waits until a card is present in `reader` (true) or the timeout passes (false).
    bool wait_for_card(const std::string& reader, std::chrono::milliseconds timeout);
    /// Waits until the card is removed from `reader` (true) or the timeout passes (false).
    bool wait_for_removal(const std::string& reader, std::chrono::milliseconds timeout);

    /// SCardConnect with T=0|T=1 and one transaction held for the channel's lifetime.
    std::unique_ptr<PcscChannel> connect(const std::string& reader, ShareMode mode = ShareMode::Shared);

    /// The native SCARDCONTEXT (for benchmarks comparing against raw pcsc-lite).
    std::intptr_t native_handle() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// A connected card. Holds one PC/SC transaction for its whole life (a transaction per APDU costs +70 %,
/// spec/vpcd.md); ends it and disconnects (with `disposition`, default Leave) on destruction.
/// Meanwhile pcscd makes other connections to the reader wait: their SCardConnect/SCardTransmit block
/// until this channel is destroyed (an exclusive connect attempt fails with ReaderError instead).
/// Use from one thread at a time, like the PcscContext that made it.
class PcscChannel : public CardChannel {
public:
    ~PcscChannel() override;
    Bytes atr() override;
    const std::string& reader() const noexcept;
    /// T=0 or T=1 as negotiated.
    int protocol() const noexcept;
    /// Power the card down now (SCardReconnect with SCARD_UNPOWER_CARD, then it is powered up again).
    void unpower();
    void set_disposition(Disposition d) noexcept;
    std::intptr_t native_handle() const noexcept;

protected:
    Bytes do_transmit(ByteView command) override;
    void do_reset(bool cold) override;

private:
    friend class PcscContext;
    struct Impl;
    explicit PcscChannel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// Maps a pcsc-lite return code to the typed exception (throws); `call` names the PC/SC function,
/// `reader` may be empty. Exposed for tests.
[[noreturn]] void throw_pcsc_error(long code, const char* call, const std::string& reader);
/// pcsc_stringify_error text of a code.
std::string pcsc_error_text(long code);

} // namespace euicc::transport
