/* native/src/cpu/conv.cpp — K7 conv2d (and conv1d, as height 1) on the CPU: im2col + gemm_cpu.
 *
 * Shapes (sk_conv_geom, conv_math.h): x (B, Ci, H, W), weight (Co, K = Ci kh kw) viewed as a matrix,
 * y / dy (B, Co, N = Ho Wo). For one image b, col_b (K, N) is the im2col matrix of x_b, and
 *   forward   y_b        = weight col_b (+ bias per row)                      gemm m=Co, n=N, k=K
 *   dgrad     dcol_b     = weight^T dy_b, then dx_b = col2im(dcol_b)  (=)     gemm m=K,  n=N, k=Co
 *   wgrad     dweight   += sum_b dy_b col_b^T                         (+=)    gemm m=Co, n=K, k=N
 *   bias grad dbias[o]  += sum_{b,n} dy[b,o,n]                        (+=)
 * col2im is the adjoint of im2col (scatter-add of every tap into dx). A 1x1 kernel with stride 1 and no
 * padding needs no col: col_b is x_b itself.
 *
 * Work plan (struct Plan): small images are grouped, G consecutive images per GEMM (their col matrices
 * side by side, G N columns, about kGroupCols wide), so that layers with few output positions (the
 * 10x10 ... 4x4 layers of P4CNN) still run wide GEMMs; a large image is split into column tiles of about
 * kColFloats / K positions so that col stays near the caches and its size is bounded (2 MiB measured best
 * for the 28x28 P4CNN layer: 512 KiB tiles were ~5% slower). Grouped or split tiles go through a small
 * contiguous staging matrix for y / dy, since gemm_cpu takes dense row-major operands.
 *
 * Threads: units of G images (forward) or blocks of units (backward) are shared out over OpenMP threads, and
 * gemm_cpu then runs single-threaded inside each (it detects the enclosing parallel region). With a
 * single image / block the loop runs on the calling thread and gemm_cpu uses the threads itself.
 * Determinism: dweight is summed per block of images into its own partial (block boundaries depend on
 * the sizes only, never on the thread count), then the partials are added in block order; dbias sums in
 * a fixed order. So every result is bit-identical from run to run and for any number of threads.
 *
 * Napkin math (B=64, Ci=Co=40, 28x28, 3x3, pad 1): K = 360, N = 784; each pass is 2 B Co K N = 1.45
 * GFLOP, col is 1.1 MB per image (written once, read by gemm's packing); the GEMMs are FMA-bound. */
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common.h"
#include "conv_math.h"
#include "kernels.h"

