// SPDX-License-Identifier: Apache-2.0
// pybind11 casters: euicc::Bytes / euicc::ByteView <-> Python bytes (input: any C-contiguous buffer).
#pragma once

#include <cstdint>
#include <utility>

#include <pybind11/pybind11.h>

#include <euicc/apdu/bytes.hpp>

// Every binding file includes this header before <pybind11/stl.h> (through bindings.hpp), so the
// full specialisation below always wins over stl.h's list caster for std::vector<uint8_t>: bytes in
// and out, never list[int] (the pyscard habit aesthetics.md warns about).
namespace euicc::python {

/// A borrowed view of a Python buffer held for the duration of one call. bytes objects are read in
/// place; other buffers (bytearray, memoryview, array) are held through the buffer protocol, which also
/// stops a bytearray from being resized while the GIL is released around the call.
class BorrowedBuffer {
public:
    BorrowedBuffer() = default;
    BorrowedBuffer(const BorrowedBuffer&) = delete;
    BorrowedBuffer& operator=(const BorrowedBuffer&) = delete;
    BorrowedBuffer(BorrowedBuffer&& other) noexcept
        : m_view(other.m_view), m_held(std::exchange(other.m_held, false)), m_span(other.m_span) {}
    BorrowedBuffer& operator=(BorrowedBuffer&&) = delete;
    ~BorrowedBuffer() { release(); }

    /// False (with no Python error set) when `src` is not a C-contiguous buffer; str is never accepted.
    bool acquire(pybind11::handle src) {
        release();
        if (!src) {
            return false;
        }
        if (PyBytes_Check(src.ptr())) {
            m_span = ByteView(reinterpret_cast<const std::uint8_t*>(PyBytes_AS_STRING(src.ptr())),
                              static_cast<std::size_t>(PyBytes_GET_SIZE(src.ptr())));
            return true;
        }
        if (!PyObject_CheckBuffer(src.ptr())) {
            return false;
        }
        if (PyObject_GetBuffer(src.ptr(), &m_view, PyBUF_SIMPLE) != 0) {
            PyErr_Clear(); // e.g. a non-contiguous memoryview: let overload resolution report the type
            return false;
        }
        m_held = true;
        m_span = ByteView(static_cast<const std::uint8_t*>(m_view.buf), static_cast<std::size_t>(m_view.len));
        return true;
    }

    ByteView span() const noexcept { return m_span; }

private:
    void release() noexcept {
        if (m_held) {
            PyBuffer_Release(&m_view);
            m_held = false;
        }
        m_span = {};
    }

    Py_buffer m_view{};
    bool m_held = false;
    ByteView m_span;
};

inline pybind11::bytes to_py_bytes(ByteView data) {
    return pybind11::bytes(reinterpret_cast<const char*>(data.data()), data.size());
}

} // namespace euicc::python

namespace pybind11::detail {

/// Bytes (owned): copies any buffer in, returns `bytes`.
template <>
struct type_caster<euicc::Bytes> {
    PYBIND11_TYPE_CASTER(euicc::Bytes, const_name("bytes"));

    bool load(handle src, bool /*convert*/) {
        euicc::python::BorrowedBuffer buffer;
        if (!buffer.acquire(src)) {
            return false;
        }
        const auto span = buffer.span();
        value.assign(span.begin(), span.end());
        return true;
    }

    static handle cast(const euicc::Bytes& src, return_value_policy /*policy*/, handle /*parent*/) {
        return euicc::python::to_py_bytes(src).release();
    }
};

/// ByteView (borrowed for the call): no copy; the buffer stays exported until the call returns.
template <>
struct type_caster<euicc::ByteView> {
    PYBIND11_TYPE_CASTER(euicc::ByteView, const_name("bytes"));

    bool load(handle src, bool /*convert*/) {
        if (!m_buffer.acquire(src)) {
            return false;
        }
        value = m_buffer.span();
        return true;
    }

    static handle cast(euicc::ByteView src, return_value_policy /*policy*/, handle /*parent*/) {
        return euicc::python::to_py_bytes(src).release();
    }

private:
    euicc::python::BorrowedBuffer m_buffer;
};

} // namespace pybind11::detail
