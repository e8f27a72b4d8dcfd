/* cuda/conv.cu — K7 conv2d (conv1d = height 1) on CUDA: im2col + gemm_cuda, deterministic gradients.
 *
 * Shapes (sk_conv_geom, conv_math.h): x (B, Ci, H, W), weight (Co, K = Ci kh kw), y / dy (B, Co, N = Ho Wo);
 * col (nb, K, N) is the im2col matrix of a chunk of nb images. Per chunk:
 *   forward  conv_im2col_kernel1, then one batched gemm_cuda  y_b = weight col_b     (weight shared,
 *            stride 0); conv_bias_kernel1 adds bias[o] to every y[b, o, :] at the end.
 *   wgrad    batched gemm_cuda  part_b = dy_b col_b^T  (one (Co, K) partial per image), then
 *            conv_sum_partials_kernel1: dweight[i] += sum_b part_b[i] in image order (+=).
 *   dgrad    batched gemm_cuda  dcol_b = weight^T dy_b (into the col buffer, after wgrad used it), then
 *            conv_col2im_kernel1: one thread per dx element gathers its kh kw taps from dcol (=).
 *   dbias    conv_dbias_kernel1: one block per output channel, fixed per-thread strides and a fixed
 *            block-reduction tree (+=).
 * No atomics anywhere: every sum has a fixed order, so results are bit-identical from run to run. The
 * chunk size nb depends on the sizes only (scratch of at most kScratchFloats floats, at least one image),
 * so chunk boundaries (and therefore the dweight summation order) never depend on the device state.
 * A 1x1 kernel with stride 1 and no padding (and c_in == 0) skips im2col: col_b is x_b itself.
 * Index math runs in 32 bits when every index fits (the common case), else in 64 bits.
 *
 * Napkin math (B=64, Ci=Co=40, 28x28, 3x3, pad 1): each of forward / dgrad / wgrad is 2 B Co K N = 1.45
 * GFLOP of gemm; im2col / col2im move 64 x 360 x 784 x 4 B = 72 MB each (tens of microseconds at HBM
 * bandwidth), so the gemm dominates. kernels-test conv_test cuda prints the measured times. */
#include "common.cuh"
#include "conv_math.h"
#include "kernels.h"

namespace {

constexpr int kBlock = 256;
constexpr int64_t kScratchFloats = int64_t(1) << 25;   /* col + partials per chunk: 128 MiB */

/* col[p][r][n] for images p < nb of the chunk starting at x (r = (c kh + pp) kw + q, n = oh wo + ow). */
template <typename I>
__global__ void conv_im2col_kernel1(float* __restrict__ col, const float* __restrict__ x, sk_conv_geom g, I nb) {
    const I K = (I)g.k(), N = (I)g.n(), total = nb * K * N;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < total; t += (I)gridDim.x * blockDim.x) {
        const I n = t % N, r = (t / N) % K, p = t / (N * K);
        const I q = r % (I)g.kw, pp = (r / (I)g.kw) % (I)g.kh, c = r / ((I)g.kw * (I)g.kh);
        const I oh = n / (I)g.wo, ow = n % (I)g.wo;
        const int64_t ih = (int64_t)oh * g.sh - g.ph + (int64_t)pp * g.dh;
        const int64_t iw = (int64_t)ow * g.sw - g.pw + (int64_t)q * g.dw;
        float v = 0.0f;
        if (ih >= 0 && ih < g.h && iw >= 0 && iw < g.w) v = x[((p * (I)g.ci + c) * (I)g.h + (I)ih) * (I)g.w + (I)iw];
        col[t] = v;
    }
}

/* dx[p][c][ih][iw] = sum over taps (pp, q) that read (ih, iw) of dcol[p][(c kh + pp) kw + q][oh wo + ow]. */
template <typename I>
__global__ void conv_col2im_kernel1(float* __restrict__ dx, const float* __restrict__ dcol, sk_conv_geom g, I nb) {
    const I K = (I)g.k(), N = (I)g.n(), total = nb * (I)g.ci * (I)g.h * (I)g.w;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < total; t += (I)gridDim.x * blockDim.x) {
        const I iw = t % (I)g.w, ih = (t / (I)g.w) % (I)g.h, c = (t / ((I)g.w * (I)g.h)) % (I)g.ci;
        const I p = t / ((I)g.w * (I)g.h * (I)g.ci);
        const float* d = dcol + p * K * N + c * (I)(g.kh * g.kw) * N;
        float acc = 0.0f;
        for (int64_t pp = 0; pp < g.kh; ++pp) {
            const int64_t hn = (int64_t)ih + g.ph - pp * g.dh;   /* = oh sh */
            if (hn < 0 || hn % g.sh != 0 || hn / g.sh >= g.ho) continue;
            const I oh = (I)(hn / g.sh);
            for (int64_t q = 0; q < g.kw; ++q) {
                const int64_t wn = (int64_t)iw + g.pw - q * g.dw;   /* = ow sw */
                if (wn < 0 || wn % g.sw != 0 || wn / g.sw >= g.wo) continue;
                acc += d[(I)(pp * g.kw + q) * N + oh * (I)g.wo + (I)(wn / g.sw)];
            }
        }
        dx[t] = acc;
    }
}