namespace {

constexpr int64_t kColFloats = int64_t(1) << 19;        /* col tile budget: 2 MiB (measured best)     */
constexpr int64_t kGroupCols = 512;                     /* GEMM width worth grouping small images for */
constexpr int64_t kMinUnits = 8;                        /* groups keep at least this many work units  */
constexpr int64_t kPartialFloats = int64_t(1) << 24;    /* all dweight partials together: 64 MiB      */
constexpr int64_t kMaxBlocks = 16;                      /* dweight partials (unit blocks) at most     */
constexpr size_t kKeepFloats = size_t(1) << 22;         /* scratch kept between calls: 16 MiB         */

/* How the B images are cut into work: a unit is G consecutive images; its columns (image i of the unit,
 * position n) -> i N + n are processed in tiles of nt columns, each one GEMM. Small images are grouped
 * (G > 1, one tile of G N columns) so that the GEMM is wide enough; a large image is one unit split
 * into tiles of about kColFloats / K columns. Every choice depends on the sizes only. */
struct Plan {
    int64_t K, N, G, units, nt;
    bool direct;   /* pointwise: col is x itself, one tile per image, nothing staged  */
    bool staged;   /* tiles are not one whole image: y / dy go through a (Co, nt) tile */
    explicit Plan(const sk_conv_geom& g) : K(g.k()), N(g.n()) {
        direct = g.pointwise();
        const int64_t k = std::max<int64_t>(K, 1);
        G = 1;
        nt = N;
        if (!direct && k * N <= kColFloats) {
            G = std::min({(kGroupCols + N - 1) / N, kColFloats / (k * N), std::max<int64_t>(1, g.batch / kMinUnits)});
            G = std::max<int64_t>(G, 1);
            nt = G * N;
        } else if (!direct) {
            nt = std::min(N, std::max<int64_t>(64, kColFloats / k / 64 * 64));
        }
        units = (g.batch + G - 1) / G;
        staged = !direct && nt != N;
    }
    int64_t scratch_floats(int64_t co) const { return direct ? 0 : K * nt + (staged ? co * nt : 0); }
};

/* Calls fn(c, q, ih, a, b, lo, hi, off) for every col row (c, p, q) and every output row oh that meets the
 * positions [n0, n1) of one image, written to a col tile with leading dimension ld: the segment ow in
 * [a, b) of that output row starts at tile offset off; ih is its input row (-1 when outside the image);
 * ow in [lo, hi) (a sub-range of [a, b), empty when ih is -1) read inside the image, the rest is zero
 * padding. */
template <typename Fn>
inline void for_each_segment(const sk_conv_geom& g, int64_t ld, int64_t n0, int64_t n1, Fn&& fn) {
    const int64_t oh0 = n0 / g.wo, oh1 = (n1 - 1) / g.wo;
    for (int64_t q = 0; q < g.kw; ++q) {
        int64_t wlo, whi;
        conv_valid_range(g.w, g.wo, g.sw, g.pw, g.dw, q, &wlo, &whi);
        for (int64_t p = 0; p < g.kh; ++p) {
            for (int64_t c = 0; c < g.ci; ++c) {
                const int64_t row = (c * g.kh + p) * g.kw + q;
                for (int64_t oh = oh0; oh <= oh1; ++oh) {
                    const int64_t a = oh == oh0 ? n0 - oh * g.wo : 0;
                    const int64_t b = oh == oh1 ? n1 - oh * g.wo : g.wo;
                    const int64_t ih = oh * g.sh - g.ph + p * g.dh;
                    const bool inside = ih >= 0 && ih < g.h;
                    const int64_t lo = inside ? std::min(std::max(a, wlo), b) : b;
                    const int64_t hi = inside ? std::max(std::min(b, whi), lo) : b;
                    fn(c, q, inside ? ih : -1, a, b, lo, hi, row * ld + oh * g.wo + a - n0);
                }
            }
        }
    }
}

/* col[r * ld + (n - n0)] = im2col of one image x_img (Ci, H, W) at positions n in [n0, n1). */
void im2col(float* __restrict col, int64_t ld, const float* __restrict x_img, const sk_conv_geom& g, int64_t n0,
            int64_t n1) {
    for_each_segment(g, ld, n0, n1, [&](int64_t c, int64_t q, int64_t ih, int64_t a, int64_t b, int64_t lo,
                                        int64_t hi, int64_t off) {
        float* d = col + off - a;   /* d[ow] for ow in [a, b) */
        for (int64_t ow = a; ow < lo; ++ow) d[ow] = 0.0f;
        if (hi > lo) {
            const float* s = x_img + (c * g.h + ih) * g.w - g.pw + q * g.dw;   /* s[ow * sw] = x[c, ih, iw] */
            if (g.sw == 1) std::memcpy(d + lo, s + lo, (size_t)(hi - lo) * sizeof(float));
            else
                for (int64_t ow = lo; ow < hi; ++ow) d[ow] = s[ow * g.sw];
        }
        for (int64_t ow = hi; ow < b; ++ow) d[ow] = 0.0f;
    });
}

/* dx_img (Ci, H, W) += col2im(dcol), the adjoint of im2col (same layout arguments). */
void col2im_add(float* __restrict dx_img, const float* __restrict dcol, int64_t ld, const sk_conv_geom& g,
                int64_t n0, int64_t n1) {
    for_each_segment(g, ld, n0, n1, [&](int64_t c, int64_t q, int64_t ih, int64_t a, int64_t, int64_t lo,
                                        int64_t hi, int64_t off) {
        if (hi <= lo) return;
        const float* s = dcol + off - a;
        float* d = dx_img + (c * g.h + ih) * g.w - g.pw + q * g.dw;
        if (g.sw == 1)
            for (int64_t ow = lo; ow < hi; ++ow) d[ow] += s[ow];
        else
            for (int64_t ow = lo; ow < hi; ++ow) d[ow * g.sw] += s[ow];
    });
}

/* Calls fn(i, n0, n1, off) for every image i of a unit (unit-local index) that meets the unit columns
 * [c0, c1): its positions [n0, n1) sit at tile column off. */
template <typename Fn>
inline void for_each_image(int64_t N, int64_t c0, int64_t c1, Fn&& fn) {
    for (int64_t i = c0 / N; i * N < c1; ++i) {
        const int64_t n0 = std::max(c0, i * N) - i * N, n1 = std::min(c1, (i + 1) * N) - i * N;
        fn(i, n0, n1, i * N + n0 - c0);
    }
}

/* Per-calling-thread scratch, grown on demand: no allocation on the hot path. trim() frees it when it
 * grew past `keep` floats, so that one huge call does not pin its memory for the thread's lifetime. */
struct Scratch {
    std::unique_ptr<float[]> p;
    size_t cap = 0;
    float* get(size_t floats) {
        if (floats > cap) {
            p.reset();
            cap = 0;
            p.reset(new float[floats]);   /* bad_alloc -> SK_ERR_OOM at the ABI */
            cap = floats;
        }
        return p.get();
    }
    void trim(size_t keep) {
        if (cap > keep) {
            p.reset();
            cap = 0;
        }
    }
};
thread_local Scratch tl_scratch;
thread_local Scratch tl_partials;

/* Threads for a loop over `items` independent pieces: all of them, or 1 when there is a single piece
 * (gemm_cpu then parallelizes inside). */
int loop_threads(int64_t items) {
    const int t = omp_in_parallel() ? 1 : omp_get_max_threads();
    return items > 1 ? (int)std::max<int64_t>(1, std::min<int64_t>(t, items)) : 1;
}

/* Threads for a memory-bound pass over `floats` values: 1 below kParallelFloats, where waking a second
 * thread (a fork-join) costs more than it saves, especially on a busy machine. */
constexpr int64_t kParallelFloats = int64_t(1) << 22;
int pass_threads(int64_t items, int64_t floats) { return floats < kParallelFloats ? 1 : loop_threads(items); }

}  // namespace

