/* native/include/symkern.h
 *
 * The C ABI of libsymkern. Everything Java calls is declared here, and only here.
 *
 * Conventions
 *   - Every op returns sk_status; on failure sk_last_error() describes it (thread-local, valid until the
 *     next failing call on the same thread). Native code never exits, prints or throws across this ABI.
 *   - Argument order: outputs, inputs, sizes, hyper-parameters. Gradients are d<name>.
 *   - Sizes are int64_t element counts; shapes are given in comments as (B, C, H, W), row-major, contiguous.
 *   - The device of an op is the device of its buffers; mixing devices is SK_ERR_DEVICE. Every buffer is
 *     checked to be large enough for the shape it is used with (SK_ERR_SHAPE otherwise).
 *   - Backward functions OVERWRITE (=) input gradients and ACCUMULATE (+=) into parameter gradients,
 *     unless the op's comment says otherwise. Every issue-2 backward below overwrites.
 *   - Unless stated, float data is float32; "int32" buffers hold int32_t indices or labels.
 *   - Devices are int32_t: SK_DEVICE_CPU (-1) or a CUDA ordinal (0, 1, ...).
 *
 * Op registry (catalog numbers: docs/kernels.md)   CPU  CUDA  kernels-test
 *   K1  gemm (batched, strided, transposes)                        x    x    gemm_test
 *   K2  unary_{forward,backward}  (neg relu leaky_relu elu silu    x    x    unary_test
 *       tanh sigmoid exp log sqrt pow scale add_scalar abs)
 *   K2  binary_forward (add sub mul div, broadcasting)             x    x    binary_test
 *   K2  sum_to_shape (adjoint of broadcasting)                     x    x    binary_test
 *   K3  reduce_{forward,backward} (sum mean max over an axis)      x    x    reduce_test
 *   K3  softmax_{forward,backward} (softmax / log_softmax, last)   x    x    softmax_test
 *   K4  cross_entropy_{forward,backward} (weights, smoothing)      x    x    cross_entropy_test
 *   K6  dropout_{forward,backward}, random_{uniform,normal}        x    x    dropout_test
 *   K16 adam_step (Adam / AdamW, bias-corrected)                   x    x    adam_test
 *   --  pair_orbits, node_orbits (2-orbits / orbits of a perm group) x    -    orbits_test
 *   --  buffers, copies, fill, synchronize, memory accounting      x    x    buffer_test
 *   --  set_num_threads / get_num_threads (OpenMP team size)       x    -    threads_test
 *   K7  conv2d_{forward,backward}, conv1d_{forward,backward}      x    x    conv_test
 *       (cross-correlation; stride, padding, dilation; no groups)
 *   K8  filter_expand_{forward,backward} (table-driven filter       x    x    filter_expand_test
 *       bank: p4 / p4m gathers, C_N / D_N steerable basis, Z2)
 *   K9  group_conv2d_{forward,backward} (fused: the expanded        x    x    group_conv_test
 *       bank is never materialized)
 *   K10 max_pool2d_{forward,backward}  (per plane, argmax kept)    x    x    pool_test
 *   K10 avg_pool2d_{forward,backward}  (count_include_pad = 0)     x    x    pool_test
 *   K5  batch_norm_{forward,backward}  (stats shared over (B, R))  x    x    batch_norm_test
 *   K5  layer_norm_{forward,backward}  (over the last axis)        x    x    layer_norm_test
 *   (group pooling and global pooling are compositions of K3 reduce in Java: nn.GroupPool, nn.GlobalPool)
 *   K11 segment_reduce_{forward,backward} (sum mean max per CSR     x    x    segment_reduce_test
 *       segment of rows)
 *   K12 gather_rows, scatter_add_rows (deterministic CSR path /     x    x    gather_scatter_test
 *       atomic path)
 *   K12 embedding_{forward,backward} (optional differentiable       x    x    embedding_test
 *       max-norm)
 *   K13 orbit_linear_{forward,backward} (full: W per 2-orbit)      x    x    orbit_linear_test
 *   K13 orbit_linear_sep_{forward,backward} (scalar per 2-orbit)   x    x    orbit_linear_test
 *   K14 edge_attention_{dense,csr}_{forward,backward} (orbit GATv2) x   x    edge_attention_test
 *   K15 egnn_edge_{forward,backward}, egnn_coord_{forward,backward} x   x    egnn_edge_test
 */
#ifndef SYMKERN_H
#define SYMKERN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define SK_API __declspec(dllexport)
#else
#  define SK_API __attribute__((visibility("default")))
#endif

/* ---- status codes ------------------------------------------------------------------------------ */
typedef int32_t sk_status;
#define SK_OK            0
#define SK_ERR_ARG       1   /* bad argument: NULL buffer, unknown op code, out-of-range label/index   */
#define SK_ERR_SHAPE     2   /* negative size, inconsistent shapes, buffer too small for the shape     */
#define SK_ERR_DEVICE    3   /* buffers of one op live on different devices                            */
#define SK_ERR_OOM       4   /* allocation failed                                                      */
#define SK_ERR_CUDA      5   /* a CUDA runtime call failed                                             */
#define SK_ERR_NO_CUDA   6   /* CUDA requested, library built without CUDA                             */
#define SK_ERR_NO_DEVICE 7   /* built with CUDA, but no usable device (no driver, no GPU, bad ordinal) */

#define SK_DEVICE_CPU (-1)

typedef struct sk_buffer sk_buffer;   /* opaque: device, byte size, pointer */

/* ---- library ----------------------------------------------------------------------------------- */
SK_API const char* sk_last_error(void);
SK_API const char* sk_version(void);
SK_API int32_t     sk_noop(int32_t x);              /* returns x; measures the fixed cost of one call   */
SK_API int32_t     sk_cuda_compiled(void);          /* 1 when built with the CUDA backend               */
SK_API int32_t     sk_cuda_device_count(void);      /* usable CUDA devices (probed once, cached); 0 none */
SK_API const char* sk_cuda_status(void);            /* human-readable probe result                      */
/* The number of OpenMP threads the CPU kernels use, process-wide: every thread that calls an op adopts the
 * value at its next CPU op (OpenMP's own omp_set_num_threads only changes the calling thread's setting).
 * n >= 1 sets it; n == 0 restores the default (OMP_NUM_THREADS, else the number of cores, read when the
 * library loaded); n < 0 is SK_ERR_ARG. */
SK_API sk_status   sk_set_num_threads(int32_t n);
SK_API int32_t     sk_get_num_threads(void);        /* the value CPU kernels use from their next call on */
/* How idle OpenMP threads wait, as libgomp read it when the library loaded: "OMP_WAIT_POLICY=<v>",
 * "OMP_WAIT_POLICY=passive (symkern's default)" (the Java binding preloads libsymkern_ompenv, which sets it
 * when neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT is set), "GOMP_SPINCOUNT=<n>", or "libgomp default (...)".
 * Never NULL. */
