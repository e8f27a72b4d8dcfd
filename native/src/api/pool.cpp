/* native/src/api/pool.cpp — ABI entry points of K10 2D pooling over planes (max with argmax, average
 * without padding): argument checks, then dispatch. Geometry rules: symkern.h. */
#include <climits>

#include "common.h"
#include "kernels.h"
#include "pool_math.h"

namespace {
/* Checks sizes and hyper-parameters; fills the geometry and the element counts of x and y. */
sk_status check_pool(const char* fn, bool max_pool, int64_t planes, int64_t h, int64_t w, int64_t kh, int64_t kw,
                     int64_t sh, int64_t sw, int64_t ph, int64_t pw, PoolGeom* g, int64_t* in_n, int64_t* out_n) {
    SK_CHECK(planes >= 0, SK_ERR_SHAPE, "%s: planes = %lld is negative", fn, (long long)planes);
    SK_CHECK(h >= 0, SK_ERR_SHAPE, "%s: h = %lld is negative", fn, (long long)h);
    SK_CHECK(w >= 0, SK_ERR_SHAPE, "%s: w = %lld is negative", fn, (long long)w);
    SK_CHECK(kh >= 1 && kw >= 1, SK_ERR_ARG, "%s: kernel (kh, kw) = (%lld, %lld) must be positive", fn, (long long)kh,
             (long long)kw);
    SK_CHECK(sh >= 1 && sw >= 1, SK_ERR_ARG, "%s: stride (sh, sw) = (%lld, %lld) must be positive", fn, (long long)sh,
             (long long)sw);
    SK_CHECK(ph >= 0 && pw >= 0, SK_ERR_ARG, "%s: padding (ph, pw) = (%lld, %lld) is negative", fn, (long long)ph,
             (long long)pw);
    SK_CHECK(ph <= kh / 2 && pw <= kw / 2, SK_ERR_ARG,
             "%s: padding (ph, pw) = (%lld, %lld) exceeds half the kernel (%lld, %lld)", fn, (long long)ph,
             (long long)pw, (long long)kh, (long long)kw);
    SK_CHECK(h >= 1 && w >= 1, SK_ERR_SHAPE, "%s: plane (h, w) = (%lld, %lld) is empty", fn, (long long)h,
             (long long)w);
    /* kh <= h + 2 ph, written so that it cannot overflow (ph <= kh / 2 keeps 2 ph small) */
    SK_CHECK(kh - 2 * ph <= h && kw - 2 * pw <= w, SK_ERR_SHAPE,
             "%s: kernel (%lld, %lld) is larger than the padded plane (%lld, %lld)", fn, (long long)kh, (long long)kw,
             (long long)(h + 2 * ph), (long long)(w + 2 * pw));
    const int64_t plane[] = {h, w};
    int64_t plane_n;
    SK_RETURN_IF_ERROR(sk_numel(&plane_n, fn, plane, 2));
    SK_CHECK(!max_pool || plane_n <= INT32_MAX, SK_ERR_SHAPE, "%s: plane h * w = %lld does not fit the int32 argmax",
             fn, (long long)plane_n);
    *g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t in_sizes[] = {planes, h, w}, out_sizes[] = {planes, g->oh, g->ow};
    SK_RETURN_IF_ERROR(sk_numel(in_n, fn, in_sizes, 3));
    return sk_numel(out_n, fn, out_sizes, 3);
}
}  // namespace

