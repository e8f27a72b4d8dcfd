/* native/src/api/gemm.cpp — ABI entry point of K1 gemm: argument checks, then dispatch.
 *
 * Checks: negative batch/m/n/k or strides -> SK_ERR_SHAPE; stride_c == 0 (or any stride_c that makes the
 * batch's C matrices overlap) with batch > 1 -> SK_ERR_ARG; every buffer must reach the last batch
 * element's matrix, (batch - 1) * stride + rows * cols floats -> SK_ERR_SHAPE naming 'a', 'b' or 'c'. */
#include "common.h"
#include "kernels.h"

namespace {
/* Floats buffer X needs for `batch` matrices of rows x cols starting every `stride` floats; -1 on overflow.
 * An empty matrix (or batch) needs nothing. */
int64_t gemm_need_floats(int64_t batch, int64_t stride, int64_t rows, int64_t cols) {
    if (batch == 0 || rows == 0 || cols == 0) return 0;
    if (rows > INT64_MAX / cols) return -1;
    int64_t one = rows * cols;
    if (stride != 0 && batch - 1 > (INT64_MAX - one) / stride) return -1;
    return (batch - 1) * stride + one;
}

int64_t gemm_need_bytes(int64_t batch, int64_t stride, int64_t rows, int64_t cols) {
    int64_t f = gemm_need_floats(batch, stride, rows, cols);
    return f < 0 ? -1 : sk_bytes(f, 4);
}
}  // namespace

extern "C" {

SK_API sk_status sk_gemm(sk_buffer* c, const sk_buffer* a, const sk_buffer* b,
                         int64_t batch, int64_t m, int64_t n, int64_t k,
                         int64_t stride_a, int64_t stride_b, int64_t stride_c,
                         int32_t trans_a, int32_t trans_b, float alpha, float beta) {
    SK_API_BEGIN
    SK_CHECK(batch >= 0, SK_ERR_SHAPE, "gemm: batch = %lld is negative", (long long)batch);
    SK_CHECK(m >= 0, SK_ERR_SHAPE, "gemm: m = %lld is negative", (long long)m);
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "gemm: n = %lld is negative", (long long)n);
    SK_CHECK(k >= 0, SK_ERR_SHAPE, "gemm: k = %lld is negative", (long long)k);
    SK_CHECK(stride_a >= 0, SK_ERR_SHAPE, "gemm: stride_a = %lld is negative", (long long)stride_a);
    SK_CHECK(stride_b >= 0, SK_ERR_SHAPE, "gemm: stride_b = %lld is negative", (long long)stride_b);
    SK_CHECK(stride_c >= 0, SK_ERR_SHAPE, "gemm: stride_c = %lld is negative", (long long)stride_c);
    SK_CHECK(batch <= 1 || stride_c != 0, SK_ERR_ARG,
             "gemm: stride_c = 0 with batch = %lld would write every product into one C", (long long)batch);
    if (batch > 1 && m > 0 && n > 0) {
        SK_CHECK(m <= INT64_MAX / n, SK_ERR_SHAPE, "gemm: m * n overflows");
        SK_CHECK(stride_c >= m * n, SK_ERR_ARG,
                 "gemm: stride_c = %lld < m * n = %lld: the batch's C matrices would overlap",
                 (long long)stride_c, (long long)(m * n));
    }
    int32_t dev;
    sk_arg args[] = {{c, "c", gemm_need_bytes(batch, stride_c, m, n), false},
                     {a, "a", gemm_need_bytes(batch, stride_a, m, k), false},
                     {b, "b", gemm_need_bytes(batch, stride_b, k, n), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "gemm", args));
    if (batch == 0 || m == 0 || n == 0) return SK_OK;
    SK_DISPATCH(dev,
                gemm_cpu(sk_data<float>(c), sk_data<float>(a), sk_data<float>(b), batch, m, n, k, stride_a,
                         stride_b, stride_c, trans_a != 0, trans_b != 0, alpha, beta),
                gemm_cuda(sk_data<float>(c), sk_data<float>(a), sk_data<float>(b), batch, m, n, k, stride_a,
                          stride_b, stride_c, trans_a != 0, trans_b != 0, alpha, beta));
    SK_API_END("gemm")
}

}  // extern "C"