SK_API const char* sk_omp_wait_policy(void);

/* ---- buffers ----------------------------------------------------------------------------------- */
/* A new buffer of nbytes (>= 0) zero-filled bytes on `device`. CPU memory is 64-byte aligned and comes
 * from the CPU block cache (freed blocks are kept in size classes for reuse; see sk_memory_cached); CUDA
 * memory comes from the device's stream-ordered pool (cudaMallocAsync, pool retained). */
SK_API sk_status sk_buffer_create(sk_buffer** out, int32_t device, int64_t nbytes);
/* The same without the zero fill on the CPU: the contents are unspecified (CUDA memory is still zeroed).
 * Only for outputs that the op writing them overwrites in full (the `=` contract). */
SK_API sk_status sk_buffer_create_uninit(sk_buffer** out, int32_t device, int64_t nbytes);
SK_API void      sk_buffer_destroy(sk_buffer* buf);                 /* NULL-safe; never fails */
SK_API int64_t   sk_buffer_nbytes(const sk_buffer* buf);             /* -1 for NULL */
SK_API int32_t   sk_buffer_device(const sk_buffer* buf);             /* SK_DEVICE_CPU for NULL */
/* host -> buffer, buffer -> host, buffer -> buffer (any devices); offsets and counts in bytes. */
SK_API sk_status sk_buffer_write(sk_buffer* dst, int64_t dst_offset, const void* src, int64_t nbytes);
SK_API sk_status sk_buffer_read(void* dst, const sk_buffer* src, int64_t src_offset, int64_t nbytes);
SK_API sk_status sk_buffer_copy(sk_buffer* dst, int64_t dst_offset, const sk_buffer* src,
                                int64_t src_offset, int64_t nbytes);
/* dst[0..n) = value (float32). */
SK_API sk_status sk_buffer_fill_f32(sk_buffer* dst, int64_t n, float value);
SK_API sk_status sk_synchronize(int32_t device);
/* Bytes held by live buffers on `device` (for leak checks). */
SK_API int64_t   sk_memory_in_use(int32_t device);
/* The highest value sk_memory_in_use(device) has reached since the library loaded or since the last
 * sk_memory_reset_peak(device) (same accounting: requested bytes of live buffers; 0 for a bad device). */
SK_API int64_t   sk_memory_peak(int32_t device);
/* Sets the peak of `device` to the bytes in use now (no-op for a bad device; never fails). */
SK_API void      sk_memory_reset_peak(int32_t device);
/* Bytes of freed CPU blocks held by the block cache for reuse (not counted in sk_memory_in_use; 0 for a
 * CUDA device, whose pool belongs to the CUDA runtime). At most 1 GiB; kept until released. */
SK_API int64_t   sk_memory_cached(int32_t device);
/* Returns every cached CPU block to the system; the bytes released (0 for a CUDA device). Thread-safe;
 * buffers in use are not affected. */
SK_API int64_t   sk_memory_release_cached(int32_t device);
/* Process-wide CPU allocation counters since the library loaded, for tests and profiles:
 * out4[0] blocks taken from the system, out4[1] blocks reused from the cache, out4[2] bytes zero-filled by
 * sk_buffer_create, out4[3] blocks returned to the system. */
SK_API void      sk_memory_cpu_counters(int64_t* out4);

/* ---- K1 gemm ------------------------------------------------------------------------------------
 * For p in [0, batch): C_p = alpha * op(A_p) * op(B_p) + beta * C_p, where
 *   op(A_p) is (m, k): A_p stored (m, k) row-major, or (k, m) when trans_a != 0;
 *   op(B_p) is (k, n): B_p stored (k, n), or (n, k) when trans_b != 0;  C_p is (m, n).
 *   X_p starts at element p * stride_x of buffer X; a stride of 0 shares one matrix across the batch
 *   (stride_c must not be 0 when batch > 1). beta == 0 overwrites C (NaNs in C are not propagated). */
SK_API sk_status sk_gemm(sk_buffer* c, const sk_buffer* a, const sk_buffer* b,
                         int64_t batch, int64_t m, int64_t n, int64_t k,
                         int64_t stride_a, int64_t stride_b, int64_t stride_c,
                         int32_t trans_a, int32_t trans_b, float alpha, float beta);

/* ---- K2 elementwise ----------------------------------------------------------------------------- */
#define SK_UNARY_NEG         0   /* -x                                    */
#define SK_UNARY_RELU        1   /* max(x, 0)                             */
#define SK_UNARY_LEAKY_RELU  2   /* x > 0 ? x : alpha x                   */
#define SK_UNARY_ELU         3   /* x > 0 ? x : alpha (e^x - 1)           */
#define SK_UNARY_SILU        4   /* x sigmoid(x)                          */
#define SK_UNARY_TANH        5
#define SK_UNARY_SIGMOID     6
#define SK_UNARY_EXP         7
#define SK_UNARY_LOG         8
#define SK_UNARY_SQRT        9
#define SK_UNARY_POW        10   /* x^alpha                               */
#define SK_UNARY_SCALE      11   /* alpha x                               */
#define SK_UNARY_ADD_SCALAR 12   /* x + alpha                             */
#define SK_UNARY_ABS        13   /* |x| (derivative sign(x), 0 at 0)      */
#define SK_UNARY_COUNT      14
/* y = f(x); y, x are (n). y may alias x. */
SK_API sk_status sk_unary_forward(sk_buffer* y, const sk_buffer* x, int64_t n, int32_t op, float alpha);
/* dx = dy * f'(x); dx, dy, x, y are (n); y is the forward output (used by tanh, sigmoid, exp, sqrt;
 * may be NULL for the other ops). Overwrites dx. */
SK_API sk_status sk_unary_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* x, const sk_buffer* y,
                                   int64_t n, int32_t op, float alpha);

#define SK_BINARY_ADD 0
#define SK_BINARY_SUB 1
#define SK_BINARY_MUL 2
#define SK_BINARY_DIV 3
#define SK_BINARY_COUNT 4
#define SK_MAX_DIMS 8
/* out = a (op) b with broadcasting. All three shapes have `ndim` (<= SK_MAX_DIMS) entries (left-pad
 * with 1s); each a_shape[d] and b_shape[d] equals out_shape[d] or 1. out may alias a or b when that
 * operand has out's shape. */
SK_API sk_status sk_binary_forward(sk_buffer* out, const sk_buffer* a, const sk_buffer* b, int32_t ndim,
                                   const int64_t* out_shape, const int64_t* a_shape, const int64_t* b_shape,
                                   int32_t op);
