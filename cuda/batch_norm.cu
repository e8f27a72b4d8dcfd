/* cuda/batch_norm.cu — K5 batch norm with statistics shared over (batch, inner) on CUDA.
 * x, y, dx, dy are (batch, channels, inner); per-channel vectors are (channels). Contract: symkern.h;
 * formulas: native/src/norm_math.h (shared with cpu/batch_norm.cpp; the devices differ only in the order
 * of their double sums).
 *   batch_norm_sums_kernel1: the n = batch * inner values of channel c are cut into `segs` fixed segments
 *       of the flattened (b, r) index; block (c, s) sums its segment in double (strided over threads,
 *       then sk_norm::block_sum2_d) into partials[c][s]: forward (x - shift, (x - shift)^2) with shift =
 *       the channel's first element, backward (dy, dy (x - mean)).
 *   batch_norm_forward_finalize_kernel1 / batch_norm_backward_finalize_kernel1: one thread per channel
 *       adds its partials in segment order -> mean, invstd, running stats (forward), or dgamma / dbeta
 *       (ACCUMULATE) and the dx coefficients (backward). Eval forward reads the running stats instead.
 *   batch_norm_forward_apply_kernel1 / batch_norm_backward_apply_kernel1: one thread per element
 *       (y, dx OVERWRITTEN).
 * Deterministic: segments depend only on the shape, trees only on blockDim; no atomics.
 * Napkin math: training forward reads x twice and writes y (12 B per element), backward reads dy and x
 * twice and writes dx (20 B per element): bandwidth-bound; segments keep >= ~1024 blocks in flight
 * when the channel count is small. kernels-test: batch_norm_test. */
#include "kernels.h"
#include "norm_common.cuh"
#include "norm_math.h"

namespace {
constexpr int kBlock = 256;
constexpr int64_t kMinSegment = 4096;    /* values per segment at least */
constexpr int64_t kTargetBlocks = 1024;  /* channels * segments aimed at */

/* Block (c, s) for c * segs + s: partial sums of channel c over segment s of its n values. */
template <typename I>
__global__ void batch_norm_sums_kernel1(double* part, const float* a, const float* x, const float* center, I channels,
                                        I inner, I n, I seg_len, I segs, bool grad) {
    for (I blk = blockIdx.x; blk < channels * segs; blk += gridDim.x) {
        const I c = blk / segs, s = blk - c * segs, j0 = s * seg_len, j1 = j0 + seg_len < n ? j0 + seg_len : n;
        const double k = center ? (double)center[c] : (double)x[(int64_t)c * inner];
        double s1 = 0, s2 = 0;
        for (I j = j0 + threadIdx.x; j < j1; j += blockDim.x) {
            const I b = j / inner, r = j - b * inner, idx = (b * channels + c) * inner + r;
            const double v = (double)x[idx] - k;
            if (grad) {
                const double g = (double)a[idx];
                s1 += g;
                s2 += g * v;
            } else {
                s1 += v;
                s2 += v * v;
            }
        }
        sk_norm::block_sum2_d(s1, s2);
        if (threadIdx.x == 0) {
            part[2 * (int64_t)blk] = s1;
            part[2 * (int64_t)blk + 1] = s2;
        }
    }
}

__global__ void batch_norm_forward_finalize_kernel1(float* save_mean, float* save_invstd, float* running_mean,
                                                    float* running_var, const double* part, const float* x,
                                                    int64_t channels, int64_t inner, int64_t n, int64_t segs,
                                                    int training, float momentum, float eps) {
    for (int64_t c = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; c < channels; c += (int64_t)gridDim.x * blockDim.x) {
        if (!training) {
            save_mean[c] = running_mean[c];
            save_invstd[c] = norm_invstd((double)running_var[c], eps);
            continue;
        }
        double s1 = 0, s2 = 0, mean, var;
        for (int64_t s = 0; s < segs; ++s) {
            s1 += part[2 * (c * segs + s)];
            s2 += part[2 * (c * segs + s) + 1];
        }
        bn_moments(s1, s2, n, x[c * inner], &mean, &var);
        save_mean[c] = (float)mean;
        save_invstd[c] = norm_invstd(var, eps);
        if (running_mean) bn_running_update(&running_mean[c], &running_var[c], mean, var, n, momentum);
    }
}

/* coef[3c .. 3c+2] = (a, b, c) of bn_grad for channel c. */
__global__ void batch_norm_backward_finalize_kernel1(float* dgamma, float* dbeta, float* coef, const double* part,
                                                     const float* save_invstd, const float* gamma, int64_t channels,
                                                     int64_t n, int64_t segs, int training) {
    for (int64_t c = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; c < channels; c += (int64_t)gridDim.x * blockDim.x) {
        double sum_dy = 0, sum_dy_xmu = 0;
        for (int64_t s = 0; s < segs; ++s) {
            sum_dy += part[2 * (c * segs + s)];
            sum_dy_xmu += part[2 * (c * segs + s) + 1];
        }
        if (dbeta) dbeta[c] += (float)sum_dy;
        if (dgamma) dgamma[c] += (float)(sum_dy_xmu * (double)save_invstd[c]);
        bn_grad_coeffs(sum_dy, sum_dy_xmu, save_invstd[c], gamma ? gamma[c] : 1.0f, n, training, &coef[3 * c],
                       &coef[3 * c + 1], &coef[3 * c + 2]);
    }
}

template <typename I>
__global__ void batch_norm_forward_apply_kernel1(float* y, const float* x, const float* mean, const float* invstd,
                                                 const float* gamma, const float* beta, I channels, I inner, I total) {
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < total; t += (I)gridDim.x * blockDim.x) {
        const I c = (t / inner) % channels;
        y[t] = norm_apply(x[t], mean[c], invstd[c], gamma ? gamma[c] : 1.0f, beta ? beta[c] : 0.0f);
    }
}

