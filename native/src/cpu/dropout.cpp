/* native/src/cpu/dropout.cpp — K6 dropout and counter-based random numbers on the CPU.
 * The stream (Philox4x32-10, element i = word i%4 of block offset + i/4) and its float conversions are
 * in philox.h, shared with cuda/dropout.cu: both backends produce bit-identical results. Each loop runs
 * over 4-element blocks; the last block may be partial.
 *   dropout_forward:  mask (n) = (u_i >= p) / (1-p);  y (n) = x * mask   (y may alias x)
 *   dropout_backward: dx (n) = dy * mask
 *   random_uniform:   out (n) = low + (high-low) u_i, kept < high
 *   random_normal:    out (n) = mean + std z_i (Box-Muller pairs within a block) */
#include <algorithm>

#include "kernels.h"
#include "parallel.h"
#include "philox.h"

namespace {
constexpr int64_t kParallelBlocks = 1 << 14;   /* below this many blocks one thread is faster */

/* Calls body(i0, words, count) for every 4-element block of the stream: elements i0 .. i0+count-1. */
template <typename Body>
void for_each_block(int64_t n, uint64_t seed, uint64_t offset, Body body) {
    const int64_t blocks = (n + 3) / 4;
    sk_parallel_for(0, blocks, blocks > kParallelBlocks, [&](int64_t b) {
        uint32_t w[4];
        sk_philox_block(w, seed, offset, (uint64_t)b);
        body(4 * b, w, (int)std::min<int64_t>(4, n - 4 * b));
    });
}
}  // namespace

sk_status dropout_forward_cpu(float* y, float* mask, const float* x, int64_t n, float p, uint64_t seed,
                              uint64_t offset) {
    const float scale = sk_dropout_scale(p);
    for_each_block(n, seed, offset, [=](int64_t i0, const uint32_t* w, int count) {
        for (int k = 0; k < count; ++k) {
            float m = sk_dropout_mask(w[k], p, scale);
            mask[i0 + k] = m;
            y[i0 + k] = x[i0 + k] * m;
        }
    });
    return SK_OK;
}

sk_status dropout_backward_cpu(float* dx, const float* dy, const float* mask, int64_t n) {
    sk_parallel_for(0, n, n > (1 << 16), [&](int64_t i) { dx[i] = dy[i] * mask[i]; });
    return SK_OK;
}

sk_status random_uniform_cpu(float* out, int64_t n, float low, float high, uint64_t seed, uint64_t offset) {
    const float scale = sk_fsub(high, low);
    for_each_block(n, seed, offset, [=](int64_t i0, const uint32_t* w, int count) {
        for (int k = 0; k < count; ++k) out[i0 + k] = sk_uniform_range(w[k], low, scale, high);
    });
    return SK_OK;
}

sk_status random_normal_cpu(float* out, int64_t n, float mean, float std, uint64_t seed, uint64_t offset) {
    for_each_block(n, seed, offset, [=](int64_t i0, const uint32_t* w, int count) {
        float z[4];
        sk_box_muller(w[0], w[1], &z[0], &z[1]);
        sk_box_muller(w[2], w[3], &z[2], &z[3]);
        for (int k = 0; k < count; ++k) out[i0 + k] = sk_fadd(mean, sk_fmul(std, z[k]));
    });
    return SK_OK;
}