/* out = sum of `in` over the broadcast axes: the adjoint of broadcasting out_shape to in_shape.
 * Both shapes have `ndim` entries; out_shape[d] is in_shape[d] or 1. Overwrites out. Deterministic. */
SK_API sk_status sk_sum_to_shape(sk_buffer* out, const sk_buffer* in, int32_t ndim,
                                 const int64_t* out_shape, const int64_t* in_shape);

/* ---- K3 reductions ----------------------------------------------------------------------------- */
#define SK_REDUCE_SUM  0
#define SK_REDUCE_MEAN 1
#define SK_REDUCE_MAX  2
/* x is viewed as (outer, len, inner); y is (outer, inner). For MAX, argmax (int32, (outer, inner))
 * receives the first index of the maximum and must not be NULL; for SUM/MEAN it may be NULL.
 * len == 0: SUM gives 0; MEAN and MAX are SK_ERR_SHAPE. */
SK_API sk_status sk_reduce_forward(sk_buffer* y, sk_buffer* argmax, const sk_buffer* x,
                                   int64_t outer, int64_t len, int64_t inner, int32_t op);
/* dx (outer, len, inner) from dy (outer, inner): SUM broadcasts, MEAN broadcasts / len, MAX routes dy
 * to the argmax position (zero elsewhere). Overwrites dx. */
SK_API sk_status sk_reduce_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* argmax,
                                    int64_t outer, int64_t len, int64_t inner, int32_t op);
/* y = softmax(x) (log_softmax when log != 0) over the last axis; x, y are (rows, cols), max-subtracted. */
SK_API sk_status sk_softmax_forward(sk_buffer* y, const sk_buffer* x, int64_t rows, int64_t cols, int32_t log);
/* softmax:     dx = y * (dy - sum_j dy_j y_j)
 * log_softmax: dx = dy - exp(y) * sum_j dy_j          (y is the forward output). Overwrites dx. */
SK_API sk_status sk_softmax_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* y,
                                     int64_t rows, int64_t cols, int32_t log);

/* ---- K4 cross entropy ---------------------------------------------------------------------------
 * logits (rows, cols); labels int32 (rows) in [0, cols); weights (cols) or NULL (all 1);
 * smoothing eps in [0, 1). With p = log_softmax(logits) (written to logp, (rows, cols)):
 *   loss = sum_i [ (1-eps) w_{y_i} (-p_{i,y_i}) + eps/cols * sum_c w_c (-p_{i,c}) ] / sum_i w_{y_i}
 * (PyTorch's mean reduction). loss is a (1) buffer. A label outside [0, cols) is SK_ERR_ARG naming the row. */
SK_API sk_status sk_cross_entropy_forward(sk_buffer* loss, sk_buffer* logp, const sk_buffer* logits,
                                          const sk_buffer* labels, const sk_buffer* weights,
                                          int64_t rows, int64_t cols, float smoothing);
/* dlogits (rows, cols) = dloss[0] * (sum_c a_ic * softmax_i - a_i) / sum_i w_{y_i}, where
 * a_ic = (1-eps) w_{y_i} [c == y_i] + eps w_c / cols. dloss is a (1) buffer. Overwrites dlogits. */
SK_API sk_status sk_cross_entropy_backward(sk_buffer* dlogits, const sk_buffer* dloss, const sk_buffer* logp,
                                           const sk_buffer* labels, const sk_buffer* weights,
                                           int64_t rows, int64_t cols, float smoothing);

/* ---- K6 dropout and counter-based random numbers -----------------------------------------------
 * Random numbers come from Philox4x32-10 keyed by `seed`: element i uses word (i % 4) of the block at
 * counter (offset + i / 4). CPU and CUDA produce bit-identical streams. */
/* mask (n) = (u_i >= p) / (1 - p) with u_i uniform in [0,1); y = x * mask. p in [0, 1). y may alias x. */
SK_API sk_status sk_dropout_forward(sk_buffer* y, sk_buffer* mask, const sk_buffer* x, int64_t n,
                                    float p, uint64_t seed, uint64_t offset);
/* dx = dy * mask. Overwrites dx. */
SK_API sk_status sk_dropout_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* mask, int64_t n);
/* out (n) uniform in [low, high). */
SK_API sk_status sk_random_uniform(sk_buffer* out, int64_t n, float low, float high, uint64_t seed, uint64_t offset);
/* out (n) normal(mean, std) by Box-Muller on consecutive uniform pairs. */
SK_API sk_status sk_random_normal(sk_buffer* out, int64_t n, float mean, float std, uint64_t seed, uint64_t offset);

/* ---- K16 Adam ------------------------------------------------------------------------------------
 * One update of param, m, v (all (n)) from grad (n) at 1-based `step`:
 *   g = grad + (decoupled ? 0 : weight_decay * param)
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2
 *   param -= lr * (m / (1-b1^step)) / (sqrt(v / (1-b2^step)) + eps) + (decoupled ? lr*weight_decay*param : 0)
 * Updates param, m, v in place. */
SK_API sk_status sk_adam_step(sk_buffer* param, sk_buffer* m, sk_buffer* v, const sk_buffer* grad, int64_t n,
                              float lr, float beta1, float beta2, float eps, float weight_decay,
                              int64_t step, int32_t decoupled);

/* ======================= issue 3: symmetry kernels ==============================================
 * Each group of ops below owns the space between its BEGIN/END markers (declarations + contracts). */

/* ---- BEGIN conv (K7) ---- */
/* ---- K7 conv2d / conv1d: cross-correlation (no kernel flip), no groups, zero padding ----------------
 * Layout (row-major, contiguous): x (batch, c_in, height, width), weight (c_out, c_in, kernel_h, kernel_w),
 * bias (c_out), y (batch, c_out, out_h, out_w), with
 *   out_h = (height + 2 pad_h - dil_h (kernel_h - 1) - 1) / stride_h + 1   (integer division; likewise out_w)
 *   y[b,o,i,j] = bias[o] + sum_{c,p,q} weight[o,c,p,q] * x[b, c, i stride_h - pad_h + p dil_h,
 *                                                              j stride_w - pad_w + q dil_w]
 * where x outside [0, height) x [0, width) reads as 0 (PyTorch's Conv2d with padding_mode "zeros").
 * Sizes: batch, c_in, c_out >= 0 (0 gives empty work: y = bias when c_in == 0); height, width >= 0;
 * kernel_h, kernel_w, stride_h, stride_w, dil_h, dil_w >= 1; pad_h, pad_w >= 0; every size and
 * hyper-parameter < 2^31. out_h and out_w must be >= 1: otherwise SK_ERR_SHAPE with a message that gives
 * the numbers. A negative size, a zero kernel/stride/dilation, or a buffer smaller than its shape is
 * SK_ERR_SHAPE naming the argument; a NULL y, x or weight is SK_ERR_ARG. Outputs must not alias inputs.
 * Results are deterministic (fixed summation order, no atomics) on CPU and CUDA. */