template <typename I>
__global__ void batch_norm_backward_apply_kernel1(float* dx, const float* dy, const float* x, const float* mean,
                                                  const float* coef, I channels, I inner, I total) {
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < total; t += (I)gridDim.x * blockDim.x) {
        const I c = (t / inner) % channels;
        dx[t] = bn_grad(dy[t], x[t], mean[c], coef[3 * c], coef[3 * c + 1], coef[3 * c + 2]);
    }
}

/* Segments per channel: a function of the shape only (deterministic). */
void segments(int64_t n, int64_t channels, int64_t* seg_len, int64_t* segs) {
    int64_t want = ceil_div(kTargetBlocks, channels), most = ceil_div(n, kMinSegment);
    int64_t s = want < most ? want : most;
    if (s < 1) s = 1;
    *seg_len = ceil_div(n, s);
    *segs = ceil_div(n, *seg_len);
}

/* 32-bit indices when every index and the grid-stride step stay below 2^32. */
bool fits32(int64_t total, int64_t blocks) { return total + blocks * kBlock <= (int64_t)UINT32_MAX; }

unsigned int block_grid(int64_t blocks) { return (unsigned int)(blocks < 65535 * 8 ? blocks : 65535 * 8); }

/* Launches the sums kernel into a fresh partials array (2 * channels * segs doubles in scratch). */
sk_status launch_sums(double* part, const float* a, const float* x, const float* center, int64_t batch,
                      int64_t channels, int64_t inner, int64_t seg_len, int64_t segs, bool grad) {
    const int64_t n = batch * inner, total = n * channels, blocks = channels * segs;
    const unsigned int grid = block_grid(blocks);
    if (fits32(total, blocks))
        SK_LAUNCH((batch_norm_sums_kernel1<uint32_t>), grid, kBlock, part, a, x, center, (uint32_t)channels, (uint32_t)inner,
                                                            (uint32_t)n, (uint32_t)seg_len, (uint32_t)segs, grad);
    else
        SK_LAUNCH((batch_norm_sums_kernel1<int64_t>), grid, kBlock, part, a, x, center, channels, inner, n, seg_len, segs, grad);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
}  // namespace

sk_status batch_norm_forward_cuda(float* y, float* save_mean, float* save_invstd, float* running_mean,
                                  float* running_var, const float* x, const float* gamma, const float* beta,
                                  int64_t batch, int64_t channels, int64_t inner, int training, float momentum,
                                  float eps) {
    const int64_t n = batch * inner, total = n * channels;
    int64_t seg_len = 0, segs = 0;
    sk_norm::Scratch scratch;
    double* part = nullptr;
    if (training) {
        segments(n, channels, &seg_len, &segs);
        SK_CUDA_TRY(cudaMallocAsync(&scratch.p, (size_t)(2 * channels * segs) * sizeof(double), 0));
        part = static_cast<double*>(scratch.p);
        SK_RETURN_IF_ERROR(launch_sums(part, x, x, nullptr, batch, channels, inner, seg_len, segs, false));
    }
    SK_LAUNCH(batch_norm_forward_finalize_kernel1, sk_grid_1d(channels, kBlock), kBlock,
        save_mean, save_invstd, running_mean, running_var, part, x, channels, inner, n, segs, training, momentum, eps);
    SK_CUDA_LAUNCH_CHECK();
    const unsigned int grid = sk_grid_1d(total, kBlock);
    if (fits32(total, grid))
        SK_LAUNCH((batch_norm_forward_apply_kernel1<uint32_t>), grid, kBlock, y, x, save_mean, save_invstd, gamma, beta,
                                                                     (uint32_t)channels, (uint32_t)inner,
                                                                     (uint32_t)total);
    else
        SK_LAUNCH((batch_norm_forward_apply_kernel1<int64_t>), grid, kBlock, y, x, save_mean, save_invstd, gamma, beta,
                                                                    channels, inner, total);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status batch_norm_backward_cuda(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                   const float* save_mean, const float* save_invstd, const float* gamma,
                                   int64_t batch, int64_t channels, int64_t inner, int training) {
    const int64_t n = batch * inner, total = n * channels;
    int64_t seg_len, segs;
    segments(n, channels, &seg_len, &segs);
    sk_norm::Scratch scratch;   /* partials, then the 3 coefficients per channel */
    SK_CUDA_TRY(cudaMallocAsync(&scratch.p, (size_t)(2 * channels * segs) * sizeof(double) +
                                                (size_t)(3 * channels) * sizeof(float), 0));
    double* part = static_cast<double*>(scratch.p);
    float* coef = reinterpret_cast<float*>(part + 2 * channels * segs);
    SK_RETURN_IF_ERROR(launch_sums(part, dy, x, save_mean, batch, channels, inner, seg_len, segs, true));
    SK_LAUNCH(batch_norm_backward_finalize_kernel1, sk_grid_1d(channels, kBlock), kBlock, dgamma, dbeta, coef, part,
                                                                                  save_invstd, gamma, channels, n,
                                                                                  segs, training);
    SK_CUDA_LAUNCH_CHECK();
    const unsigned int grid = sk_grid_1d(total, kBlock);
    if (fits32(total, grid))
        SK_LAUNCH((batch_norm_backward_apply_kernel1<uint32_t>), grid, kBlock, dx, dy, x, save_mean, coef, (uint32_t)channels,
                                                                      (uint32_t)inner, (uint32_t)total);
    else
        SK_LAUNCH((batch_norm_backward_apply_kernel1<int64_t>), grid, kBlock, dx, dy, x, save_mean, coef, channels, inner,
                                                                     total);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
