/* native/src/cpu/gemm.cpp — K1 gemm on the CPU: C_p = alpha op(A_p) op(B_p) + beta C_p for p < batch.
 *
 * Shapes: op(A_p) (m, k), op(B_p) (k, n), C_p (m, n), row-major; X_p starts at p * stride_x (0 = shared).
 * beta == 0 overwrites C (NaN in C is not read); k == 0 or alpha == 0 gives C = beta C (A, B unread).
 *
 * Algorithm (the BLIS/GotoBLAS loop nest):
 *   for jc in n by NC:  for pc in k by KC:   pack op(B)[pc:+kc, jc:+nc] into NR-wide column strips
 *     for ic in m by MC:                     pack op(A)[ic:+mc, pc:+kc] into MR-tall row strips
 *       for jr by NR: for ir by MR:          micro-kernel: an MR x NR tile of C in registers, kc rank-1 updates
 * Packing makes both operands contiguous and unit-stride in the order the micro-kernel reads them, so all
 * four transpose combinations share one kernel; strips are zero-padded to MR / NR so the kernel never
 * branches inside its loop (ragged tiles go through a small stack tile). Sources are read in their storage
 * order (transposing 4 x 4 blocks in registers where needed) so that panels stream from DRAM at full speed.
 * beta is applied on the first kc block only; later blocks accumulate (beta = 1).
 *
 * Micro-kernels (GCC vector extensions, always inlined into one wrapper per instruction set, chosen at run
 * time with __builtin_cpu_supports): AVX-512 8 x 32 (16 zmm accumulators: as fast as 12 x 32 on Zen 4 and
 * pads fewer rows for the usual multiples of 8), AVX2+FMA 6 x 16 (12 ymm), generic SSE 6 x 8.
 * SYMKERN_GEMM_KERNEL=avx512|avx2|generic (read once) forces a kernel that the CPU supports, which lets
 * the harness test every kernel on one machine.
 *
 * Threads (OpenMP): small problems run on the calling thread (many calls are tiny). A batch of small
 * matrices is split over batch entries; one large matrix is split into (MC rows x column chunk) tiles of C
 * after the threads have shared out the packing of A and B. All work-sharing is dynamic, so a thread that
 * the OS preempts (the machine may be shared) delays only the piece it holds. Every C element is computed
 * by one thread in a fixed order (kc blocks in order, p in order inside, the same tile shapes as the
 * serial path), so results are deterministic and independent of the thread count.
 *
 * Napkin math: 2mnk flops; at kc = 256 the micro-kernel does 2 MR NR flops per (MR + NR) floats loaded
 * from L1/L2, so it is FMA-bound; packing costs O(mk + kn) per pass, i.e. 1/(2 n) and 1/(2 m) of the work. */