/* y = conv2d(x, weight) + bias; bias may be NULL (no bias). Overwrites y. */
SK_API sk_status sk_conv2d_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* weight, const sk_buffer* bias,
                                   int64_t batch, int64_t c_in, int64_t height, int64_t width, int64_t c_out,
                                   int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w,
                                   int64_t pad_h, int64_t pad_w, int64_t dil_h, int64_t dil_w);
/* Gradients from dy (batch, c_out, out_h, out_w), same sizes as the forward. With (ih, iw) =
 * (i stride_h - pad_h + p dil_h, j stride_w - pad_w + q dil_w) the input read by output (i, j) via tap (p, q):
 *   dx[b,c,ih,iw]  = sum_{o,p,q,i,j reading (ih,iw)} dy[b,o,i,j] weight[o,c,p,q]   OVERWRITES (=)
 *   dweight[o,c,p,q] += sum_{b,i,j} dy[b,o,i,j] x[b,c,ih,iw]  (in-range reads)     ACCUMULATES (+=)
 *   dbias[o]         += sum_{b,i,j} dy[b,o,i,j]                                    ACCUMULATES (+=)
 * dx (batch, c_in, height, width), dweight (c_out, c_in, kernel_h, kernel_w), dbias (c_out). Each of
 * dx, dweight, dbias may be NULL (that gradient is skipped). x is read only for dweight and weight only
 * for dx: each may be NULL when its gradient is not asked for (a NULL dy is SK_ERR_ARG). */
SK_API sk_status sk_conv2d_backward(sk_buffer* dx, sk_buffer* dweight, sk_buffer* dbias, const sk_buffer* dy,
                                    const sk_buffer* x, const sk_buffer* weight, int64_t batch, int64_t c_in,
                                    int64_t height, int64_t width, int64_t c_out, int64_t kernel_h,
                                    int64_t kernel_w, int64_t stride_h, int64_t stride_w, int64_t pad_h,
                                    int64_t pad_w, int64_t dil_h, int64_t dil_w);
/* conv1d: the same over x (batch, c_in, length), weight (c_out, c_in, kernel), y (batch, c_out, out_len),
 * out_len = (length + 2 pad - dil (kernel - 1) - 1) / stride + 1 >= 1; identical to conv2d with height 1,
 * kernel_h 1, stride_h 1, pad_h 0, dil_h 1. Same rules (=, +=, NULLs, errors) as conv2d. */
SK_API sk_status sk_conv1d_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* weight, const sk_buffer* bias,
                                   int64_t batch, int64_t c_in, int64_t length, int64_t c_out, int64_t kernel,
                                   int64_t stride, int64_t pad, int64_t dil);
SK_API sk_status sk_conv1d_backward(sk_buffer* dx, sk_buffer* dweight, sk_buffer* dbias, const sk_buffer* dy,
                                    const sk_buffer* x, const sk_buffer* weight, int64_t batch, int64_t c_in,
                                    int64_t length, int64_t c_out, int64_t kernel, int64_t stride, int64_t pad,
                                    int64_t dil);
/* ---- END conv (K7) ---- */



/* ---- BEGIN group conv (K8, K9) ---- */
/* The table. A filter bank W (co, ci, q) holds q = (source slices) x (parameters per slice) numbers per
 * (out, in) channel pair: p4 / p4m W (co, ci, |S|, k, k) flattened, a steerable basis' coefficients, ...
 * The expanded bank has one filter of p taps per (o, t, i, s) with t < to output group elements and s < si
 * input group elements:
 *   W_exp[o, t, i, s, x] = sum_{m < e} coef[t, s, x, m] * W[o, i, idx[t, s, x, m]]
 * idx is int32 (to, si, p, e) with every entry in [0, q); coef is float32 (to, si, p, e), or NULL for all
 * ones (pure gathers). p4: e = 1, idx[t,s,x,0] = T[t,s] * k*k + (U[t,x] * k + V[t,x]) with T, U, V of
 * docs/groups.md, section Filter tables; C_N steerable: idx runs over the basis coefficients of slice (s - t) mod N and
 * coef holds the basis images rotated by theta_t; Z2 time reversal: p = k taps, (U, V) -> reversed tap.
 * An entry outside [0, q) is SK_ERR_ARG naming it: "idx[t=1, s=0, x=4, m=0] = 99 is outside [0, 36)". */

/* K8 forward: w_exp (co, to, ci, si, p) = the expansion above of w (co, ci, q). Overwrites w_exp. */
SK_API sk_status sk_filter_expand_forward(sk_buffer* w_exp, const sk_buffer* w, const sk_buffer* idx,
                                          const sk_buffer* coef, int64_t co, int64_t ci, int64_t q, int64_t to,
                                          int64_t si, int64_t p, int64_t e);
/* K8 backward (the transpose): dw[o, i, j] += sum over the entries (t, s, x, m) with idx[t,s,x,m] == j of
 * coef[t,s,x,m] * dw_exp[o, t, i, s, x]. dw (co, ci, q) ACCUMULATES (+=); dw_exp (co, to, ci, si, p).
 * Deterministic: a gather over the inverse table, entries summed in ascending (t, s, x, m) order. */
SK_API sk_status sk_filter_expand_backward(sk_buffer* dw, const sk_buffer* dw_exp, const sk_buffer* idx,
                                           const sk_buffer* coef, int64_t co, int64_t ci, int64_t q, int64_t to,
                                           int64_t si, int64_t p, int64_t e);

/* K9 fused group convolution (cross-correlation, zero padding, square k x k kernel, p = k*k taps):
 *   y[b, o, t, py, px] = bias[o] + sum_{i, s, ky, kx} x[b, i, s, py*stride - padding + ky,
 *                                                    px*stride - padding + kx] * W_exp[o, t, i, s, ky*k + kx]
 * with W_exp given by (w, idx, coef) as above and never materialized as a whole.
 *   x (batch, ci, si, height, width); w (co, ci, q); idx, coef (to, si, k*k, e); bias (co) or NULL (shared
 *   over the group axis t); y (batch, co, to, ho, wo), ho = (height + 2 padding - k) / stride + 1, wo alike.
 * stride >= 1, padding >= 0, k >= 1 and height + 2 padding >= k, width + 2 padding >= k (SK_ERR_SHAPE
 * otherwise). Lifting layer: si = 1; group layer: si = to = |H|. Overwrites y. */
