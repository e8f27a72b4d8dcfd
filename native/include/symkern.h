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
 * Op registry (catalog numbers from ARCHITECTURE.md section 4)   CPU  CUDA  kernels-test
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
 *   (issue 3, symmetry kernels; rows are filled in as the ops land)
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

/* ---- buffers ----------------------------------------------------------------------------------- */
/* A new buffer of nbytes (>= 0) zero-filled bytes on `device`. CPU memory is 64-byte aligned; CUDA
 * memory comes from the device's stream-ordered pool (cudaMallocAsync, pool retained). */
SK_API sk_status sk_buffer_create(sk_buffer** out, int32_t device, int64_t nbytes);
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
/* ---- END conv (K7) ---- */



/* ---- BEGIN group conv (K8, K9) ---- */
/* ---- END group conv (K8, K9) ---- */



/* ---- BEGIN pooling and normalization (K5, K10) ---- */
/* ---- END pooling and normalization (K5, K10) ---- */



/* ---- BEGIN segments, gather/scatter, embedding (K11, K12) ---- */
/* ---- END segments, gather/scatter, embedding (K11, K12) ---- */



/* ---- BEGIN orbit layers and EGNN (K13, K14, K15) ---- */
/* Registry rows (to fold into the table at the top):
 *   K13 orbit_linear_{forward,backward} (full: W per 2-orbit)      x    x    orbit_linear_test
 *   K13 orbit_linear_sep_{forward,backward} (scalar per 2-orbit)   x    x    orbit_linear_test
 *   K14 edge_attention_{dense,csr}_{forward,backward} (orbit GATv2) x   x    edge_attention_test
 *   K15 egnn_edge_{forward,backward}, egnn_coord_{forward,backward} x   x    egnn_edge_test
 *
 * Integer tables are int32 buffers on the op's device and are checked on every call (on CUDA by a small
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

/* ---- K14 edge_attention: GATv2 attention with orbit edge embeddings (PyG GATv2Conv, REFERENCE-NOTES 6),
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

/* ---- K15 egnn_edge: the pairwise terms of an E(n)-equivariant GNN layer (Satorras et al., REFERENCE-NOTES 5)
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
 * (ASEN "Algorithm 1", REFERENCE-NOTES 1.2). Plain host pointers (not sk_buffer): these run once per
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