/* y[b][o][n] += bias[o] over all B Co N elements. */
template <typename I>
__global__ void conv_bias_kernel1(float* __restrict__ y, const float* __restrict__ bias, I co, I n, I total) {
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < total; t += (I)gridDim.x * blockDim.x)
        y[t] += bias[(t / n) % co];
}

/* dbias[o] += sum_{b, n} dy[b][o][n]; blocks stride over o, threads over (b, n) in a fixed pattern. */
__global__ void conv_dbias_kernel1(float* __restrict__ dbias, const float* __restrict__ dy, int64_t batch,
                                   int64_t co, int64_t n) {
    for (int64_t o = blockIdx.x; o < co; o += gridDim.x) {
        float acc = 0.0f;
        for (int64_t e = threadIdx.x; e < batch * n; e += blockDim.x) acc += dy[((e / n) * co + o) * n + e % n];
        const float total = sk_block_sum(acc);
        if (threadIdx.x == 0) dbias[o] += total;
    }
}

/* dweight[i] += sum_{p < nb} part[p][i], p ascending. */
__global__ void conv_sum_partials_kernel1(float* __restrict__ dweight, const float* __restrict__ part, int64_t nb,
                                          int64_t wsize) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < wsize; i += (int64_t)gridDim.x * blockDim.x) {
        float acc = part[i];
        for (int64_t p = 1; p < nb; ++p) acc += part[p * wsize + i];
        dweight[i] += acc;
    }
}

/* 32-bit grid-stride indices are safe when the count plus one grid's span stays below 2^31. */
bool fits_i32(int64_t count) { return count + (int64_t)65535 * 8 * kBlock < INT32_MAX; }