SK_API sk_status sk_group_conv2d_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* w,
                                         const sk_buffer* bias, const sk_buffer* idx, const sk_buffer* coef,
                                         int64_t batch, int64_t ci, int64_t si, int64_t height, int64_t width,
                                         int64_t co, int64_t to, int64_t q, int64_t k, int64_t e, int64_t stride,
                                         int64_t padding);
/* K9 backward, shapes as the forward; dy (batch, co, to, ho, wo). Each of dx, dw, dbias may be NULL (not
 * computed):  dx (= OVERWRITTEN) = the adjoint of the convolution in x;  dw (co, ci, q) += the gradient in w
 * (through the transposed table);  dbias (co) += sum over b, t, py, px of dy. x may be NULL when dw is,
 * w when dx is. Deterministic (fixed summation orders, no float atomics). */
SK_API sk_status sk_group_conv2d_backward(sk_buffer* dx, sk_buffer* dw, sk_buffer* dbias, const sk_buffer* dy,
                                          const sk_buffer* x, const sk_buffer* w, const sk_buffer* idx,
                                          const sk_buffer* coef, int64_t batch, int64_t ci, int64_t si,
                                          int64_t height, int64_t width, int64_t co, int64_t to, int64_t q,
                                          int64_t k, int64_t e, int64_t stride, int64_t padding);
/* ---- END group conv (K8, K9) ---- */



/* ---- BEGIN pooling and normalization (K5, K10) ---- */
/* ---- K10 2D pooling over planes -----------------------------------------------------------------
 * x is (planes, h, w): every plane (a (B, C) or (B, C, |G|) channel) is pooled independently with a
 * (kh, kw) window, stride (sh, sw) and padding (ph, pw) on each side. y is (planes, oh, ow) with
 *   oh = (h + 2 ph - kh) / sh + 1,  ow = (w + 2 pw - kw) / sw + 1   (floor division).
 * Window (i, j) covers rows i*sh - ph .. i*sh - ph + kh - 1 and columns j*sw - pw .. j*sw - pw + kw - 1;
 * windows overlap when the stride is smaller than the kernel.
 * Rules: planes, h, w >= 0 (SK_ERR_SHAPE when negative); kh, kw, sh, sw >= 1 and 0 <= ph <= kh / 2,
 * 0 <= pw <= kw / 2 (SK_ERR_ARG); h, w >= 1 and h + 2 ph >= kh, w + 2 pw >= kw (SK_ERR_SHAPE). Under these
 * rules every window holds at least one element of the plane. planes == 0 is a no-op.
 * Backward passes gather (each dx element sums the dy of the windows that contain it, in increasing
 * window order): deterministic, no atomics. Both backward passes OVERWRITE dx. */
/* Max pooling; padding counts as -inf. argmax (int32, (planes, oh, ow)) receives the flat index r*w + c
 * within the plane of the window's maximum: the first in row-major window order; NaN propagates (a NaN
 * beats every number, as in sk_reduce_forward). h * w must fit in int32 (SK_ERR_SHAPE). */
SK_API sk_status sk_max_pool2d_forward(sk_buffer* y, sk_buffer* argmax, const sk_buffer* x, int64_t planes,
                                       int64_t h, int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
                                       int64_t ph, int64_t pw);
/* dx (planes, h, w) = sum over windows o whose argmax[o] is that element of dy[o]. On CPU every argmax
 * entry is checked to lie inside its own window (SK_ERR_ARG naming the entry); on CUDA an entry outside
 * its window contributes nothing. */
SK_API sk_status sk_max_pool2d_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* argmax,
                                        int64_t planes, int64_t h, int64_t w, int64_t kh, int64_t kw, int64_t sh,
                                        int64_t sw, int64_t ph, int64_t pw);
/* Average pooling without the padding (count_include_pad = false): y = mean of the window's elements
 * that lie inside the plane (sums in double). */