sk_status conv2d_forward_cpu(float* y, const float* x, const float* weight, const float* bias,
                             const sk_conv_geom& g) {
    const Plan P(g);
    const int64_t K = P.K, N = P.N, xs = g.ci * g.in_plane(), ys = g.co * N;
    const int threads = loop_threads(P.units);
    const int64_t per_thread = P.scratch_floats(g.co);
    float* scratch = tl_scratch.get((size_t)std::max<int64_t>(1, per_thread * threads));
    sk_status status = SK_OK;

#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (int64_t u = 0; u < P.units; ++u) {
        float* col = scratch + per_thread * omp_get_thread_num();
        float* ytile = col + K * P.nt;
        const int64_t b0 = u * P.G, cols = (std::min(g.batch, b0 + P.G) - b0) * N;
        sk_status s = SK_OK;
        for (int64_t c0 = 0; c0 < cols && s == SK_OK; c0 += P.nt) {
            const int64_t c1 = std::min(cols, c0 + P.nt), w = c1 - c0;
            if (P.direct) {
                s = gemm_cpu(y + b0 * ys, weight, x + b0 * xs, 1, g.co, N, K, 0, 0, 0, 0, 0, 1.0f, 0.0f);
                continue;
            }
            for_each_image(N, c0, c1, [&](int64_t i, int64_t n0, int64_t n1, int64_t off) {
                im2col(col + off, w, x + (b0 + i) * xs, g, n0, n1);
            });
            s = gemm_cpu(P.staged ? ytile : y + b0 * ys, weight, col, 1, g.co, w, K, 0, 0, 0, 0, 0, 1.0f, 0.0f);
            if (P.staged)
                for_each_image(N, c0, c1, [&](int64_t i, int64_t n0, int64_t n1, int64_t off) {
                    for (int64_t o = 0; o < g.co; ++o)
                        std::memcpy(y + (b0 + i) * ys + o * N + n0, ytile + o * w + off, (size_t)(n1 - n0) * sizeof(float));
                });
        }
        if (bias)
            for (int64_t b = b0; b * N < b0 * N + cols; ++b)
                for (int64_t o = 0; o < g.co; ++o) {
                    float* row = y + b * ys + o * N;
                    const float v = bias[o];
                    for (int64_t i = 0; i < N; ++i) row[i] += v;
                }
        if (s != SK_OK) {
#pragma omp critical(sk_conv_status)
            status = s;
        }
    }
    tl_scratch.trim(kKeepFloats);
    return status;
}