#include "common.h"
#include "kernels.h"

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace {

typedef void (*micro_fn)(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int mr, int nr,
                         float alpha, float beta);

/* The MR x NR micro-kernel: C[0:mr, 0:nr] = alpha * sum_p a[p][0:MR] (x) b[p][0:NR] + beta * C.
 * a: kc x MR floats (packed, column p holds MR rows), b: kc x NR floats (packed, 64-byte aligned). */
template <int MR, int NV, int VW>
__attribute__((always_inline)) inline void micro_body(int64_t kc, const float* __restrict a,
                                                      const float* __restrict b, float* __restrict c, int64_t ldc,
                                                      int mr, int nr, float alpha, float beta) {
    typedef float vec __attribute__((vector_size(VW * 4)));
    constexpr int NR = NV * VW;
    vec acc[MR][NV];
#pragma GCC unroll 32
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int j = 0; j < NV; ++j) acc[i][j] = vec{};
    for (int64_t p = 0; p < kc; ++p) {
        vec bv[NV];
#pragma GCC unroll 4
        for (int j = 0; j < NV; ++j) bv[j] = *reinterpret_cast<const vec*>(b + p * NR + j * VW);
#pragma GCC unroll 32
        for (int i = 0; i < MR; ++i) {
            const float ai = a[p * MR + i];
#pragma GCC unroll 4
            for (int j = 0; j < NV; ++j) acc[i][j] += ai * bv[j];
        }
    }
    if (mr == MR && nr == NR) {
#pragma GCC unroll 32
        for (int i = 0; i < MR; ++i) {
#pragma GCC unroll 4
            for (int j = 0; j < NV; ++j) {
                float* cp = c + i * ldc + j * VW;
                vec r = alpha * acc[i][j];
                if (beta != 0.0f) {
                    vec cv;
                    std::memcpy(&cv, cp, sizeof cv);
                    r += beta * cv;
                }
                std::memcpy(cp, &r, sizeof r);
            }
        }
    } else {
        alignas(64) float tile[MR * NR];
#pragma GCC unroll 32
        for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
            for (int j = 0; j < NV; ++j) std::memcpy(tile + i * NR + j * VW, &acc[i][j], sizeof(vec));
        for (int i = 0; i < mr; ++i)
            for (int j = 0; j < nr; ++j) {
                float r = alpha * tile[i * NR + j];
                c[i * ldc + j] = beta != 0.0f ? r + beta * c[i * ldc + j] : r;
            }
    }
}

__attribute__((target("avx512f,avx512vl,avx2,fma"))) void micro_avx512(int64_t kc, const float* a, const float* b,
                                                                      float* c, int64_t ldc, int mr, int nr,
                                                                      float alpha, float beta) {
    micro_body<8, 2, 16>(kc, a, b, c, ldc, mr, nr, alpha, beta);
}

__attribute__((target("avx2,fma"))) void micro_avx2(int64_t kc, const float* a, const float* b, float* c,
                                                    int64_t ldc, int mr, int nr, float alpha, float beta) {
    micro_body<6, 2, 8>(kc, a, b, c, ldc, mr, nr, alpha, beta);
}

void micro_generic(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int mr, int nr, float alpha,
                   float beta) {
    micro_body<6, 2, 4>(kc, a, b, c, ldc, mr, nr, alpha, beta);
}

constexpr int64_t KC = 256;     /* depth of one packed block: a kc x NR strip of B stays in L1         */
constexpr int64_t MC_ROWS = 96; /* rows of a packed A block (rounded to MR): mc x kc floats in L2      */
constexpr int64_t NC = 4096;    /* columns of a packed B panel: kc x nc floats in L2/L3                */
constexpr int64_t kDepthChunk = 32; /* depth rows per piece when threads share a packing job        */

