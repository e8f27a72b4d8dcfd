/* native/src/kernels.h — the internal kernel table: every op's CPU implementation (native/src/cpu/<op>.cpp)
 * and CUDA launcher (cuda/<op>.cu) take the same raw pointers, already checked by the ABI entry point in
 * native/src/api/<op>.cpp. CUDA launchers run on the current device's legacy default stream and return
 * SK_ERR_CUDA (with the CUDA error text) when a launch fails. Contracts (shapes, +=/=) are those of
 * symkern.h. */
#ifndef SK_KERNELS_H
#define SK_KERNELS_H

#include "symkern.h"

/* K1 */
sk_status gemm_cpu(float* c, const float* a, const float* b, int64_t batch, int64_t m, int64_t n, int64_t k,
                   int64_t stride_a, int64_t stride_b, int64_t stride_c, int trans_a, int trans_b,
                   float alpha, float beta);
sk_status gemm_cuda(float* c, const float* a, const float* b, int64_t batch, int64_t m, int64_t n, int64_t k,
                    int64_t stride_a, int64_t stride_b, int64_t stride_c, int trans_a, int trans_b,
                    float alpha, float beta);

/* K2 */
sk_status unary_forward_cpu(float* y, const float* x, int64_t n, int op, float alpha);
sk_status unary_backward_cpu(float* dx, const float* dy, const float* x, const float* y, int64_t n, int op,
                             float alpha);
sk_status unary_forward_cuda(float* y, const float* x, int64_t n, int op, float alpha);
sk_status unary_backward_cuda(float* dx, const float* dy, const float* x, const float* y, int64_t n, int op,
                              float alpha);

/* Shapes below are already validated: ndim in [1, SK_MAX_DIMS], broadcast-compatible. */
sk_status binary_forward_cpu(float* out, const float* a, const float* b, int ndim, const int64_t* out_shape,
                             const int64_t* a_shape, const int64_t* b_shape, int op);
sk_status binary_forward_cuda(float* out, const float* a, const float* b, int ndim, const int64_t* out_shape,
                              const int64_t* a_shape, const int64_t* b_shape, int op);
sk_status sum_to_shape_cpu(float* out, const float* in, int ndim, const int64_t* out_shape,
                           const int64_t* in_shape);
sk_status sum_to_shape_cuda(float* out, const float* in, int ndim, const int64_t* out_shape,
                            const int64_t* in_shape);

/* K3 */
sk_status reduce_forward_cpu(float* y, int32_t* argmax, const float* x, int64_t outer, int64_t len,
                             int64_t inner, int op);
sk_status reduce_backward_cpu(float* dx, const float* dy, const int32_t* argmax, int64_t outer, int64_t len,
                              int64_t inner, int op);
sk_status reduce_forward_cuda(float* y, int32_t* argmax, const float* x, int64_t outer, int64_t len,
                              int64_t inner, int op);
sk_status reduce_backward_cuda(float* dx, const float* dy, const int32_t* argmax, int64_t outer, int64_t len,
                               int64_t inner, int op);
sk_status softmax_forward_cpu(float* y, const float* x, int64_t rows, int64_t cols, int log);
sk_status softmax_backward_cpu(float* dx, const float* dy, const float* y, int64_t rows, int64_t cols, int log);
sk_status softmax_forward_cuda(float* y, const float* x, int64_t rows, int64_t cols, int log);
sk_status softmax_backward_cuda(float* dx, const float* dy, const float* y, int64_t rows, int64_t cols, int log);

/* K4 (labels already range-checked on CPU; the CUDA launcher checks on device and reports SK_ERR_ARG) */
sk_status cross_entropy_forward_cpu(float* loss, float* logp, const float* logits, const int32_t* labels,
                                    const float* weights, int64_t rows, int64_t cols, float smoothing);
sk_status cross_entropy_backward_cpu(float* dlogits, const float* dloss, const float* logp, const int32_t* labels,
                                     const float* weights, int64_t rows, int64_t cols, float smoothing);
sk_status cross_entropy_forward_cuda(float* loss, float* logp, const float* logits, const int32_t* labels,
                                     const float* weights, int64_t rows, int64_t cols, float smoothing);
sk_status cross_entropy_backward_cuda(float* dlogits, const float* dloss, const float* logp,
                                      const int32_t* labels, const float* weights, int64_t rows, int64_t cols,
                                      float smoothing);