SK_API sk_status sk_avg_pool2d_forward(sk_buffer* y, const sk_buffer* x, int64_t planes, int64_t h, int64_t w,
                                       int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
/* dx (planes, h, w) = sum over the windows o containing the element of dy[o] / count(o). */
SK_API sk_status sk_avg_pool2d_backward(sk_buffer* dx, const sk_buffer* dy, int64_t planes, int64_t h, int64_t w,
                                        int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);

/* ---- K5 batch norm with statistics shared over a group axis ("inner" batch norm) -----------------
 * x, y, dx, dy are (batch, channels, inner): inner = |G| * H * W for a group feature map (B, C, |G|, H, W),
 * H * W for BatchNorm2d, 1 for BatchNorm1d on (B, C). Per channel c, over the n = batch * inner values:
 *   training != 0: mean[c] = batch mean, var[c] = biased batch variance (sums in double, shifted by the
 *       channel's first element), invstd[c] = 1 / sqrt(var[c] + eps); save_mean / save_invstd receive
 *       them; when running_mean / running_var are given they are updated in place:
 *         running_mean = (1 - momentum) running_mean + momentum mean
 *         running_var  = (1 - momentum) running_var  + momentum var * n / (n - 1)   (unbiased, as PyTorch)
 *       n < 2 is SK_ERR_SHAPE ("more than one value per channel").
 *   training == 0: mean = running_mean, invstd = 1 / sqrt(running_var + eps) (both required); save_mean
 *       and save_invstd receive them, running stats are not changed.
 *   y = gamma[c] * (x - mean[c]) * invstd[c] + beta[c].
 * gamma, beta (channels) may be NULL (1 and 0). save_mean, save_invstd (channels) are required.
 * running_mean and running_var are both given or both NULL. momentum in [0, 1], eps >= 0 (SK_ERR_ARG).
 * channels == 0, or n == 0 in evaluation mode, is a no-op. */
SK_API sk_status sk_batch_norm_forward(sk_buffer* y, sk_buffer* save_mean, sk_buffer* save_invstd,
                                       sk_buffer* running_mean, sk_buffer* running_var, const sk_buffer* x,
                                       const sk_buffer* gamma, const sk_buffer* beta, int64_t batch,
                                       int64_t channels, int64_t inner, int32_t training, float momentum,
                                       float eps);
/* Backward of sk_batch_norm_forward with the same `training` flag, from its save_mean / save_invstd.
 * With xhat = (x - mean) invstd and sums over the channel's n values:
 *   dbeta[c]  += sum dy                         (ACCUMULATES; may be NULL)
 *   dgamma[c] += sum dy xhat                    (ACCUMULATES; may be NULL)
 *   training: dx = gamma invstd (dy - sum(dy) / n - xhat sum(dy xhat) / n)   (OVERWRITES)
 *   eval:     dx = gamma invstd dy                                            (OVERWRITES)
 * gamma may be NULL (1). Deterministic: fixed-order double sums, no atomics. */
SK_API sk_status sk_batch_norm_backward(sk_buffer* dx, sk_buffer* dgamma, sk_buffer* dbeta, const sk_buffer* dy,
                                        const sk_buffer* x, const sk_buffer* save_mean, const sk_buffer* save_invstd,
                                        const sk_buffer* gamma, int64_t batch, int64_t channels, int64_t inner,
                                        int32_t training);

/* ---- K5 layer norm over the last axis -----------------------------------------------------------
 * x, y (rows, cols); per row: mean = sum x / cols, var = sum (x - mean)^2 / cols (two passes in double),
 * rstd = 1 / sqrt(var + eps); y = gamma[j] (x - mean) rstd + beta[j]. mean, rstd (rows) are written for
 * the backward pass. gamma, beta (cols) may be NULL (1 and 0). cols == 0 with rows > 0 is SK_ERR_SHAPE;
 * eps >= 0 (SK_ERR_ARG). */
SK_API sk_status sk_layer_norm_forward(sk_buffer* y, sk_buffer* mean, sk_buffer* rstd, const sk_buffer* x,
                                       const sk_buffer* gamma, const sk_buffer* beta, int64_t rows, int64_t cols,
                                       float eps);
/* With xhat = (x - mean) rstd and g = gamma dy:
 *   dx = rstd (g - mean_j(g) - xhat mean_j(g xhat))   (OVERWRITES)
 *   dgamma[j] += sum_i dy xhat;  dbeta[j] += sum_i dy (ACCUMULATE; either may be NULL)
 * gamma may be NULL (1). Deterministic: fixed-order double sums, no atomics. */
SK_API sk_status sk_layer_norm_backward(sk_buffer* dx, sk_buffer* dgamma, sk_buffer* dbeta, const sk_buffer* dy,
                                        const sk_buffer* x, const sk_buffer* mean, const sk_buffer* rstd,
                                        const sk_buffer* gamma, int64_t rows, int64_t cols);
/* ---- END pooling and normalization (K5, K10) ---- */



/* ---- BEGIN segments, gather/scatter, embedding (K11, K12) ---- */
/* Row layout: a "row" is `dim` contiguous floats; x (rows, dim) is row-major. Indices are int32;
 * segment offsets are int64 (they are row counts, and sizes in this ABI are int64_t). */

/* K11 segment reduction. Segment s covers rows offsets[s] .. offsets[s+1]-1 of x (CSR row pointers):
 *   x (rows, dim) float32; offsets int64 (segments + 1) with offsets[0] = 0, offsets[s] <= offsets[s+1]
 *   and offsets[segments] = rows (any break of this rule is SK_ERR_ARG naming the segment);
 *   op = SK_REDUCE_SUM, SK_REDUCE_MEAN or SK_REDUCE_MAX (the K3 codes); y (segments, dim):
 *     SUM  y[s,:] = sum of the segment's rows;  MEAN  that sum / (offsets[s+1] - offsets[s]);
 *     MAX  y[s,d] = max over the segment's rows of x[r,d] (the first row wins ties; NaN propagates, K3 rule);
 *   an EMPTY segment gives y[s,:] = 0 for every op. argmax int32 (segments, dim) receives, for MAX, the
 *   absolute row r of each maximum (-1 for an empty segment) and must not be NULL then (may be NULL for
 *   SUM / MEAN); MAX needs rows <= INT32_MAX. Sums in double; the summation order depends only on
 *   offsets and dim (deterministic). Overwrites y (and argmax). */
SK_API sk_status sk_segment_reduce_forward(sk_buffer* y, sk_buffer* argmax, const sk_buffer* x,
                                           const sk_buffer* offsets, int64_t segments, int64_t rows,
                                           int64_t dim, int32_t op);
/* dx (rows, dim) from dy (segments, dim), r in segment s:
 *   SUM dx[r,:] = dy[s,:];  MEAN dx[r,:] = dy[s,:] / count(s);  MAX dx[r,d] = dy[s,d] if argmax[s,d] == r else 0
 *   (empty segments pass no gradient). Same offsets rule as the forward. On the CPU an argmax entry
 *   that is neither -1 (empty segment) nor a row of its segment is SK_ERR_ARG (the kernels only gather,
 *   so on CUDA such an entry just routes no gradient). Overwrites dx. */
SK_API sk_status sk_segment_reduce_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* argmax,
                                            const sk_buffer* offsets, int64_t segments, int64_t rows,
                                            int64_t dim, int32_t op);

/* K12 gather rows (index_select): y[r,:] = x[idx[r],:] for r in [0, n).
 *   x (src_rows, dim), idx int32 (n), y (n, dim). An idx[r] outside [0, src_rows) is SK_ERR_ARG naming r
 *   and the value (y is not written then). Overwrites y. Backward: scatter_add_rows of dy into a
 *   zeroed dx. */
SK_API sk_status sk_gather_rows(sk_buffer* y, const sk_buffer* x, const sk_buffer* idx, int64_t n,
                                int64_t src_rows, int64_t dim);

#define SK_SCATTER_DETERMINISTIC 0   /* sources grouped by destination (stable sort / CSR), fixed order */
#define SK_SCATTER_ATOMIC        1   /* CUDA float atomicAdd (order varies run to run); CPU serial loop  */
/* K12 scatter-add rows, the adjoint of gather_rows: y[idx[r],:] += x[r,:] for r in [0, n).
 *   x (n, dim), idx int32 (n), y (dst_rows, dim). ACCUMULATES into y (zero y first for "=").
 *   SK_SCATTER_DETERMINISTIC (the default): the r with idx[r] = t are taken in increasing r, summed in
 *   double, and the sum is added once to y[t,:]: bit-identical from run to run on each device.
 *   SK_SCATTER_ATOMIC: on CUDA one float atomicAdd per element (faster for few collisions; the rounding
 *   depends on the arrival order); on the CPU a serial loop y[idx[r],:] += x[r,:] in increasing r.
 *   An idx[r] outside [0, dst_rows) is SK_ERR_ARG naming r and the value (y is untouched then); an
 *   unknown mode is SK_ERR_ARG; n must be <= INT32_MAX. Backward: dx = gather_rows(dy, idx). */
SK_API sk_status sk_scatter_add_rows(sk_buffer* y, const sk_buffer* x, const sk_buffer* idx, int64_t n,
                                     int64_t dst_rows, int64_t dim, int32_t mode);

/* K12 embedding lookup with optional max-norm, as a differentiable function of the table:
 *   y[r,:] = c_k * table[k,:], k = idx[r], c_k = min(1, max_norm / ||table[k,:]||_2)
 *   table (num, dim), idx int32 (n), y (n, dim). max_norm <= 0, +inf or NaN turns the scaling off (c = 1);
 *   a zero row has c = 1. Unlike PyTorch's max_norm the table is NOT renormalized in place: the clipped
 *   row is the output, and its gradient includes the derivative of the scaling. idx out of
 *   [0, num) is SK_ERR_ARG naming r and the value. Overwrites y. */