int64_t round_up(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

/* One matrix product of the batch: C = alpha op(A) op(B) + beta C, all pointers at the batch entry. */
struct Problem {
    const float* a;
    const float* b;
    float* c;
    int64_t m, n, k;
    bool ta, tb;
    float alpha, beta;
    int64_t lda() const { return ta ? m : k; }
    int64_t ldb() const { return tb ? k : n; }
};

/* Packing. A block of op(A) rows [i0, i0+mc) x depth [p0, p0+kc) becomes MR-tall strips, strip t at
 * dst + t*MR*kc holding dst[p*MR + r] = op(A)(i0 + t*MR + r, p0 + p), zero rows past mc. A panel of op(B)
 * depth [p0, p0+kc) x columns [j0, j0+nc) becomes NR-wide strips, strip t at dst + t*NR*kc holding
 * dst[p*NR + c] = op(B)(p0 + p, j0 + t*NR + c), zero columns past nc. Both functions fill only the depth
 * rows [pb, pe) of every strip (threads split a pack by depth) and read the source in its storage order,
 * row by row, so that the hardware prefetcher streams it (a panel of B often comes from DRAM). */
/* d[p*W + c] = src[c*ld + p] for c < cols, p in [pb, pe): gathers `cols` source rows into the columns of
 * a strip of width W, in 4 x 4 blocks transposed in registers (loads and stores stay 16 bytes wide). */
template <int W>
inline void pack_transposed(float* __restrict d, const float* __restrict src, int64_t ld, int64_t cols,
                            int64_t pb, int64_t pe) {
    typedef float v4 __attribute__((vector_size(16)));
    typedef int v4i __attribute__((vector_size(16)));
    int64_t c = 0;
    for (; c + 4 <= cols; c += 4) {
        const float* s0 = src + c * ld;
        const float* s1 = s0 + ld;
        const float* s2 = s1 + ld;
        const float* s3 = s2 + ld;
        int64_t p = pb;
        for (; p + 4 <= pe; p += 4) {
            v4 x0, x1, x2, x3;
            std::memcpy(&x0, s0 + p, 16);
            std::memcpy(&x1, s1 + p, 16);
            std::memcpy(&x2, s2 + p, 16);
            std::memcpy(&x3, s3 + p, 16);
            const v4 t0 = __builtin_shuffle(x0, x1, v4i{0, 4, 1, 5}), t1 = __builtin_shuffle(x0, x1, v4i{2, 6, 3, 7});
            const v4 t2 = __builtin_shuffle(x2, x3, v4i{0, 4, 1, 5}), t3 = __builtin_shuffle(x2, x3, v4i{2, 6, 3, 7});
            const v4 r0 = __builtin_shuffle(t0, t2, v4i{0, 1, 4, 5}), r1 = __builtin_shuffle(t0, t2, v4i{2, 3, 6, 7});
            const v4 r2 = __builtin_shuffle(t1, t3, v4i{0, 1, 4, 5}), r3 = __builtin_shuffle(t1, t3, v4i{2, 3, 6, 7});
            std::memcpy(d + p * W + c, &r0, 16);
            std::memcpy(d + (p + 1) * W + c, &r1, 16);
            std::memcpy(d + (p + 2) * W + c, &r2, 16);
            std::memcpy(d + (p + 3) * W + c, &r3, 16);
        }
        for (; p < pe; ++p) {
            d[p * W + c] = s0[p];
            d[p * W + c + 1] = s1[p];
            d[p * W + c + 2] = s2[p];
            d[p * W + c + 3] = s3[p];
        }
    }
    for (; c < cols; ++c)
        for (int64_t p = pb; p < pe; ++p) d[p * W + c] = src[c * ld + p];
}

template <int MR>
void pack_a(float* __restrict dst, const Problem& P, int64_t i0, int64_t mc, int64_t p0, int64_t kc, int64_t pb,
            int64_t pe) {
    const int64_t lda = P.lda();
    if (!P.ta) {
        /* op(A)(i, p) = A[i * lda + p]: row i of A is contiguous along p */
        for (int64_t t = 0; t * MR < mc; ++t) {
            float* d = dst + t * MR * kc;
            const int64_t rows = std::min<int64_t>(MR, mc - t * MR);
            pack_transposed<MR>(d, P.a + (i0 + t * MR) * lda + p0, lda, rows, pb, pe);
            for (int64_t r = rows; r < MR; ++r)
                for (int64_t p = pb; p < pe; ++p) d[p * MR + r] = 0.0f;
        }
    } else {
        /* op(A)(i, p) = A[p * lda + i]: row p of A is contiguous along i */
        for (int64_t p = pb; p < pe; ++p) {
            const float* src = P.a + (p0 + p) * lda + i0;
            for (int64_t t = 0; t * MR < mc; ++t) {
                float* d = dst + t * MR * kc + p * MR;
                const int64_t rows = std::min<int64_t>(MR, mc - t * MR);
                if (rows == MR) {
                    for (int r = 0; r < MR; ++r) d[r] = src[t * MR + r];
                } else {
                    for (int64_t r = 0; r < rows; ++r) d[r] = src[t * MR + r];
                    for (int64_t r = rows; r < MR; ++r) d[r] = 0.0f;
                }
            }
        }
    }
}

template <int NR>
void pack_b(float* __restrict dst, const Problem& P, int64_t p0, int64_t kc, int64_t j0, int64_t nc, int64_t pb,
            int64_t pe) {
    const int64_t ldb = P.ldb();
    if (!P.tb) {
        /* op(B)(p, j) = B[p * ldb + j]: row p of B is contiguous along j */
        for (int64_t p = pb; p < pe; ++p) {
            const float* src = P.b + (p0 + p) * ldb + j0;
            for (int64_t t = 0; t * NR < nc; ++t) {
                float* d = dst + t * NR * kc + p * NR;
                const int64_t cols = std::min<int64_t>(NR, nc - t * NR);
                if (cols == NR) {
                    for (int c = 0; c < NR; ++c) d[c] = src[t * NR + c];
                } else {
                    for (int64_t c = 0; c < cols; ++c) d[c] = src[t * NR + c];
                    for (int64_t c = cols; c < NR; ++c) d[c] = 0.0f;
                }
            }
        }
    } else {
        /* op(B)(p, j) = B[j * ldb + p]: row j of B is contiguous along p */
        for (int64_t t = 0; t * NR < nc; ++t) {
            float* d = dst + t * NR * kc;
            const int64_t cols = std::min<int64_t>(NR, nc - t * NR);
            pack_transposed<NR>(d, P.b + (j0 + t * NR) * ldb + p0, ldb, cols, pb, pe);
            for (int64_t c = cols; c < NR; ++c)
                for (int64_t p = pb; p < pe; ++p) d[p * NR + c] = 0.0f;
        }
    }
}

/* C[i0:i0+mc, j0:j0+nc] from packed strips: ap holds the A strips of rows i0.. (strip s at s*MR*kc),
 * bp the B strips of columns j0.. (strip s at s*NR*kc). */
template <int MR, int NR>
void macro_kernel(micro_fn micro, const Problem& P, const float* ap, const float* bp, int64_t i0, int64_t mc,
                  int64_t j0, int64_t nc, int64_t kc, float beta) {
    for (int64_t jr = 0; jr < nc; jr += NR) {
        const int nr = (int)std::min<int64_t>(NR, nc - jr);
        for (int64_t ir = 0; ir < mc; ir += MR) {
            const int mr = (int)std::min<int64_t>(MR, mc - ir);
            micro(kc, ap + ir * kc, bp + jr * kc, P.c + (i0 + ir) * P.n + j0 + jr, P.n, mr, nr, P.alpha, beta);
        }
    }
}

template <int MR, int NR>
struct Sizes {
    static constexpr int64_t MC = (MC_ROWS + MR - 1) / MR * MR;
    static int64_t b_floats(int64_t n) { return KC * std::min(NC, round_up(n, NR)); }
    static int64_t a_floats_serial(int64_t m) { return KC * std::min(MC, round_up(m, MR)); }
};

/* One problem on the calling thread; ws holds Sizes::b_floats + Sizes::a_floats_serial floats. */
template <int MR, int NR>
void gemm_serial(micro_fn micro, const Problem& P, float* ws) {
    using S = Sizes<MR, NR>;
    float* bp = ws;
    float* ap = ws + S::b_floats(P.n);
    for (int64_t jc = 0; jc < P.n; jc += NC) {
        const int64_t nc = std::min(NC, P.n - jc);
        for (int64_t pc = 0; pc < P.k; pc += KC) {
            const int64_t kc = std::min(KC, P.k - pc);
            pack_b<NR>(bp, P, pc, kc, jc, nc, 0, kc);
            const float beta = pc == 0 ? P.beta : 1.0f;
            for (int64_t ic = 0; ic < P.m; ic += S::MC) {
                const int64_t mc = std::min(S::MC, P.m - ic);
                pack_a<MR>(ap, P, ic, mc, pc, kc, 0, kc);
                macro_kernel<MR, NR>(micro, P, ap, bp, ic, mc, jc, nc, kc, beta);
            }
        }
    }
}

/* Rows of op(A) packed at once by the threads of one large problem. */
template <int MR, int NR>
int64_t super_rows(int64_t m, int threads) {
    return std::min(round_up(m, MR), Sizes<MR, NR>::MC * 4 * threads);
}

/* One large problem on `threads` threads sharing packed panels; ws holds b_floats + KC * super_rows. */
template <int MR, int NR>
void gemm_parallel(micro_fn micro, const Problem& P, float* ws, int threads) {
    using S = Sizes<MR, NR>;
    float* bp = ws;
    float* ap = ws + S::b_floats(P.n);
    const int64_t MS = super_rows<MR, NR>(P.m, threads);
#pragma omp parallel num_threads(threads)
    for (int64_t jc = 0; jc < P.n; jc += NC) {
        const int64_t nc = std::min(NC, P.n - jc);
        const int64_t b_strips = (nc + NR - 1) / NR;
        for (int64_t pc = 0; pc < P.k; pc += KC) {
            const int64_t kc = std::min(KC, P.k - pc);
            const float beta = pc == 0 ? P.beta : 1.0f;
            const int64_t depth_chunks = (kc + kDepthChunk - 1) / kDepthChunk;
#pragma omp for schedule(dynamic, 1)
            for (int64_t q = 0; q < depth_chunks; ++q)
                pack_b<NR>(bp, P, pc, kc, jc, nc, q * kDepthChunk, std::min(kc, (q + 1) * kDepthChunk));
            for (int64_t is = 0; is < P.m; is += MS) {
                const int64_t ms = std::min(MS, P.m - is);
#pragma omp for schedule(dynamic, 1)
                for (int64_t q = 0; q < depth_chunks; ++q)
                    pack_a<MR>(ap, P, is, ms, pc, kc, q * kDepthChunk, std::min(kc, (q + 1) * kDepthChunk));
                /* tiles of C: MC-row blocks x column chunks, about 8 per thread so that the dynamic schedule
                 * balances uneven tiles and a thread that the OS preempts holds up little work */
                const int64_t row_blocks = (ms + S::MC - 1) / S::MC;
                const int64_t chunks = std::max<int64_t>(1, std::min(b_strips, (8 * threads + row_blocks - 1) / row_blocks));
                const int64_t chunk = round_up((nc + chunks - 1) / chunks, NR);
                const int64_t col_blocks = (nc + chunk - 1) / chunk;
#pragma omp for schedule(dynamic, 1)
                for (int64_t t = 0; t < row_blocks * col_blocks; ++t) {
                    const int64_t ib = (t / col_blocks) * S::MC, jb = (t % col_blocks) * chunk;
                    macro_kernel<MR, NR>(micro, P, ap + ib * kc, bp + jb * kc, is + ib, std::min(S::MC, ms - ib),
                                         jc + jb, std::min(chunk, nc - jb), kc, beta);
                }
            }
        }
    }
}

/* Per-calling-thread workspace (64-byte aligned, grown on demand, never shrunk): no allocation per call. */
struct Workspace {
    float* p = nullptr;
    size_t cap = 0;
    ~Workspace() { std::free(p); }
    float* get(size_t floats) {
        if (floats > cap) {
            std::free(p);
            cap = 0;
            p = static_cast<float*>(std::aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64));
            if (p == nullptr) return nullptr;
            cap = floats;
        }
        return p;
    }
};
thread_local Workspace tl_workspace;

