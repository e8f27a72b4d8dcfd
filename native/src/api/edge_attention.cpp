/* native/src/api/edge_attention.cpp — ABI entry points of K14 edge_attention (orbit GATv2) on dense and CSR
 * graphs: size, mode and buffer checks, then dispatch. The integer tables (cat; offsets, sources,
 * edge_cat) are checked by the kernels of either device. */
#include "common.h"
#include "kernels.h"

namespace {
/* Everything the four entry points share. dense: cat is used (batch, n), else the CSR (nodes, edges). */
struct Call {
    const char* fn;
    bool dense;
    int64_t batch, n, nodes, edges, heads, channels, num_cat;
    int32_t self_loops;
    int64_t feat, hc;   /* nodes * H * C, H * C */
};

sk_status check_call(Call* c) {
    const char* fn = c->fn;
    if (c->dense) {
        SK_CHECK(c->batch >= 0, SK_ERR_SHAPE, "%s: batch = %lld is negative", fn, (long long)c->batch);
        SK_CHECK(c->n >= 0, SK_ERR_SHAPE, "%s: n = %lld is negative", fn, (long long)c->n);
        SK_CHECK(c->n <= 46340, SK_ERR_SHAPE, "%s: n = %lld is too large (n*n must fit in int32)", fn, (long long)c->n);
        const int64_t bn[] = {c->batch, c->n, c->n};
        int64_t slots;
        SK_RETURN_IF_ERROR(sk_numel(&slots, fn, bn, 3));
        c->nodes = c->batch * c->n;
        c->edges = c->n * c->n;
    } else {
        SK_CHECK(c->nodes >= 0, SK_ERR_SHAPE, "%s: nodes = %lld is negative", fn, (long long)c->nodes);
        SK_CHECK(c->edges >= 0, SK_ERR_SHAPE, "%s: edges = %lld is negative", fn, (long long)c->edges);
        SK_CHECK(c->nodes < INT32_MAX && c->edges < INT32_MAX - c->nodes, SK_ERR_SHAPE,
                 "%s: nodes = %lld, edges = %lld: nodes + edges must fit in int32", fn, (long long)c->nodes,
                 (long long)c->edges);
    }
    SK_CHECK(c->heads >= 1, SK_ERR_SHAPE, "%s: heads = %lld, need at least 1", fn, (long long)c->heads);
    SK_CHECK(c->channels >= 1 && c->channels <= 256, SK_ERR_SHAPE, "%s: channels = %lld per head is outside [1, 256]",
             fn, (long long)c->channels);
    SK_CHECK(c->num_cat >= 1 && c->num_cat <= INT32_MAX, SK_ERR_SHAPE, "%s: num_cat = %lld is outside [1, 2^31)", fn,
             (long long)c->num_cat);
    SK_CHECK(c->self_loops == SK_ATTN_SELF_NONE || c->self_loops == SK_ATTN_SELF_CATEGORY ||
                 c->self_loops == SK_ATTN_SELF_MEAN,
             SK_ERR_ARG, "%s: unknown self_loops mode %d", fn, c->self_loops);
    const int64_t f[] = {c->nodes, c->heads, c->channels}, h[] = {c->heads, c->channels};
    SK_RETURN_IF_ERROR(sk_numel(&c->feat, fn, f, 3));
    SK_RETURN_IF_ERROR(sk_numel(&c->hc, fn, h, 2));
    SK_CHECK(c->num_cat <= INT64_MAX / c->hc, SK_ERR_SHAPE, "%s: num_cat * heads * channels overflows", fn);
    return SK_OK;
}

/* The table arguments of either graph kind, appended to `args` from position `at`. */
int table_args(const Call& c, sk_arg* args, int at, const sk_buffer* cat, const sk_buffer* offsets,
               const sk_buffer* sources, const sk_buffer* edge_cat) {
    if (c.dense) {
        args[at++] = {cat, "cat", sk_bytes(c.n * c.n, 4), false};
    } else {
        args[at++] = {offsets, "offsets", sk_bytes(c.nodes + 1, 4), false};
        args[at++] = {sources, "sources", sk_bytes(c.edges, 4), false};
        args[at++] = {edge_cat, "edge_cat", sk_bytes(c.edges, 4), false};
    }
    return at;
}

sk_status forward(Call c, sk_buffer* out, sk_buffer* lse, const sk_buffer* xl, const sk_buffer* xr, const sk_buffer* ep,
                  const sk_buffer* att, const sk_buffer* cat, const sk_buffer* offsets, const sk_buffer* sources,
                  const sk_buffer* edge_cat, float slope) {
    SK_RETURN_IF_ERROR(check_call(&c));
    sk_arg args[9] = {{out, "out", sk_bytes(c.feat, 4), false},
                      {lse, "lse", sk_bytes(c.nodes * c.heads, 4), false},
                      {xl, "xl", sk_bytes(c.feat, 4), false},
                      {xr, "xr", sk_bytes(c.feat, 4), false},
                      {ep, "ep", sk_bytes(c.num_cat * c.hc, 4), false},
                      {att, "att", sk_bytes(c.hc, 4), false}};
    int count = table_args(c, args, 6, cat, offsets, sources, edge_cat);
    int32_t dev;
    SK_RETURN_IF_ERROR(sk_check_args(&dev, c.fn, args, count));
    const int32_t* cat_p = c.dense ? sk_data<int32_t>(cat) : nullptr;
    const int32_t *off_p = sk_data<int32_t>(offsets), *src_p = sk_data<int32_t>(sources),
                  *ecat_p = sk_data<int32_t>(edge_cat);
    if (c.dense) off_p = src_p = ecat_p = nullptr;
    SK_DISPATCH(dev,
                edge_attention_forward_cpu(sk_data<float>(out), sk_data<float>(lse), sk_data<float>(xl),
                                           sk_data<float>(xr), sk_data<float>(ep), sk_data<float>(att), cat_p, off_p,
                                           src_p, ecat_p, c.batch, c.n, c.nodes, c.edges, c.heads, c.channels,
                                           c.num_cat, c.self_loops, slope),
                edge_attention_forward_cuda(sk_data<float>(out), sk_data<float>(lse), sk_data<float>(xl),
                                            sk_data<float>(xr), sk_data<float>(ep), sk_data<float>(att), cat_p, off_p,
                                            src_p, ecat_p, c.batch, c.n, c.nodes, c.edges, c.heads, c.channels,
                                            c.num_cat, c.self_loops, slope));
}

sk_status backward(Call c, sk_buffer* dxl, sk_buffer* dxr, sk_buffer* dep, sk_buffer* datt, const sk_buffer* dout,
                   const sk_buffer* out, const sk_buffer* lse, const sk_buffer* xl, const sk_buffer* xr,
                   const sk_buffer* ep, const sk_buffer* att, const sk_buffer* cat, const sk_buffer* offsets,
                   const sk_buffer* sources, const sk_buffer* edge_cat, float slope) {
    SK_RETURN_IF_ERROR(check_call(&c));
    sk_arg args[14] = {{dxl, "dxl", sk_bytes(c.feat, 4), true},
                       {dxr, "dxr", sk_bytes(c.feat, 4), true},
                       {dep, "dep", sk_bytes(c.num_cat * c.hc, 4), true},
                       {datt, "datt", sk_bytes(c.hc, 4), true},
                       {dout, "dout", sk_bytes(c.feat, 4), false},
                       {out, "out", sk_bytes(c.feat, 4), false},
                       {lse, "lse", sk_bytes(c.nodes * c.heads, 4), false},
                       {xl, "xl", sk_bytes(c.feat, 4), false},
                       {xr, "xr", sk_bytes(c.feat, 4), false},
                       {ep, "ep", sk_bytes(c.num_cat * c.hc, 4), false},
                       {att, "att", sk_bytes(c.hc, 4), false}};
    int count = table_args(c, args, 11, cat, offsets, sources, edge_cat);
    int32_t dev;
    SK_RETURN_IF_ERROR(sk_check_args(&dev, c.fn, args, count));
    if (!dxl && !dxr && !dep && !datt) return SK_OK;
    const int32_t* cat_p = c.dense ? sk_data<int32_t>(cat) : nullptr;
    const int32_t *off_p = sk_data<int32_t>(offsets), *src_p = sk_data<int32_t>(sources),
                  *ecat_p = sk_data<int32_t>(edge_cat);
    if (c.dense) off_p = src_p = ecat_p = nullptr;
    SK_DISPATCH(dev,
                edge_attention_backward_cpu(sk_data<float>(dxl), sk_data<float>(dxr), sk_data<float>(dep),
                                            sk_data<float>(datt), sk_data<float>(dout), sk_data<float>(out),
                                            sk_data<float>(lse), sk_data<float>(xl), sk_data<float>(xr),
                                            sk_data<float>(ep), sk_data<float>(att), cat_p, off_p, src_p, ecat_p,
                                            c.batch, c.n, c.nodes, c.edges, c.heads, c.channels, c.num_cat,
                                            c.self_loops, slope),
                edge_attention_backward_cuda(sk_data<float>(dxl), sk_data<float>(dxr), sk_data<float>(dep),
                                             sk_data<float>(datt), sk_data<float>(dout), sk_data<float>(out),
                                             sk_data<float>(lse), sk_data<float>(xl), sk_data<float>(xr),
                                             sk_data<float>(ep), sk_data<float>(att), cat_p, off_p, src_p, ecat_p,
                                             c.batch, c.n, c.nodes, c.edges, c.heads, c.channels, c.num_cat,
                                             c.self_loops, slope));
}
}  // namespace

