/* native/src/api/egnn_edge.cpp — ABI entry points of K15 egnn_edge (pairwise squared distances and
 * differences) and egnn_coord (the EGNN coordinate update): size and buffer checks, then dispatch. */
#include "common.h"
#include "kernels.h"

namespace {
/* Element counts of x (batch, n, dim), the pair maps (batch, n, n) and diff (batch, n, n, dim). */
sk_status check_sizes(const char* fn, int64_t batch, int64_t n, int64_t dim, int64_t* nx, int64_t* npair,
                      int64_t* ndiff) {
    SK_CHECK(batch >= 0, SK_ERR_SHAPE, "%s: batch = %lld is negative", fn, (long long)batch);
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "%s: n = %lld is negative", fn, (long long)n);
    SK_CHECK(dim >= 0, SK_ERR_SHAPE, "%s: dim = %lld is negative", fn, (long long)dim);
    const int64_t sx[] = {batch, n, dim}, sp[] = {batch, n, n}, sd[] = {batch, n, n, dim};
    SK_RETURN_IF_ERROR(sk_numel(nx, fn, sx, 3));
    SK_RETURN_IF_ERROR(sk_numel(npair, fn, sp, 3));
    return sk_numel(ndiff, fn, sd, 4);
}
}  // namespace

extern "C" {

SK_API sk_status sk_egnn_edge_forward(sk_buffer* d2, sk_buffer* diff, const sk_buffer* x, int64_t batch, int64_t n,
                                      int64_t dim) {
    SK_API_BEGIN
    const char* fn = "egnn_edge_forward";
    int64_t nx, np, nd;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, dim, &nx, &np, &nd));
    int32_t dev;
    sk_arg args[] = {{d2, "d2", sk_bytes(np, 4), false}, {diff, "diff", sk_bytes(nd, 4), true},
                     {x, "x", sk_bytes(nx, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (np == 0) return SK_OK;
    SK_DISPATCH(dev, egnn_edge_forward_cpu(sk_data<float>(d2), sk_data<float>(diff), sk_data<float>(x), batch, n, dim),
                egnn_edge_forward_cuda(sk_data<float>(d2), sk_data<float>(diff), sk_data<float>(x), batch, n, dim));
    SK_API_END("egnn_edge_forward")
}

SK_API sk_status sk_egnn_edge_backward(sk_buffer* dx, const sk_buffer* dd2, const sk_buffer* ddiff,
                                       const sk_buffer* x, int64_t batch, int64_t n, int64_t dim) {
    SK_API_BEGIN
    const char* fn = "egnn_edge_backward";
    int64_t nx, np, nd;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, dim, &nx, &np, &nd));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(nx, 4), false}, {dd2, "dd2", sk_bytes(np, 4), true},
                     {ddiff, "ddiff", sk_bytes(nd, 4), true}, {x, "x", sk_bytes(nx, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (nx == 0) return SK_OK;
    SK_DISPATCH(dev,
                egnn_edge_backward_cpu(sk_data<float>(dx), sk_data<float>(dd2), sk_data<float>(ddiff),
                                       sk_data<float>(x), batch, n, dim),
                egnn_edge_backward_cuda(sk_data<float>(dx), sk_data<float>(dd2), sk_data<float>(ddiff),
                                        sk_data<float>(x), batch, n, dim));
    SK_API_END("egnn_edge_backward")
}

SK_API sk_status sk_egnn_coord_forward(sk_buffer* xout, const sk_buffer* x, const sk_buffer* phi, int64_t batch,
                                       int64_t n, int64_t dim, float scale) {
    SK_API_BEGIN
    const char* fn = "egnn_coord_forward";
    int64_t nx, np, nd;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, dim, &nx, &np, &nd));
    int32_t dev;
    sk_arg args[] = {{xout, "xout", sk_bytes(nx, 4), false}, {x, "x", sk_bytes(nx, 4), false},
                     {phi, "phi", sk_bytes(np, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (nx == 0) return SK_OK;
    SK_DISPATCH(dev,
                egnn_coord_forward_cpu(sk_data<float>(xout), sk_data<float>(x), sk_data<float>(phi), batch, n, dim,
                                       scale),
                egnn_coord_forward_cuda(sk_data<float>(xout), sk_data<float>(x), sk_data<float>(phi), batch, n, dim,
                                        scale));
    SK_API_END("egnn_coord_forward")
}

SK_API sk_status sk_egnn_coord_backward(sk_buffer* dx, sk_buffer* dphi, const sk_buffer* dxout, const sk_buffer* x,
                                        const sk_buffer* phi, int64_t batch, int64_t n, int64_t dim, float scale) {
    SK_API_BEGIN
    const char* fn = "egnn_coord_backward";
    int64_t nx, np, nd;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, dim, &nx, &np, &nd));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(nx, 4), true}, {dphi, "dphi", sk_bytes(np, 4), true},
                     {dxout, "dxout", sk_bytes(nx, 4), false}, {x, "x", sk_bytes(nx, 4), false},
                     {phi, "phi", sk_bytes(np, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (np == 0 || (dx == nullptr && dphi == nullptr)) return SK_OK;
    SK_DISPATCH(dev,
                egnn_coord_backward_cpu(sk_data<float>(dx), sk_data<float>(dphi), sk_data<float>(dxout),
                                        sk_data<float>(x), sk_data<float>(phi), batch, n, dim, scale),
                egnn_coord_backward_cuda(sk_data<float>(dx), sk_data<float>(dphi), sk_data<float>(dxout),
                                         sk_data<float>(x), sk_data<float>(phi), batch, n, dim, scale));
    SK_API_END("egnn_coord_backward")
}

}  // extern "C"