constexpr int64_t kParallelWork = int64_t(1) << 19;    /* MACs below which one thread does it all      */
constexpr int64_t kBatchSplitWork = int64_t(1) << 22;  /* per-matrix MACs below which batch is split   */

template <int MR, int NR>
sk_status gemm_run(micro_fn micro, float* c, const float* a, const float* b, int64_t batch, int64_t m, int64_t n,
                   int64_t k, int64_t sa, int64_t sb, int64_t sc, bool ta, bool tb, float alpha, float beta) {
    using S = Sizes<MR, NR>;
    /* a shared B with stacked, untransposed A and C is one tall product */
    if (batch > 1 && sb == 0 && !ta && sa == m * k && sc == m * n) {
        m *= batch;
        batch = 1;
    }
    const double work = (double)m * (double)n * (double)k; /* MACs per entry (double: no overflow) */
    int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
    if (work * (double)batch < (double)kParallelWork || threads < 1) threads = 1;
    const bool split_batch = threads > 1 && batch > 1 && (work < (double)kBatchSplitWork || batch >= 4 * threads);
    const bool split_matrix = threads > 1 && !split_batch && work >= (double)kParallelWork;

    const int64_t serial_floats = S::b_floats(n) + S::a_floats_serial(m);
    int64_t floats = serial_floats;
    if (split_batch) floats = serial_floats * threads;
    if (split_matrix) floats = S::b_floats(n) + KC * super_rows<MR, NR>(m, threads);
    float* ws = tl_workspace.get((size_t)floats);
    if (ws == nullptr) return sk_fail(SK_ERR_OOM, "gemm: cannot allocate %lld bytes of packing space", (long long)floats * 4);

    auto problem = [&](int64_t p) {
        return Problem{a + p * sa, b + p * sb, c + p * sc, m, n, k, ta, tb, alpha, beta};
    };
    if (split_batch) {
        const int t = (int)std::min<int64_t>(threads, batch);
#pragma omp parallel for num_threads(t) schedule(dynamic, 1)
        for (int64_t p = 0; p < batch; ++p)
            gemm_serial<MR, NR>(micro, problem(p), ws + serial_floats * omp_get_thread_num());
    } else {
        for (int64_t p = 0; p < batch; ++p) {
            if (split_matrix) gemm_parallel<MR, NR>(micro, problem(p), ws, threads);
            else gemm_serial<MR, NR>(micro, problem(p), ws);
        }
    }
    return SK_OK;
}