extern "C" {

SK_API sk_status sk_edge_attention_dense_forward(sk_buffer* out, sk_buffer* lse, const sk_buffer* xl,
                                                 const sk_buffer* xr, const sk_buffer* ep, const sk_buffer* att,
                                                 const sk_buffer* cat, int64_t batch, int64_t n, int64_t heads,
                                                 int64_t channels, int64_t num_cat, int32_t self_loops,
                                                 float negative_slope) {
    SK_API_BEGIN
    Call c{"edge_attention_dense_forward", true, batch, n, 0, 0, heads, channels, num_cat, self_loops, 0, 0};
    return forward(c, out, lse, xl, xr, ep, att, cat, nullptr, nullptr, nullptr, negative_slope);
    SK_API_END("edge_attention_dense_forward")
}

SK_API sk_status sk_edge_attention_dense_backward(sk_buffer* dxl, sk_buffer* dxr, sk_buffer* dep, sk_buffer* datt,
                                                  const sk_buffer* dout, const sk_buffer* out, const sk_buffer* lse,
                                                  const sk_buffer* xl, const sk_buffer* xr, const sk_buffer* ep,
                                                  const sk_buffer* att, const sk_buffer* cat, int64_t batch,
                                                  int64_t n, int64_t heads, int64_t channels, int64_t num_cat,
                                                  int32_t self_loops, float negative_slope) {
    SK_API_BEGIN
    Call c{"edge_attention_dense_backward", true, batch, n, 0, 0, heads, channels, num_cat, self_loops, 0, 0};
    return backward(c, dxl, dxr, dep, datt, dout, out, lse, xl, xr, ep, att, cat, nullptr, nullptr, nullptr,
                    negative_slope);
    SK_API_END("edge_attention_dense_backward")
}

SK_API sk_status sk_edge_attention_csr_forward(sk_buffer* out, sk_buffer* lse, const sk_buffer* xl,
                                               const sk_buffer* xr, const sk_buffer* ep, const sk_buffer* att,
                                               const sk_buffer* offsets, const sk_buffer* sources,
                                               const sk_buffer* edge_cat, int64_t nodes, int64_t edges,
                                               int64_t heads, int64_t channels, int64_t num_cat,
                                               int32_t self_loops, float negative_slope) {
    SK_API_BEGIN
    Call c{"edge_attention_csr_forward", false, 0, 0, nodes, edges, heads, channels, num_cat, self_loops, 0, 0};
    return forward(c, out, lse, xl, xr, ep, att, nullptr, offsets, sources, edge_cat, negative_slope);
    SK_API_END("edge_attention_csr_forward")
}

SK_API sk_status sk_edge_attention_csr_backward(sk_buffer* dxl, sk_buffer* dxr, sk_buffer* dep, sk_buffer* datt,
                                                const sk_buffer* dout, const sk_buffer* out, const sk_buffer* lse,
                                                const sk_buffer* xl, const sk_buffer* xr, const sk_buffer* ep,
                                                const sk_buffer* att, const sk_buffer* offsets,
                                                const sk_buffer* sources, const sk_buffer* edge_cat, int64_t nodes,
                                                int64_t edges, int64_t heads, int64_t channels, int64_t num_cat,
                                                int32_t self_loops, float negative_slope) {
    SK_API_BEGIN
    Call c{"edge_attention_csr_backward", false, 0, 0, nodes, edges, heads, channels, num_cat, self_loops, 0, 0};
    return backward(c, dxl, dxr, dep, datt, dout, out, lse, xl, xr, ep, att, nullptr, offsets, sources, edge_cat,
                    negative_slope);
    SK_API_END("edge_attention_csr_backward")
}

}  // extern "C"
