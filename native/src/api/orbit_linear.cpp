/* native/src/api/orbit_linear.cpp — ABI entry points of K13 orbit_linear (full: a weight matrix per 2-orbit;
 * separable: a scalar per 2-orbit times a shared matrix): size and buffer checks, then dispatch. The
 * integer tables (cat, node_orbit) are range-checked by the kernels of either device. */
#include "common.h"
#include "kernels.h"

namespace {
struct Sizes {
    int64_t rows_in, rows_out, w, cat, bias;   /* element counts */
};

/* Shared size checks; `separable` changes W's shape. `need_orbits`: bias or dbias is used. */
sk_status check_sizes(const char* fn, int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat,
                      int64_t num_orbits, bool separable, bool need_orbits, Sizes* s) {
    SK_CHECK(batch >= 0, SK_ERR_SHAPE, "%s: batch = %lld is negative", fn, (long long)batch);
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "%s: n = %lld is negative", fn, (long long)n);
    SK_CHECK(din >= 0, SK_ERR_SHAPE, "%s: din = %lld is negative", fn, (long long)din);
    SK_CHECK(dout >= 0, SK_ERR_SHAPE, "%s: dout = %lld is negative", fn, (long long)dout);
    SK_CHECK(num_cat >= 1, SK_ERR_SHAPE, "%s: num_cat = %lld, need at least 1 category", fn, (long long)num_cat);
    SK_CHECK(num_orbits >= (need_orbits ? 1 : 0), SK_ERR_SHAPE, "%s: num_orbits = %lld, need at least %d", fn,
             (long long)num_orbits, need_orbits ? 1 : 0);
    SK_CHECK(n <= 46340, SK_ERR_SHAPE, "%s: n = %lld is too large (n*n must fit in int32)", fn, (long long)n);
    SK_CHECK(num_cat <= INT32_MAX && num_orbits <= INT32_MAX, SK_ERR_SHAPE, "%s: num_cat or num_orbits exceeds int32",
             fn);
    const int64_t in[] = {batch, n, din}, out[] = {batch, n, dout}, w_full[] = {num_cat, din, dout},
                  w_sep[] = {din, dout}, b[] = {num_orbits, dout};
    SK_RETURN_IF_ERROR(sk_numel(&s->rows_in, fn, in, 3));
    SK_RETURN_IF_ERROR(sk_numel(&s->rows_out, fn, out, 3));
    SK_RETURN_IF_ERROR(separable ? sk_numel(&s->w, fn, w_sep, 2) : sk_numel(&s->w, fn, w_full, 3));
    SK_RETURN_IF_ERROR(sk_numel(&s->bias, fn, b, 2));
    s->cat = n * n;
    return SK_OK;
}
}  // namespace

extern "C" {

SK_API sk_status sk_orbit_linear_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* w, const sk_buffer* bias,
                                         const sk_buffer* cat, const sk_buffer* node_orbit, int64_t batch, int64_t n,
                                         int64_t din, int64_t dout, int64_t num_cat, int64_t num_orbits) {
    SK_API_BEGIN
    const char* fn = "orbit_linear_forward";
    Sizes s;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, din, dout, num_cat, num_orbits, false, bias != nullptr, &s));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(s.rows_out, 4), false},       {x, "x", sk_bytes(s.rows_in, 4), false},
                     {w, "w", sk_bytes(s.w, 4), false},              {bias, "bias", sk_bytes(s.bias, 4), true},
                     {cat, "cat", sk_bytes(s.cat, 4), false},
                     {node_orbit, "node_orbit", sk_bytes(n, 4), bias == nullptr}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (s.rows_out == 0) return SK_OK;
    SK_DISPATCH(dev,
                orbit_linear_forward_cpu(sk_data<float>(y), sk_data<float>(x), sk_data<float>(w), sk_data<float>(bias),
                                         sk_data<int32_t>(cat), sk_data<int32_t>(node_orbit), batch, n, din, dout,
                                         num_cat, num_orbits),
                orbit_linear_forward_cuda(sk_data<float>(y), sk_data<float>(x), sk_data<float>(w),
                                          sk_data<float>(bias), sk_data<int32_t>(cat), sk_data<int32_t>(node_orbit),
                                          batch, n, din, dout, num_cat, num_orbits));
    SK_API_END("orbit_linear_forward")
}

