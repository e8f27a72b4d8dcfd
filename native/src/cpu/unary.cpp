/* native/src/cpu/unary.cpp — K2 unary ops on the CPU.
 * y (n) = f(x (n)); dx (n) = dy (n) * f'(x, y). Overwrites y / dx. Formulas: unary_math.h.
 * The op code is dispatched once per call to loops instantiated for that op (the per-element switch of
 * unary_f / unary_df folds away) over blocks of kBlock elements as simd loops, so the cheap ops
 * (relu and its derivative, neg, scale, ...) vectorize branch-free. Blocks are shared out over the OpenMP
 * threads for large n. */
#include <algorithm>
#include <type_traits>

#include "kernels.h"
#include "parallel.h"
#include "unary_math.h"

namespace {
constexpr int64_t kBlock = 1 << 13;

/* f(std::integral_constant<int, op>) for a valid op code; false for an unknown one. */
template <int OP = 0, typename F>
bool with_op(int op, F&& f) {
    if constexpr (OP < SK_UNARY_COUNT) {
        if (op == OP) {
            f(std::integral_constant<int, OP>{});
            return true;
        }
        return with_op<OP + 1>(op, f);
    } else {
        return false;
    }
}

/* (omp simd: element i reads only index i, so the loops vectorize even when y is x, which the ABI allows;
 * noinline: compiled on their own they vectorize, inlined into the OpenMP-outlined loop GCC keeps them scalar) */
template <int OP>
__attribute__((noinline)) void forward_block(float* y, const float* x, int64_t n, float alpha) {
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) y[i] = unary_f(OP, x[i], alpha);
}

/* The derivative goes through a small stack buffer: fused with the multiply, GCC turns relu's
 * dy * (x > 0 ? 1 : 0) into a branch per element (mispredicted half the time on random signs); split into
 * two loops both vectorize, and the products are the same. */
template <int OP>
__attribute__((noinline)) void backward_block(float* dx, const float* dy, const float* x, const float* y, int64_t n,
                                              float alpha) {
    constexpr int64_t kChunk = 256;
    float der[kChunk];
    for (int64_t c0 = 0; c0 < n; c0 += kChunk) {
        const int64_t len = std::min(kChunk, n - c0);
        const float* xc = x + c0;
        if (y != nullptr) {
            const float* yc = y + c0;
#pragma omp simd
            for (int64_t i = 0; i < len; ++i) der[i] = unary_df(OP, xc[i], yc[i], alpha);
        } else {
#pragma omp simd
            for (int64_t i = 0; i < len; ++i) der[i] = unary_df(OP, xc[i], 0.0f, alpha);
        }
        float* d = dx + c0;
        const float* g = dy + c0;
#pragma omp simd
        for (int64_t i = 0; i < len; ++i) d[i] = g[i] * der[i];
    }
}

/* body(offset, count) over the blocks of [0, n), in parallel when n is large. */
template <typename Body>
void over_blocks(int64_t n, Body&& body) {
    const int64_t blocks = (n + kBlock - 1) / kBlock;
    sk_parallel_for(0, blocks, n > (1 << 16), [&](int64_t b) { body(b * kBlock, std::min(kBlock, n - b * kBlock)); });
}
}  // namespace

sk_status unary_forward_cpu(float* y, const float* x, int64_t n, int op, float alpha) {
    const bool known = with_op(op, [&](auto c) {
        over_blocks(n, [&](int64_t off, int64_t len) { forward_block<decltype(c)::value>(y + off, x + off, len, alpha); });
    });
    if (!known) sk_parallel_for(0, n, n > (1 << 16), [&](int64_t i) { y[i] = unary_f(op, x[i], alpha); });
    return SK_OK;
}

sk_status unary_backward_cpu(float* dx, const float* dy, const float* x, const float* y, int64_t n, int op,
                             float alpha) {
    const bool known = with_op(op, [&](auto c) {
        over_blocks(n, [&](int64_t off, int64_t len) {
            backward_block<decltype(c)::value>(dx + off, dy + off, x + off, y ? y + off : nullptr, len, alpha);
        });
    });
    if (!known) sk_parallel_for(0, n, n > (1 << 16), [&](int64_t i) { dx[i] = dy[i] * unary_df(op, x[i], y ? y[i] : 0.0f, alpha); });
    return SK_OK;
}