enum Kernel { K_GENERIC, K_AVX2, K_AVX512 };

Kernel pick_kernel() {
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
    Kernel best = avx512 ? K_AVX512 : avx2 ? K_AVX2 : K_GENERIC;
    const char* force = std::getenv("SYMKERN_GEMM_KERNEL");
    if (force != nullptr) {
        if (std::strcmp(force, "generic") == 0) return K_GENERIC;
        if (std::strcmp(force, "avx2") == 0 && avx2) return K_AVX2;
        if (std::strcmp(force, "avx512") == 0 && avx512) return K_AVX512;
    }
    return best;
}

}  // namespace

sk_status gemm_cpu(float* c, const float* a, const float* b, int64_t batch, int64_t m, int64_t n, int64_t k,
                   int64_t stride_a, int64_t stride_b, int64_t stride_c, int trans_a, int trans_b, float alpha,
                   float beta) {
    if (k == 0 || alpha == 0.0f) {
        /* C = beta C; beta == 0 writes zeros without reading C */
        for (int64_t p = 0; p < batch; ++p) {
            float* cp = c + p * stride_c;
            if (beta == 0.0f) std::memset(cp, 0, (size_t)(m * n) * sizeof(float));
            else if (beta != 1.0f)
                for (int64_t i = 0; i < m * n; ++i) cp[i] *= beta;
        }
        return SK_OK;
    }
    static const Kernel kernel = pick_kernel();
    switch (kernel) {
        case K_AVX512:
            return gemm_run<8, 32>(micro_avx512, c, a, b, batch, m, n, k, stride_a, stride_b, stride_c, trans_a,
                                    trans_b, alpha, beta);
        case K_AVX2:
            return gemm_run<6, 16>(micro_avx2, c, a, b, batch, m, n, k, stride_a, stride_b, stride_c, trans_a,
                                   trans_b, alpha, beta);
        default:
            return gemm_run<6, 8>(micro_generic, c, a, b, batch, m, n, k, stride_a, stride_b, stride_c, trans_a,
                                  trans_b, alpha, beta);
    }
}