SK_API sk_status sk_orbit_linear_backward(sk_buffer* dx, sk_buffer* dw, sk_buffer* dbias, const sk_buffer* dy,
                                          const sk_buffer* x, const sk_buffer* w, const sk_buffer* cat,
                                          const sk_buffer* node_orbit, int64_t batch, int64_t n, int64_t din,
                                          int64_t dout, int64_t num_cat, int64_t num_orbits) {
    SK_API_BEGIN
    const char* fn = "orbit_linear_backward";
    Sizes s;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, din, dout, num_cat, num_orbits, false, dbias != nullptr, &s));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(s.rows_in, 4), true},       {dw, "dw", sk_bytes(s.w, 4), true},
                     {dbias, "dbias", sk_bytes(s.bias, 4), true},    {dy, "dy", sk_bytes(s.rows_out, 4), false},
                     {x, "x", sk_bytes(s.rows_in, 4), false},        {w, "w", sk_bytes(s.w, 4), false},
                     {cat, "cat", sk_bytes(s.cat, 4), false},
                     {node_orbit, "node_orbit", sk_bytes(n, 4), dbias == nullptr}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dx == nullptr && dw == nullptr && dbias == nullptr) return SK_OK;
    SK_DISPATCH(dev,
                orbit_linear_backward_cpu(sk_data<float>(dx), sk_data<float>(dw), sk_data<float>(dbias),
                                          sk_data<float>(dy), sk_data<float>(x), sk_data<float>(w),
                                          sk_data<int32_t>(cat), sk_data<int32_t>(node_orbit), batch, n, din, dout,
                                          num_cat, num_orbits),
                orbit_linear_backward_cuda(sk_data<float>(dx), sk_data<float>(dw), sk_data<float>(dbias),
                                           sk_data<float>(dy), sk_data<float>(x), sk_data<float>(w),
                                           sk_data<int32_t>(cat), sk_data<int32_t>(node_orbit), batch, n, din, dout,
                                           num_cat, num_orbits));
    SK_API_END("orbit_linear_backward")
}

SK_API sk_status sk_orbit_linear_sep_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* alpha,
                                             const sk_buffer* w, const sk_buffer* bias, const sk_buffer* cat,
                                             const sk_buffer* node_orbit, int64_t batch, int64_t n, int64_t din,
                                             int64_t dout, int64_t num_cat, int64_t num_orbits) {
    SK_API_BEGIN
    const char* fn = "orbit_linear_sep_forward";
    Sizes s;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, din, dout, num_cat, num_orbits, true, bias != nullptr, &s));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(s.rows_out, 4), false},       {x, "x", sk_bytes(s.rows_in, 4), false},
                     {alpha, "alpha", sk_bytes(num_cat, 4), false},  {w, "w", sk_bytes(s.w, 4), false},
                     {bias, "bias", sk_bytes(s.bias, 4), true},      {cat, "cat", sk_bytes(s.cat, 4), false},
                     {node_orbit, "node_orbit", sk_bytes(n, 4), bias == nullptr}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (s.rows_out == 0) return SK_OK;
    SK_DISPATCH(dev,
                orbit_linear_sep_forward_cpu(sk_data<float>(y), sk_data<float>(x), sk_data<float>(alpha),
                                             sk_data<float>(w), sk_data<float>(bias), sk_data<int32_t>(cat),
                                             sk_data<int32_t>(node_orbit), batch, n, din, dout, num_cat, num_orbits),
                orbit_linear_sep_forward_cuda(sk_data<float>(y), sk_data<float>(x), sk_data<float>(alpha),
                                              sk_data<float>(w), sk_data<float>(bias), sk_data<int32_t>(cat),
                                              sk_data<int32_t>(node_orbit), batch, n, din, dout, num_cat,
                                              num_orbits));
    SK_API_END("orbit_linear_sep_forward")
}

SK_API sk_status sk_orbit_linear_sep_backward(sk_buffer* dx, sk_buffer* dalpha, sk_buffer* dw, sk_buffer* dbias,
                                              const sk_buffer* dy, const sk_buffer* x, const sk_buffer* alpha,
                                              const sk_buffer* w, const sk_buffer* cat, const sk_buffer* node_orbit,
                                              int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat,
                                              int64_t num_orbits) {
    SK_API_BEGIN
    const char* fn = "orbit_linear_sep_backward";
    Sizes s;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, n, din, dout, num_cat, num_orbits, true, dbias != nullptr, &s));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(s.rows_in, 4), true},       {dalpha, "dalpha", sk_bytes(num_cat, 4), true},
                     {dw, "dw", sk_bytes(s.w, 4), true},             {dbias, "dbias", sk_bytes(s.bias, 4), true},
                     {dy, "dy", sk_bytes(s.rows_out, 4), false},     {x, "x", sk_bytes(s.rows_in, 4), false},
                     {alpha, "alpha", sk_bytes(num_cat, 4), false},  {w, "w", sk_bytes(s.w, 4), false},
                     {cat, "cat", sk_bytes(s.cat, 4), false},
                     {node_orbit, "node_orbit", sk_bytes(n, 4), dbias == nullptr}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dx == nullptr && dalpha == nullptr && dw == nullptr && dbias == nullptr) return SK_OK;
    SK_DISPATCH(dev,
                orbit_linear_sep_backward_cpu(sk_data<float>(dx), sk_data<float>(dalpha), sk_data<float>(dw),
                                              sk_data<float>(dbias), sk_data<float>(dy), sk_data<float>(x),
                                              sk_data<float>(alpha), sk_data<float>(w), sk_data<int32_t>(cat),
                                              sk_data<int32_t>(node_orbit), batch, n, din, dout, num_cat, num_orbits),
                orbit_linear_sep_backward_cuda(sk_data<float>(dx), sk_data<float>(dalpha), sk_data<float>(dw),
                                               sk_data<float>(dbias), sk_data<float>(dy), sk_data<float>(x),
                                               sk_data<float>(alpha), sk_data<float>(w), sk_data<int32_t>(cat),
                                               sk_data<int32_t>(node_orbit), batch, n, din, dout, num_cat,
                                               num_orbits));
    SK_API_END("orbit_linear_sep_backward")
}

}  // extern "C"