/* K6 */
sk_status dropout_forward_cpu(float* y, float* mask, const float* x, int64_t n, float p, uint64_t seed,
                              uint64_t offset);
sk_status dropout_backward_cpu(float* dx, const float* dy, const float* mask, int64_t n);
sk_status random_uniform_cpu(float* out, int64_t n, float low, float high, uint64_t seed, uint64_t offset);
sk_status random_normal_cpu(float* out, int64_t n, float mean, float std, uint64_t seed, uint64_t offset);
sk_status dropout_forward_cuda(float* y, float* mask, const float* x, int64_t n, float p, uint64_t seed,
                               uint64_t offset);
sk_status dropout_backward_cuda(float* dx, const float* dy, const float* mask, int64_t n);
sk_status random_uniform_cuda(float* out, int64_t n, float low, float high, uint64_t seed, uint64_t offset);
sk_status random_normal_cuda(float* out, int64_t n, float mean, float std, uint64_t seed, uint64_t offset);

/* K16 */
sk_status adam_step_cpu(float* param, float* m, float* v, const float* grad, int64_t n, float lr, float beta1,
                        float beta2, float eps, float weight_decay, int64_t step, int decoupled);
sk_status adam_step_cuda(float* param, float* m, float* v, const float* grad, int64_t n, float lr, float beta1,
                         float beta2, float eps, float weight_decay, int64_t step, int decoupled);

/* ======================= issue 3 (each group owns the space between its markers) */

/* ---- BEGIN conv (K7) ---- */
/* K7: conv1d runs through the conv2d kernels with height 1 (see sk_conv_geom in conv_math.h for the
 * validated geometry: sizes, hyper-parameters and output size). */
struct sk_conv_geom;
sk_status conv2d_forward_cpu(float* y, const float* x, const float* weight, const float* bias,
                             const sk_conv_geom& g);
sk_status conv2d_backward_cpu(float* dx, float* dweight, float* dbias, const float* dy, const float* x,
                              const float* weight, const sk_conv_geom& g);
sk_status conv2d_forward_cuda(float* y, const float* x, const float* weight, const float* bias,
                              const sk_conv_geom& g);
sk_status conv2d_backward_cuda(float* dx, float* dweight, float* dbias, const float* dy, const float* x,
                               const float* weight, const sk_conv_geom& g);
/* ---- END conv (K7) ---- */



/* ---- BEGIN group conv (K8, K9) ---- */
/* K8. idx entries already checked to lie in [0, q) on the CPU path (the CUDA launchers download idx and
 * check it themselves, with the same message); coef may be NULL (all ones). */
sk_status filter_expand_forward_cpu(float* w_exp, const float* w, const int32_t* idx, const float* coef, int64_t co,
                                    int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p, int64_t e);
sk_status filter_expand_backward_cpu(float* dw, const float* dw_exp, const int32_t* idx, const float* coef,
                                     int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p, int64_t e);
sk_status filter_expand_forward_cuda(float* w_exp, const float* w, const int32_t* idx, const float* coef,
                                     int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p, int64_t e);
sk_status filter_expand_backward_cuda(float* dw, const float* dw_exp, const int32_t* idx, const float* coef,
                                      int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p, int64_t e);

/* K9. Sizes validated (ho, wo >= 1; the products below do not overflow); bias, dx, dw, dbias may be NULL as in
 * symkern.h. The derived sizes fold the group axis: W_exp is (M, K), the im2col matrix of one image (K, N). */
struct sk_gconv_dims {
    int64_t batch, ci, si, h, w;   /* input (batch, ci, si, h, w) */
    int64_t co, to, q, k, e;       /* filter (co, ci, q), table (to, si, k*k, e) */
    int64_t stride, pad, ho, wo;   /* output (batch, co, to, ho, wo) */
    int64_t C, P, K, M, N, HW;     /* ci*si, k*k, C*P, co*to, ho*wo, h*w */
};
sk_status group_conv2d_forward_cpu(float* y, const float* x, const float* w, const float* bias, const int32_t* idx,
                                   const float* coef, const sk_gconv_dims& d);