sk_status conv2d_backward_cpu(float* dx, float* dweight, float* dbias, const float* dy, const float* x,
                              const float* weight, const sk_conv_geom& g) {
    const Plan P(g);
    const int64_t K = P.K, N = P.N, xs = g.ci * g.in_plane(), ys = g.co * N;
    sk_status status = SK_OK;

    if (dbias) {
        /* dbias[o] += sum_b sum_n dy[b, o, n]: 8 double lanes per row, rows in b order */
#pragma omp parallel for num_threads(pass_threads(g.co, g.batch * ys)) schedule(static)
        for (int64_t o = 0; o < g.co; ++o) {
            double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            for (int64_t b = 0; b < g.batch; ++b) {
                const float* row = dy + b * ys + o * N;
                int64_t i = 0;
                for (; i + 8 <= N; i += 8)
                    for (int j = 0; j < 8; ++j) lane[j] += (double)row[i + j];
                for (; i < N; ++i) lane[i % 8] += (double)row[i];
            }
            dbias[o] += (float)(((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7])));
        }
    }
    if (!dx && !dweight) return SK_OK;
    if (K == 0) return SK_OK;   /* Ci == 0: dx and dweight are empty */

    /* dweight partials: one per block of consecutive units (a size-determined count), summed in order */
    const int64_t wsize = g.co * K;
    int64_t blocks = P.units;
    if (dweight) blocks = std::max<int64_t>(1, std::min({P.units, kMaxBlocks, kPartialFloats / std::max<int64_t>(wsize, 1)}));
    const int64_t per_block = (P.units + blocks - 1) / blocks;
    blocks = (P.units + per_block - 1) / per_block;
    float* partials = dweight ? tl_partials.get((size_t)(blocks * wsize)) : nullptr;

    const int threads = loop_threads(blocks);
    const int64_t per_thread = P.scratch_floats(g.co);
    float* scratch = tl_scratch.get((size_t)std::max<int64_t>(1, per_thread * threads));

#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (int64_t blk = 0; blk < blocks; ++blk) {
        float* col = scratch + per_thread * omp_get_thread_num();
        float* dytile = col + K * P.nt;
        float* part = dweight ? partials + blk * wsize : nullptr;
        sk_status s = SK_OK;
        float beta = 0.0f;   /* the block's first GEMM overwrites its partial */
        for (int64_t u = blk * per_block; u < std::min(P.units, (blk + 1) * per_block) && s == SK_OK; ++u) {
            const int64_t b0 = u * P.G, cols = (std::min(g.batch, b0 + P.G) - b0) * N;
            if (P.direct) {
                if (part) s = gemm_cpu(part, dy + b0 * ys, x + b0 * xs, 1, g.co, K, N, 0, 0, 0, 0, 1, 1.0f, beta);
                if (dx && s == SK_OK) s = gemm_cpu(dx + b0 * xs, weight, dy + b0 * ys, 1, K, N, g.co, 0, 0, 0, 1, 0, 1.0f, 0.0f);
                beta = 1.0f;
                continue;
            }
            if (dx) std::memset(dx + b0 * xs, 0, (size_t)(cols / N * xs) * sizeof(float));
            for (int64_t c0 = 0; c0 < cols && s == SK_OK; c0 += P.nt) {
                const int64_t c1 = std::min(cols, c0 + P.nt), w = c1 - c0;
                const float* dyt = dy + b0 * ys;
                if (P.staged) {
                    for_each_image(N, c0, c1, [&](int64_t i, int64_t n0, int64_t n1, int64_t off) {
                        for (int64_t o = 0; o < g.co; ++o)
                            std::memcpy(dytile + o * w + off, dy + (b0 + i) * ys + o * N + n0, (size_t)(n1 - n0) * sizeof(float));
                    });
                    dyt = dytile;
                }
                if (part) {
                    for_each_image(N, c0, c1, [&](int64_t i, int64_t n0, int64_t n1, int64_t off) {
                        im2col(col + off, w, x + (b0 + i) * xs, g, n0, n1);
                    });
                    s = gemm_cpu(part, dyt, col, 1, g.co, K, w, 0, 0, 0, 0, 1, 1.0f, beta);
                    beta = 1.0f;
                }
                if (dx && s == SK_OK) {
                    s = gemm_cpu(col, weight, dyt, 1, K, w, g.co, 0, 0, 0, 1, 0, 1.0f, 0.0f);
                    for_each_image(N, c0, c1, [&](int64_t i, int64_t n0, int64_t n1, int64_t off) {
                        col2im_add(dx + (b0 + i) * xs, col + off, w, g, n0, n1);
                    });
                }
            }
        }
        if (s != SK_OK) {
#pragma omp critical(sk_conv_status)
            status = s;
        }
    }
    if (status == SK_OK && dweight) {
        /* dweight += partials, added in block order for every element */
#pragma omp parallel for num_threads(pass_threads(wsize / 4096 + 1, blocks * wsize)) schedule(static)
        for (int64_t i = 0; i < wsize; ++i) {
            float acc = partials[i];
            for (int64_t blk = 1; blk < blocks; ++blk) acc += partials[blk * wsize + i];
            dweight[i] += acc;
        }
    }
    tl_scratch.trim(kKeepFloats);
    tl_partials.trim(kKeepFloats);
    return status;
}