extern "C" {

SK_API sk_status sk_max_pool2d_forward(sk_buffer* y, sk_buffer* argmax, const sk_buffer* x, int64_t planes,
                                       int64_t h, int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
                                       int64_t ph, int64_t pw) {
    SK_API_BEGIN
    const char* fn = "max_pool2d_forward";
    PoolGeom g{};
    int64_t in_n, out_n;
    SK_RETURN_IF_ERROR(check_pool(fn, true, planes, h, w, kh, kw, sh, sw, ph, pw, &g, &in_n, &out_n));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(out_n, 4), false},
                     {argmax, "argmax", sk_bytes(out_n, 4), false},
                     {x, "x", sk_bytes(in_n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (out_n == 0) return SK_OK;
    SK_DISPATCH(dev,
                max_pool2d_forward_cpu(sk_data<float>(y), sk_data<int32_t>(argmax), sk_data<float>(x), planes, h, w,
                                       kh, kw, sh, sw, ph, pw),
                max_pool2d_forward_cuda(sk_data<float>(y), sk_data<int32_t>(argmax), sk_data<float>(x), planes, h, w,
                                        kh, kw, sh, sw, ph, pw));
    SK_API_END("max_pool2d_forward")
}

SK_API sk_status sk_max_pool2d_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* argmax,
                                        int64_t planes, int64_t h, int64_t w, int64_t kh, int64_t kw, int64_t sh,
                                        int64_t sw, int64_t ph, int64_t pw) {
    SK_API_BEGIN
    const char* fn = "max_pool2d_backward";
    PoolGeom g{};
    int64_t in_n, out_n;
    SK_RETURN_IF_ERROR(check_pool(fn, true, planes, h, w, kh, kw, sh, sw, ph, pw, &g, &in_n, &out_n));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(in_n, 4), false},
                     {dy, "dy", sk_bytes(out_n, 4), false},
                     {argmax, "argmax", sk_bytes(out_n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (in_n == 0) return SK_OK;
    const int32_t* am = sk_data<int32_t>(argmax);
    if (dev == SK_DEVICE_CPU) {
        /* the kernels gather, so a bad entry could only drop a gradient; but say so */
        const int64_t per_plane = g.oh * g.ow;
        for (int64_t k = 0; k < out_n; ++k) {
            int64_t o = k % per_plane, i = o / g.ow, j = o % g.ow, r0, r1, c0, c1;
            pool_span(i, kh, sh, ph, h, &r0, &r1);
            pool_span(j, kw, sw, pw, w, &c0, &c1);
            int64_t r = am[k] / w, c = am[k] % w;
            SK_CHECK(am[k] >= 0 && r >= r0 && r < r1 && c >= c0 && c < c1, SK_ERR_ARG,
                     "%s: argmax[%lld] = %d is outside its window (rows %lld..%lld, columns %lld..%lld of w = %lld)",
                     fn, (long long)k, am[k], (long long)r0, (long long)(r1 - 1), (long long)c0, (long long)(c1 - 1),
                     (long long)w);
        }
    }
    SK_DISPATCH(dev,
                max_pool2d_backward_cpu(sk_data<float>(dx), sk_data<float>(dy), am, planes, h, w, kh, kw, sh, sw, ph,
                                        pw),
                max_pool2d_backward_cuda(sk_data<float>(dx), sk_data<float>(dy), am, planes, h, w, kh, kw, sh, sw, ph,
                                         pw));
    SK_API_END("max_pool2d_backward")
}

SK_API sk_status sk_avg_pool2d_forward(sk_buffer* y, const sk_buffer* x, int64_t planes, int64_t h, int64_t w,
                                       int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    SK_API_BEGIN
    const char* fn = "avg_pool2d_forward";
    PoolGeom g{};
    int64_t in_n, out_n;
    SK_RETURN_IF_ERROR(check_pool(fn, false, planes, h, w, kh, kw, sh, sw, ph, pw, &g, &in_n, &out_n));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(out_n, 4), false}, {x, "x", sk_bytes(in_n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (out_n == 0) return SK_OK;
    SK_DISPATCH(dev, avg_pool2d_forward_cpu(sk_data<float>(y), sk_data<float>(x), planes, h, w, kh, kw, sh, sw, ph, pw),
                avg_pool2d_forward_cuda(sk_data<float>(y), sk_data<float>(x), planes, h, w, kh, kw, sh, sw, ph, pw));
    SK_API_END("avg_pool2d_forward")
}

SK_API sk_status sk_avg_pool2d_backward(sk_buffer* dx, const sk_buffer* dy, int64_t planes, int64_t h, int64_t w,
                                        int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    SK_API_BEGIN
    const char* fn = "avg_pool2d_backward";
    PoolGeom g{};
    int64_t in_n, out_n;
    SK_RETURN_IF_ERROR(check_pool(fn, false, planes, h, w, kh, kw, sh, sw, ph, pw, &g, &in_n, &out_n));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(in_n, 4), false}, {dy, "dy", sk_bytes(out_n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (in_n == 0) return SK_OK;
    SK_DISPATCH(dev,
                avg_pool2d_backward_cpu(sk_data<float>(dx), sk_data<float>(dy), planes, h, w, kh, kw, sh, sw, ph, pw),
                avg_pool2d_backward_cuda(sk_data<float>(dx), sk_data<float>(dy), planes, h, w, kh, kw, sh, sw, ph, pw));
    SK_API_END("avg_pool2d_backward")
}

}  // extern "C"