sk_status group_conv2d_backward_cpu(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                    const float* w, const int32_t* idx, const float* coef, const sk_gconv_dims& d);
sk_status group_conv2d_forward_cuda(float* y, const float* x, const float* w, const float* bias,
                                    const int32_t* idx, const float* coef, const sk_gconv_dims& d);
sk_status group_conv2d_backward_cuda(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                     const float* w, const int32_t* idx, const float* coef, const sk_gconv_dims& d);
/* ---- END group conv (K8, K9) ---- */



/* ---- BEGIN pooling and normalization (K5, K10) ---- */
/* K10 (sizes validated: see symkern.h; h * w fits int32 for max pooling) */
sk_status max_pool2d_forward_cpu(float* y, int32_t* argmax, const float* x, int64_t planes, int64_t h, int64_t w,
                                 int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
sk_status max_pool2d_backward_cpu(float* dx, const float* dy, const int32_t* argmax, int64_t planes, int64_t h,
                                  int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
sk_status avg_pool2d_forward_cpu(float* y, const float* x, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                 int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
sk_status avg_pool2d_backward_cpu(float* dx, const float* dy, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                  int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
sk_status max_pool2d_forward_cuda(float* y, int32_t* argmax, const float* x, int64_t planes, int64_t h, int64_t w,
                                  int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
sk_status max_pool2d_backward_cuda(float* dx, const float* dy, const int32_t* argmax, int64_t planes, int64_t h,
                                   int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
sk_status avg_pool2d_forward_cuda(float* y, const float* x, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                  int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);
sk_status avg_pool2d_backward_cuda(float* dx, const float* dy, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                   int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw);

/* K5 batch norm (training: n = batch * inner >= 2; eval: running stats non-NULL; channels >= 1, n >= 1) */
sk_status batch_norm_forward_cpu(float* y, float* save_mean, float* save_invstd, float* running_mean,
                                 float* running_var, const float* x, const float* gamma, const float* beta,
                                 int64_t batch, int64_t channels, int64_t inner, int training, float momentum,
                                 float eps);
sk_status batch_norm_backward_cpu(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                  const float* save_mean, const float* save_invstd, const float* gamma,
                                  int64_t batch, int64_t channels, int64_t inner, int training);
sk_status batch_norm_forward_cuda(float* y, float* save_mean, float* save_invstd, float* running_mean,
                                  float* running_var, const float* x, const float* gamma, const float* beta,
                                  int64_t batch, int64_t channels, int64_t inner, int training, float momentum,
                                  float eps);
sk_status batch_norm_backward_cuda(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                   const float* save_mean, const float* save_invstd, const float* gamma,
                                   int64_t batch, int64_t channels, int64_t inner, int training);

/* K5 layer norm (rows >= 1, cols >= 1) */
sk_status layer_norm_forward_cpu(float* y, float* mean, float* rstd, const float* x, const float* gamma,
                                 const float* beta, int64_t rows, int64_t cols, float eps);
sk_status layer_norm_backward_cpu(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                  const float* mean, const float* rstd, const float* gamma, int64_t rows,
                                  int64_t cols);
sk_status layer_norm_forward_cuda(float* y, float* mean, float* rstd, const float* x, const float* gamma,
                                  const float* beta, int64_t rows, int64_t cols, float eps);
sk_status layer_norm_backward_cuda(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                   const float* mean, const float* rstd, const float* gamma, int64_t rows,
                                   int64_t cols);
/* ---- END pooling and normalization (K5, K10) ---- */



/* ---- BEGIN segments, gather/scatter, embedding (K11, K12) ---- */
/* Shapes, offsets and indices below are already validated by the ABI entry points on the CPU; the CUDA
 * launchers validate offsets / indices on the device themselves (a small check kernel, then one
 * synchronizing copy of the result) and return the same SK_ERR_ARG messages. `fn` names the ABI op. */
sk_status segment_reduce_forward_cpu(float* y, int32_t* argmax, const float* x, const int64_t* offsets,
                                     int64_t segments, int64_t rows, int64_t dim, int op);
sk_status segment_reduce_backward_cpu(float* dx, const float* dy, const int32_t* argmax, const int64_t* offsets,
                                      int64_t segments, int64_t rows, int64_t dim, int op);
sk_status segment_reduce_forward_cuda(float* y, int32_t* argmax, const float* x, const int64_t* offsets,
                                      int64_t segments, int64_t rows, int64_t dim, int op);
sk_status segment_reduce_backward_cuda(float* dx, const float* dy, const int32_t* argmax, const int64_t* offsets,
                                       int64_t segments, int64_t rows, int64_t dim, int op);

sk_status gather_rows_cpu(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dim);
sk_status gather_rows_cuda(float* y, const float* x, const int32_t* idx, int64_t n, int64_t src_rows, int64_t dim);
sk_status scatter_add_rows_cpu(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dst_rows,
                               int64_t dim, int mode);
sk_status scatter_add_rows_cuda(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dst_rows,
                                int64_t dim, int mode);
sk_status embedding_forward_cpu(float* y, const float* table, const int32_t* idx, int64_t n, int64_t dim,
                                float max_norm);
sk_status embedding_backward_cpu(float* dtable, const float* dy, const float* table, const int32_t* idx, int64_t n,
                                 int64_t num, int64_t dim, float max_norm);
sk_status embedding_forward_cuda(float* y, const float* table, const int32_t* idx, int64_t n, int64_t num,
                                 int64_t dim, float max_norm);
sk_status embedding_backward_cuda(float* dtable, const float* dy, const float* table, const int32_t* idx,
                                  int64_t n, int64_t num, int64_t dim, float max_norm);

/* Shared by gather/scatter and embedding (defined in cpu/gather_scatter.cpp, cuda/gather_scatter.cu):
 * index_check_*: SK_ERR_ARG "<fn>: idx[r] = v is outside [0, limit)" for the smallest bad r.
 * index_sort_cuda: perm (n) lists r sorted stably by idx[r] (increasing r within one destination) and
 *   keys (n) = idx[perm[j]] (sorted), by a device radix sort of a valid idx; destination t's sources are
 *   the run of keys equal to t. Both arrays (int32, n <= INT32_MAX) live in one stream-ordered block
 *   *scratch that the caller frees with cudaFreeAsync(*scratch, 0), also on error. */
sk_status index_check_cpu(const char* fn, const int32_t* idx, int64_t n, int64_t limit);
sk_status index_check_cuda(const char* fn, const int32_t* idx, int64_t n, int64_t limit);
sk_status index_sort_cuda(void** scratch, int32_t** perm, int32_t** keys, const int32_t* idx, int64_t n,
                          int64_t num);
/* ---- END segments, gather/scatter, embedding (K11, K12) ---- */



/* ---- BEGIN orbit layers and EGNN (K13, K14, K15) ---- */
/* K13. Integer tables are checked by these functions (not by the ABI layer): the CUDA ones read them on
 * the device. */
sk_status orbit_linear_forward_cpu(float* y, const float* x, const float* w, const float* bias, const int32_t* cat,
                                   const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din, int64_t dout,
                                   int64_t num_cat, int64_t num_orbits);
sk_status orbit_linear_forward_cuda(float* y, const float* x, const float* w, const float* bias, const int32_t* cat,
                                    const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din, int64_t dout,
                                    int64_t num_cat, int64_t num_orbits);
sk_status orbit_linear_backward_cpu(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                    const float* w, const int32_t* cat, const int32_t* node_orbit, int64_t batch,
                                    int64_t n, int64_t din, int64_t dout, int64_t num_cat, int64_t num_orbits);
sk_status orbit_linear_backward_cuda(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                     const float* w, const int32_t* cat, const int32_t* node_orbit, int64_t batch,
                                     int64_t n, int64_t din, int64_t dout, int64_t num_cat, int64_t num_orbits);
sk_status orbit_linear_sep_forward_cpu(float* y, const float* x, const float* alpha, const float* w,
                                       const float* bias, const int32_t* cat, const int32_t* node_orbit,
                                       int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat,
                                       int64_t num_orbits);
sk_status orbit_linear_sep_forward_cuda(float* y, const float* x, const float* alpha, const float* w,
                                        const float* bias, const int32_t* cat, const int32_t* node_orbit,
                                        int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat,
                                        int64_t num_orbits);
sk_status orbit_linear_sep_backward_cpu(float* dx, float* dalpha, float* dw, float* dbias, const float* dy,
                                        const float* x, const float* alpha, const float* w, const int32_t* cat,
                                        const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din,
                                        int64_t dout, int64_t num_cat, int64_t num_orbits);
sk_status orbit_linear_sep_backward_cuda(float* dx, float* dalpha, float* dw, float* dbias, const float* dy,
                                         const float* x, const float* alpha, const float* w, const int32_t* cat,
                                         const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din,
                                         int64_t dout, int64_t num_cat, int64_t num_orbits);

/* K14. One entry per direction for both graph kinds: cat != NULL selects the dense graph (batch, n; nodes =
 * batch*n), otherwise the CSR graph (offsets, sources, edge_cat; nodes, edges). */
sk_status edge_attention_forward_cpu(float* out, float* lse, const float* xl, const float* xr, const float* ep,
                                     const float* att, const int32_t* cat, const int32_t* offsets,
                                     const int32_t* sources, const int32_t* edge_cat, int64_t batch, int64_t n,
                                     int64_t nodes, int64_t edges, int64_t heads, int64_t channels, int64_t num_cat,
                                     int self_loops, float slope);
sk_status edge_attention_forward_cuda(float* out, float* lse, const float* xl, const float* xr, const float* ep,
                                      const float* att, const int32_t* cat, const int32_t* offsets,
                                      const int32_t* sources, const int32_t* edge_cat, int64_t batch, int64_t n,
                                      int64_t nodes, int64_t edges, int64_t heads, int64_t channels,
                                      int64_t num_cat, int self_loops, float slope);
sk_status edge_attention_backward_cpu(float* dxl, float* dxr, float* dep, float* datt, const float* dout,
                                      const float* out, const float* lse, const float* xl, const float* xr,
                                      const float* ep, const float* att, const int32_t* cat, const int32_t* offsets,
                                      const int32_t* sources, const int32_t* edge_cat, int64_t batch, int64_t n,
                                      int64_t nodes, int64_t edges, int64_t heads, int64_t channels,
                                      int64_t num_cat, int self_loops, float slope);
sk_status edge_attention_backward_cuda(float* dxl, float* dxr, float* dep, float* datt, const float* dout,
                                       const float* out, const float* lse, const float* xl, const float* xr,
                                       const float* ep, const float* att, const int32_t* cat,
                                       const int32_t* offsets, const int32_t* sources, const int32_t* edge_cat,
                                       int64_t batch, int64_t n, int64_t nodes, int64_t edges, int64_t heads,
                                       int64_t channels, int64_t num_cat, int self_loops, float slope);

/* K15 */
sk_status egnn_edge_forward_cpu(float* d2, float* diff, const float* x, int64_t batch, int64_t n, int64_t dim);
sk_status egnn_edge_forward_cuda(float* d2, float* diff, const float* x, int64_t batch, int64_t n, int64_t dim);
sk_status egnn_edge_backward_cpu(float* dx, const float* dd2, const float* ddiff, const float* x, int64_t batch,
                                 int64_t n, int64_t dim);
sk_status egnn_edge_backward_cuda(float* dx, const float* dd2, const float* ddiff, const float* x, int64_t batch,
                                  int64_t n, int64_t dim);
sk_status egnn_coord_forward_cpu(float* xout, const float* x, const float* phi, int64_t batch, int64_t n,
                                 int64_t dim, float scale);
sk_status egnn_coord_forward_cuda(float* xout, const float* x, const float* phi, int64_t batch, int64_t n,
                                  int64_t dim, float scale);
sk_status egnn_coord_backward_cpu(float* dx, float* dphi, const float* dxout, const float* x, const float* phi,
                                  int64_t batch, int64_t n, int64_t dim, float scale);
sk_status egnn_coord_backward_cuda(float* dx, float* dphi, const float* dxout, const float* x, const float* phi,
                                   int64_t batch, int64_t n, int64_t dim, float scale);
/* ---- END orbit layers and EGNN (K13, K14, K15) ---- */


/* ---- BEGIN orbits (CPU only) ---- */
/* orbits (CPU only; generators already validated as permutations, n*n fits in int32 for pair_orbits).
 * Union-find with path compression and union by size; ids by rank of each orbit's smallest element. */
sk_status pair_orbits_cpu(int32_t* categories, int64_t* num_categories, const int32_t* generators, int64_t n,
                          int64_t m);
sk_status node_orbits_cpu(int32_t* orbit, int64_t* num_orbits, const int32_t* generators, int64_t n, int64_t m);
/* ---- END orbits (CPU only) ---- */


#endif /* SK_KERNELS_H */
