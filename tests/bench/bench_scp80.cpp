// SPDX-License-Identifier: Apache-2.0
// SCP80 (TS 102 225) wrap/unwrap of a 100-byte script, AES-128 and 3DES, against raw OpenSSL.
#include <cstdint>
#include <memory>
#include <optional>

#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <euicc/apdu/scp80.hpp>

// items_per_second is operations per second. The raw OpenSSL baselines do the same crypto with pre-fetched
// algorithms and reused contexts, and nothing else.

namespace {

using namespace euicc::literals;
using euicc::Bytes;
using euicc::scp80::CommandHeader;
using euicc::scp80::Keyset;
namespace scp80 = euicc::scp80;

constexpr scp80::Tar tar{{0xB0, 0x00, 0x10}};

/// One algorithm family: AES-128 (KIc/KID 22) or 3DES 2-key (KIc/KID 35), SPI 16 39 (counter higher, cipher +
/// CC; PoR required, CC + ciphered, via SMS-SUBMIT).
struct Setup {
    Keyset keys;
    CommandHeader header;
    Bytes script = Bytes(100, 0x5A);
    Bytes packet;
    Bytes por;
    scp80::KeyLookup lookup;

    Setup(std::uint8_t kvn, std::uint8_t key_id, Bytes kic, Bytes kid)
        : keys{kvn, euicc::SecretBytes(std::move(kic)), euicc::SecretBytes(std::move(kid))},
          header{scp80::Spi::decode(0x16, 0x39), key_id, key_id, tar, 1} {
        for (std::size_t i = 0; i < script.size(); ++i) {
            script[i] = static_cast<std::uint8_t>(i);
        }
        packet = scp80::wrap_command(header, keys, script);
        por = scp80::wrap_response(header, keys, scp80::ResponseStatus::PorOk, script);
        lookup = [this](const scp80::Tar&, std::uint8_t, std::uint8_t) {
            return std::optional<scp80::ReceivingEntity>(scp80::ReceivingEntity{&keys, 0, 0});
        };
    }
};

Setup& aes() {
    static Setup setup(2, 0x22, "200102030405060708090a0b0c0d0e0f"_hex,
                       "201102030405060708090a0b0c0d0e0f"_hex);
    return setup;
}

Setup& des3() {
    static Setup setup(3, 0x35, "300102030405060708090a0b0c0d0e0f"_hex,
                       "301102030405060708090a0b0c0d0e0f"_hex);
    return setup;
}

void wrap_command(benchmark::State& state, Setup& setup) {
    CommandHeader header = setup.header;
    for (auto _ : state) {
        ++header.counter;
        Bytes packet = scp80::wrap_command(header, setup.keys, setup.script);
        benchmark::DoNotOptimize(packet.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void unwrap_command(benchmark::State& state, Setup& setup) {
    for (auto _ : state) {
        const auto result = scp80::unwrap_command(setup.packet, setup.lookup);
        if (!result.accepted()) {
            state.SkipWithError("packet rejected");
            break;
        }
        benchmark::DoNotOptimize(result.command().secured_data.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void wrap_response(benchmark::State& state, Setup& setup) {
    for (auto _ : state) {
        Bytes por =
            scp80::wrap_response(setup.header, setup.keys, scp80::ResponseStatus::PorOk, setup.script);
        benchmark::DoNotOptimize(por.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void unwrap_response(benchmark::State& state, Setup& setup) {
    for (auto _ : state) {
        const scp80::ResponsePacket por = scp80::unwrap_response(setup.por, setup.header, setup.keys);
        benchmark::DoNotOptimize(por.data.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_Scp80_WrapCommand_Aes128(benchmark::State& state) {
    wrap_command(state, aes());
}
void BM_Scp80_UnwrapCommand_Aes128(benchmark::State& state) {
    unwrap_command(state, aes());
}
void BM_Scp80_WrapResponse_Aes128(benchmark::State& state) {
    wrap_response(state, aes());
}
void BM_Scp80_UnwrapResponse_Aes128(benchmark::State& state) {
    unwrap_response(state, aes());
}
void BM_Scp80_WrapCommand_3Des(benchmark::State& state) {
    wrap_command(state, des3());
}
void BM_Scp80_UnwrapCommand_3Des(benchmark::State& state) {
    unwrap_command(state, des3());
}
void BM_Scp80_WrapResponse_3Des(benchmark::State& state) {
    wrap_response(state, des3());
}
void BM_Scp80_UnwrapResponse_3Des(benchmark::State& state) {
    unwrap_response(state, des3());
}

struct MacCtxFree {
    void operator()(EVP_MAC_CTX* ctx) const noexcept { EVP_MAC_CTX_free(ctx); }
};
struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};

/// Raw OpenSSL for what wrap_command computes with AES-128: one CMAC over the CC input (the packet without
/// its CC) and one AES-128-CBC encryption of CNTR..end, algorithms fetched and contexts created once, output
/// buffer allocated once.
void BM_RawOpenSsl_CmacPlusCbc_Aes128(benchmark::State& state) {
    const Setup& setup = aes();
    const std::size_t mac_length = setup.packet.size() - 8;
    const std::size_t cipher_length = setup.packet.size() - 10;
    const Bytes mac_input(mac_length, 0x11);
    const Bytes plain(cipher_length, 0x22);
    Bytes out(cipher_length);
    const Bytes key = "200102030405060708090a0b0c0d0e0f"_hex;
    const unsigned char iv[16] = {};

    EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_CMAC, nullptr);
    EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-128-CBC", nullptr);
    std::unique_ptr<EVP_MAC_CTX, MacCtxFree> mac_ctx(EVP_MAC_CTX_new(mac));
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> cipher_ctx(EVP_CIPHER_CTX_new());
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, const_cast<char*>("AES-128-CBC"), 0),
        OSSL_PARAM_construct_end()};
    EVP_MAC_CTX_set_params(mac_ctx.get(), params);
    EVP_EncryptInit_ex2(cipher_ctx.get(), cipher, key.data(), iv, nullptr);
    EVP_CIPHER_CTX_set_padding(cipher_ctx.get(), 0);
    for (auto _ : state) {
        unsigned char cmac[16];
        std::size_t cmac_length = 0;
        int written = 0;
        const bool ok = EVP_MAC_init(mac_ctx.get(), key.data(), key.size(), nullptr) == 1 &&
                        EVP_MAC_update(mac_ctx.get(), mac_input.data(), mac_input.size()) == 1 &&
                        EVP_MAC_final(mac_ctx.get(), cmac, &cmac_length, sizeof cmac) == 1 &&
                        EVP_EncryptInit_ex2(cipher_ctx.get(), nullptr, key.data(), iv, nullptr) == 1 &&
                        EVP_EncryptUpdate(cipher_ctx.get(), out.data(), &written, plain.data(),
                                          static_cast<int>(plain.size())) == 1;
        if (!ok) {
            state.SkipWithError("OpenSSL failed");
            break;
        }
        benchmark::DoNotOptimize(cmac);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
    EVP_CIPHER_free(cipher);
    EVP_MAC_free(mac);
}

/// Raw OpenSSL for the 3DES wrap: a CBC-MAC (3DES-CBC over the zero-padded CC input, last block) and one
/// 3DES-CBC encryption of CNTR..end, contexts reused.
void BM_RawOpenSsl_CbcMacPlusCbc_3Des(benchmark::State& state) {
    const Setup& setup = des3();
    const std::size_t mac_length = (setup.packet.size() - 8 + 7) / 8 * 8;
    const std::size_t cipher_length = setup.packet.size() - 10;
    const Bytes mac_input(mac_length, 0x11);
    const Bytes plain(cipher_length, 0x22);
    Bytes mac_out(mac_length);
    Bytes out(cipher_length);
    // K1 K2 K1 for DES-EDE3.
    const Bytes key = "300102030405060708090a0b0c0d0e0f3001020304050607"_hex;
    const unsigned char iv[8] = {};

    EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "DES-EDE3-CBC", nullptr);
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    EVP_EncryptInit_ex2(ctx.get(), cipher, key.data(), iv, nullptr);
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    for (auto _ : state) {
        int written = 0;
        const bool ok = EVP_EncryptInit_ex2(ctx.get(), nullptr, key.data(), iv, nullptr) == 1 &&
                        EVP_EncryptUpdate(ctx.get(), mac_out.data(), &written, mac_input.data(),
                                          static_cast<int>(mac_input.size())) == 1 &&
                        EVP_EncryptInit_ex2(ctx.get(), nullptr, key.data(), iv, nullptr) == 1 &&
                        EVP_EncryptUpdate(ctx.get(), out.data(), &written, plain.data(),
                                          static_cast<int>(plain.size())) == 1;
        if (!ok) {
            state.SkipWithError("OpenSSL failed");
            break;
        }
        benchmark::DoNotOptimize(mac_out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
    EVP_CIPHER_free(cipher);
}

} // namespace

BENCHMARK(BM_Scp80_WrapCommand_Aes128);
BENCHMARK(BM_RawOpenSsl_CmacPlusCbc_Aes128);
BENCHMARK(BM_Scp80_UnwrapCommand_Aes128);
BENCHMARK(BM_Scp80_WrapResponse_Aes128);
BENCHMARK(BM_Scp80_UnwrapResponse_Aes128);
BENCHMARK(BM_Scp80_WrapCommand_3Des);
BENCHMARK(BM_RawOpenSsl_CbcMacPlusCbc_3Des);
BENCHMARK(BM_Scp80_UnwrapCommand_3Des);
BENCHMARK(BM_Scp80_WrapResponse_3Des);
BENCHMARK(BM_Scp80_UnwrapResponse_3Des);

BENCHMARK_MAIN();