SK_API sk_status sk_embedding_forward(sk_buffer* y, const sk_buffer* table, const sk_buffer* idx, int64_t n,
                                      int64_t num, int64_t dim, float max_norm);
/* dtable (num, dim) += J_k G_k for every row k, with G_k = sum over r with idx[r] = k of dy[r,:] (taken in
 * increasing r, in double: deterministic) and, for e = table[k,:], m = max_norm:
 *   ||e|| <= m (or scaling off):  J_k G = G
 *   ||e|| >  m:                   J_k G = (m / ||e||) (G - e (e . G) / ||e||^2)
 * (the Jacobian of e -> m e / ||e|| is symmetric, so J^T = J). dtable ACCUMULATES (a parameter
 * gradient); rows no index points at are untouched. Errors as the forward; n must be <= INT32_MAX. */
SK_API sk_status sk_embedding_backward(sk_buffer* dtable, const sk_buffer* dy, const sk_buffer* table,
                                       const sk_buffer* idx, int64_t n, int64_t num, int64_t dim, float max_norm);
/* ---- END segments, gather/scatter, embedding (K11, K12) ---- */



/* ---- BEGIN orbit layers and EGNN (K13, K14, K15) ---- */
/* Integer tables are int32 buffers on the op's device and are checked on every call (on CUDA by a small
 * kernel whose result is copied back, which synchronizes): an id outside its range is SK_ERR_ARG naming
 * the table, the position and the value ("cat[13] = 7 is outside [0, 6)"). All reductions run in a fixed
 * order (no float atomics): results are deterministic on each device. */

/* ---- K13 orbit_linear: the G-equivariant linear layer by 2-orbit weight tying (ASEN, EquiMLP).
 * x (batch, n, din); cat int32 (n, n) with cat[i*n + j] = c(i, j) in [0, num_cat); node_orbit int32 (n)
 * in [0, num_orbits); bias (num_orbits, dout) or NULL (then node_orbit may be NULL). y (batch, n, dout).
 * Full:      y[b,i,:] = sum_j x[b,j,:] W[c(i,j)] + bias[node_orbit(i)],   W (num_cat, din, dout).
 * Separable: y[b,i,:] = sum_j alpha[c(i,j)] (x[b,j,:] W) + bias[node_orbit(i)],   alpha (num_cat), W (din, dout).
 * Forward overwrites y. Backward OVERWRITES dx and ACCUMULATES (+=) into dw, dalpha, dbias; any gradient
 * buffer may be NULL to skip it (dbias needs node_orbit). num_cat >= 1, num_orbits >= 1 when bias is used. */
SK_API sk_status sk_orbit_linear_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* w, const sk_buffer* bias,
                                         const sk_buffer* cat, const sk_buffer* node_orbit, int64_t batch, int64_t n,
                                         int64_t din, int64_t dout, int64_t num_cat, int64_t num_orbits);
SK_API sk_status sk_orbit_linear_backward(sk_buffer* dx, sk_buffer* dw, sk_buffer* dbias, const sk_buffer* dy,
                                          const sk_buffer* x, const sk_buffer* w, const sk_buffer* cat,
                                          const sk_buffer* node_orbit, int64_t batch, int64_t n, int64_t din,
                                          int64_t dout, int64_t num_cat, int64_t num_orbits);
SK_API sk_status sk_orbit_linear_sep_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* alpha,
                                             const sk_buffer* w, const sk_buffer* bias, const sk_buffer* cat,
                                             const sk_buffer* node_orbit, int64_t batch, int64_t n, int64_t din,
                                             int64_t dout, int64_t num_cat, int64_t num_orbits);
SK_API sk_status sk_orbit_linear_sep_backward(sk_buffer* dx, sk_buffer* dalpha, sk_buffer* dw, sk_buffer* dbias,
                                              const sk_buffer* dy, const sk_buffer* x, const sk_buffer* alpha,
                                              const sk_buffer* w, const sk_buffer* cat, const sk_buffer* node_orbit,
                                              int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat,
                                              int64_t num_orbits);

/* ---- K14 edge_attention: GATv2 attention with orbit edge embeddings (PyG GATv2Conv, docs/kernels.md, section GATv2 attention),
 * H = heads, C = channels per head (1 <= C <= 256), HC = H*C. Inputs are already projected:
 * xl = W_l x + b_l and xr = W_r x + b_r (nodes, HC); ep = E W_e (num_cat, HC), one row per edge
 * category; att (H, C). For every edge j -> i with category k, per head h:
 *   z = xr[i,h,:] + xl[j,h,:] + ep[k,h,:];   s_ij = att[h,:] . LeakyReLU_slope(z)
 *   alpha_ij = exp(s_ij) / sum_{j' -> i} exp(s_ij')   (max-subtracted);   out[i,h,:] = sum_j alpha_ij xl[j,h,:]
 * A node without incoming edges gets out = 0 and lse = -inf. lse (nodes, H) receives log sum_j exp(s_ij),
 * which the backward uses to recompute alpha (nothing per edge is kept between the calls).
 * Self loops (self_loops):
 *   SK_ATTN_SELF_NONE     self edges i -> i are dropped;
 *   SK_ATTN_SELF_CATEGORY self edges are used as given, with their own category;
 *   SK_ATTN_SELF_MEAN     self edges present are dropped and every node gets one self loop whose edge
 *                         feature is the mean of ep[k] over its other incoming edges (0 if none): PyG's
 *                         add_self_loops(fill_value="mean"), as in the ASEN reference code.
 * Dense graphs: `batch` complete graphs of n nodes (nodes = batch*n, node b*n + i), xl/xr/out (batch, n, HC);
 *   cat int32 (n, n): the edge j -> i (source j, target i) has category cat[j*n + i] in [0, num_cat)
 *   (ASEN's c(j, i), row = source); self edges are the diagonal.
 * CSR graphs: incoming edges grouped by target: offsets int32 (nodes + 1) non-decreasing from 0 to edges;
 *   edge e in [offsets[i], offsets[i+1]) goes sources[e] -> i and has category edge_cat[e]; several graphs
 *   of a batch form one block-diagonal graph. A dense graph equals the CSR graph listing all n^2 pairs.
 * Backward (same sizes, out and lse from the forward): OVERWRITES dxl, dxr and ACCUMULATES (+=) into
 * dep (num_cat, HC) (a fixed-order segment sum over category ids) and datt (H, C); any of the four may be
 * NULL to skip it. Formulas: with D_i = dout[i,h] . out[i,h] and ds_ij = alpha_ij (dout[i,h] . xl[j,h] - D_i),
 * dz_ij = ds_ij att[h] * LeakyReLU'(z_ij); dxr[i] = sum_j dz_ij; dxl[j] = sum_i (dz_ij + alpha_ij dout[i]);
 * dep[k] = sum over edges of category k of dz_ij (MEAN: plus dz_ii / deg(i) for each non-self edge into i);
 * datt[h] = sum_ij ds_ij LeakyReLU(z_ij). */