sk_status im2col(float* col, const float* x, const sk_conv_geom& g, int64_t nb) {
    const int64_t total = nb * g.k() * g.n();
    if (fits_i32(total) && fits_i32(g.batch * g.ci * g.in_plane()))
        SK_LAUNCH((conv_im2col_kernel1<int32_t>), sk_grid_1d(total, kBlock), kBlock, col, x, g, (int32_t)nb);
    else
        SK_LAUNCH((conv_im2col_kernel1<int64_t>), sk_grid_1d(total, kBlock), kBlock, col, x, g, nb);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status col2im(float* dx, const float* dcol, const sk_conv_geom& g, int64_t nb) {
    const int64_t total = nb * g.ci * g.in_plane();
    if (fits_i32(total) && fits_i32(nb * g.k() * g.n()))
        SK_LAUNCH((conv_col2im_kernel1<int32_t>), sk_grid_1d(total, kBlock), kBlock, dx, dcol, g, (int32_t)nb);
    else
        SK_LAUNCH((conv_col2im_kernel1<int64_t>), sk_grid_1d(total, kBlock), kBlock, dx, dcol, g, nb);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

/* Stream-ordered scratch, freed (after the queued kernels) on every return path. */
struct Scratch {
    float* p = nullptr;
    ~Scratch() {
        if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
    sk_status alloc(int64_t floats, const char* op) {
        if (floats <= 0) return SK_OK;
        cudaError_t e = cudaMallocAsync((void**)&p, (size_t)floats * sizeof(float), 0);
        if (e == cudaSuccess) return SK_OK;
        cudaGetLastError();
        p = nullptr;
        return sk_fail(e == cudaErrorMemoryAllocation ? SK_ERR_OOM : SK_ERR_CUDA,
                       "%s: cannot allocate %lld bytes of CUDA scratch: %s", op, (long long)floats * 4,
                       cudaGetErrorString(e));
    }
};

/* Images per chunk: as many as fit kScratchFloats floats of per-image scratch, at least one. */
int64_t chunk_images(int64_t batch, int64_t per_image) {
    if (per_image <= 0) return batch;
    const int64_t nb = kScratchFloats / per_image;
    return nb < 1 ? 1 : nb < batch ? nb : batch;
}

}  // namespace

sk_status conv2d_forward_cuda(float* y, const float* x, const float* weight, const float* bias,
                              const sk_conv_geom& g) {
    const int64_t K = g.k(), N = g.n(), xs = g.ci * g.in_plane(), ys = g.co * N;
    const bool direct = g.pointwise() || K == 0;
    const int64_t nb = chunk_images(g.batch, direct ? 0 : K * N);
    Scratch col;
    if (!direct) SK_RETURN_IF_ERROR(col.alloc(nb * K * N, "conv2d_forward"));
    for (int64_t b0 = 0; b0 < g.batch; b0 += nb) {
        const int64_t n = nb < g.batch - b0 ? nb : g.batch - b0;
        const float* src = x + b0 * xs;
        if (!direct) {
            SK_RETURN_IF_ERROR(im2col(col.p, src, g, n));
            src = col.p;
        }
        SK_RETURN_IF_ERROR(gemm_cuda(y + b0 * ys, weight, src, n, g.co, N, K, 0, K * N, ys, 0, 0, 1.0f, 0.0f));
    }
    if (bias) {
        const int64_t total = g.batch * ys;
        if (fits_i32(total))
            SK_LAUNCH((conv_bias_kernel1<int32_t>), sk_grid_1d(total, kBlock), kBlock, y, bias, (int32_t)g.co, (int32_t)N,
                                                                              (int32_t)total);
        else
            SK_LAUNCH((conv_bias_kernel1<int64_t>), sk_grid_1d(total, kBlock), kBlock, y, bias, g.co, N, total);
        SK_CUDA_LAUNCH_CHECK();
    }
    return SK_OK;
}

sk_status conv2d_backward_cuda(float* dx, float* dweight, float* dbias, const float* dy, const float* x,
                               const float* weight, const sk_conv_geom& g) {
    const int64_t K = g.k(), N = g.n(), xs = g.ci * g.in_plane(), ys = g.co * N, wsize = g.co * K;
    if (dbias && g.co > 0) {
        SK_LAUNCH(conv_dbias_kernel1, (unsigned)(g.co < 65535 * 8 ? g.co : 65535 * 8), kBlock, dbias, dy, g.batch, g.co, N);
        SK_CUDA_LAUNCH_CHECK();
    }
    if ((!dx && !dweight) || K == 0) return SK_OK;   /* c_in == 0: dx and dweight are empty */
    if (g.co == 0) dweight = nullptr;                 /* empty; dx = weight^T dy is then all zeros */

    const bool direct = g.pointwise();
    const int64_t nb = chunk_images(g.batch, (direct ? 0 : K * N) + (dweight ? wsize : 0));
    Scratch col, part;
    if (!direct) SK_RETURN_IF_ERROR(col.alloc(nb * K * N, "conv2d_backward"));
    if (dweight) SK_RETURN_IF_ERROR(part.alloc(nb * wsize, "conv2d_backward"));
    for (int64_t b0 = 0; b0 < g.batch; b0 += nb) {
        const int64_t n = nb < g.batch - b0 ? nb : g.batch - b0;
        const float* dyb = dy + b0 * ys;
        if (dweight) {
            const float* src = x + b0 * xs;
            if (!direct) {
                SK_RETURN_IF_ERROR(im2col(col.p, src, g, n));
                src = col.p;
            }
            SK_RETURN_IF_ERROR(gemm_cuda(part.p, dyb, src, n, g.co, K, N, ys, K * N, wsize, 0, 1, 1.0f, 0.0f));
            SK_LAUNCH(conv_sum_partials_kernel1, sk_grid_1d(wsize, kBlock), kBlock, dweight, part.p, n, wsize);
            SK_CUDA_LAUNCH_CHECK();
        }
        if (dx) {
            if (direct) {
                SK_RETURN_IF_ERROR(gemm_cuda(dx + b0 * xs, weight, dyb, n, K, N, g.co, 0, ys, xs, 1, 0, 1.0f, 0.0f));
            } else {
                SK_RETURN_IF_ERROR(gemm_cuda(col.p, weight, dyb, n, K, N, g.co, 0, ys, K * N, 1, 0, 1.0f, 0.0f));
                SK_RETURN_IF_ERROR(col2im(dx + b0 * xs, col.p, g, n));
            }
        }
    }
    return SK_OK;
}