#define SK_ATTN_SELF_NONE     0
#define SK_ATTN_SELF_CATEGORY 1
#define SK_ATTN_SELF_MEAN     2
SK_API sk_status sk_edge_attention_dense_forward(sk_buffer* out, sk_buffer* lse, const sk_buffer* xl,
                                                 const sk_buffer* xr, const sk_buffer* ep, const sk_buffer* att,
                                                 const sk_buffer* cat, int64_t batch, int64_t n, int64_t heads,
                                                 int64_t channels, int64_t num_cat, int32_t self_loops,
                                                 float negative_slope);
SK_API sk_status sk_edge_attention_dense_backward(sk_buffer* dxl, sk_buffer* dxr, sk_buffer* dep, sk_buffer* datt,
                                                  const sk_buffer* dout, const sk_buffer* out, const sk_buffer* lse,
                                                  const sk_buffer* xl, const sk_buffer* xr, const sk_buffer* ep,
                                                  const sk_buffer* att, const sk_buffer* cat, int64_t batch,
                                                  int64_t n, int64_t heads, int64_t channels, int64_t num_cat,
                                                  int32_t self_loops, float negative_slope);
SK_API sk_status sk_edge_attention_csr_forward(sk_buffer* out, sk_buffer* lse, const sk_buffer* xl,
                                               const sk_buffer* xr, const sk_buffer* ep, const sk_buffer* att,
                                               const sk_buffer* offsets, const sk_buffer* sources,
                                               const sk_buffer* edge_cat, int64_t nodes, int64_t edges,
                                               int64_t heads, int64_t channels, int64_t num_cat,
                                               int32_t self_loops, float negative_slope);
SK_API sk_status sk_edge_attention_csr_backward(sk_buffer* dxl, sk_buffer* dxr, sk_buffer* dep, sk_buffer* datt,
                                                const sk_buffer* dout, const sk_buffer* out, const sk_buffer* lse,
                                                const sk_buffer* xl, const sk_buffer* xr, const sk_buffer* ep,
                                                const sk_buffer* att, const sk_buffer* offsets,
                                                const sk_buffer* sources, const sk_buffer* edge_cat, int64_t nodes,
                                                int64_t edges, int64_t heads, int64_t channels, int64_t num_cat,
                                                int32_t self_loops, float negative_slope);

/* ---- K15 egnn_edge: the pairwise terms of an E(n)-equivariant GNN layer (Satorras et al., docs/kernels.md, section EGNN)
 * on `batch` fully connected sets of n points, x (batch, n, dim).
 * egnn_edge:  d2[b,i,j] = ||x_i - x_j||^2 (batch, n, n); diff[b,i,j,:] = x_i - x_j (batch, n, n, dim), or
 *   diff NULL to skip it. Backward: dx_i = sum_j 2 (dd2_ij + dd2_ji)(x_i - x_j) + sum_j (ddiff_ij - ddiff_ji);
 *   dd2 / ddiff may be NULL (zero). OVERWRITES dx.
 * egnn_coord: xout_i = x_i + scale * sum_{j != i} (x_i - x_j) phi[b,i,j], phi (batch, n, n) (the diagonal
 *   is ignored); the EGNN code uses scale = 1/(n-1) (mean over neighbours). Backward OVERWRITES dx and dphi
 *   (either may be NULL): dx_i = dxout_i (1 + scale sum_{j!=i} phi_ij) - scale sum_{j!=i} phi_ji dxout_j,
 *   dphi_ij = scale dxout_i . (x_i - x_j) for j != i, dphi_ii = 0. */
SK_API sk_status sk_egnn_edge_forward(sk_buffer* d2, sk_buffer* diff, const sk_buffer* x, int64_t batch, int64_t n,
                                      int64_t dim);
SK_API sk_status sk_egnn_edge_backward(sk_buffer* dx, const sk_buffer* dd2, const sk_buffer* ddiff,
                                       const sk_buffer* x, int64_t batch, int64_t n, int64_t dim);
SK_API sk_status sk_egnn_coord_forward(sk_buffer* xout, const sk_buffer* x, const sk_buffer* phi, int64_t batch,
                                       int64_t n, int64_t dim, float scale);
SK_API sk_status sk_egnn_coord_backward(sk_buffer* dx, sk_buffer* dphi, const sk_buffer* dxout, const sk_buffer* x,
                                        const sk_buffer* phi, int64_t batch, int64_t n, int64_t dim, float scale);
/* ---- END orbit layers and EGNN (K13, K14, K15) ---- */



/* ---- BEGIN orbits (CPU only) ---- */
/* ---- orbits (CPU only) -------------------------------------------------------------------------
 * Orbits of the permutation group G = <g_0 .. g_{m-1}> on the n points 0..n-1 and on ordered pairs
 * (ASEN "Algorithm 1", docs/groups.md, section Permutation groups and 2-orbits). Plain host pointers (not sk_buffer): these run once per
 * model on the host. `generators` is (m, n) row-major in array form: generators[a*n + i] is the image
 * of point i under g_a; each row must be a permutation of 0..n-1 (SK_ERR_ARG naming the generator
 * index, the point and the problem otherwise). It may be NULL only when m == 0 (the trivial group).
 * Orbits are found by union-find; they are numbered 0..K-1 by the rank of each orbit's smallest
 * element, which reproduces sympy's PermutationGroup.orbits() order. O(m n^2) time, O(n^2) memory. */
/* categories (n*n): categories[i*n + j] = id of the orbit of (i, j) under g.(i, j) = (g(i), g(j)), where
 * pair (i, j) has flat index i*n + j; *num_categories = K. n >= 1 and n*n <= INT32_MAX (n <= 46340). */
SK_API sk_status sk_pair_orbits(int32_t* categories, int64_t* num_categories, const int32_t* generators,
                                int64_t n, int64_t m);
/* orbit (n): orbit[i] = id of the orbit of point i; *num_orbits = number of orbits. n in [1, INT32_MAX]. */
SK_API sk_status sk_node_orbits(int32_t* orbit, int64_t* num_orbits, const int32_t* generators,
                                int64_t n, int64_t m);
/* ---- END orbits (CPU only) ---- */


#ifdef __cplusplus
}
#endif
#endif /* SYMKERN_H */
