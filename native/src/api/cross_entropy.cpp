/* native/src/api/cross_entropy.cpp — ABI entry points of K4, the fused log-softmax + NLL loss with optional
 * class weights and label smoothing (mean reduction): argument checks, the label range check for CPU
 * buffers (CUDA launchers check labels on the device and report the same message), then dispatch. */
#include "common.h"
#include "kernels.h"

namespace {
/* Sizes and smoothing, shared by forward and backward; *total = rows * cols. */
sk_status check_common(const char* fn, int64_t rows, int64_t cols, float smoothing, int64_t* total) {
    SK_CHECK(rows >= 0, SK_ERR_SHAPE, "%s: rows = %lld is negative", fn, (long long)rows);
    SK_CHECK(cols >= 0, SK_ERR_SHAPE, "%s: cols = %lld is negative", fn, (long long)cols);
    SK_CHECK(smoothing >= 0.0f && smoothing < 1.0f, SK_ERR_ARG, "%s: smoothing = %g is outside [0, 1)", fn,
             (double)smoothing);
    const int64_t sizes[] = {rows, cols};
    return sk_numel(total, fn, sizes, 2);
}

/* Host labels: the first one outside [0, cols) is an error naming its row. */
sk_status check_labels_host(const char* fn, const int32_t* labels, int64_t rows, int64_t cols) {
    for (int64_t i = 0; i < rows; ++i)
        SK_CHECK(labels[i] >= 0 && labels[i] < cols, SK_ERR_ARG, "%s: label %d at row %lld is outside [0, %lld)", fn,
                 labels[i], (long long)i, (long long)cols);
    return SK_OK;
}
}  // namespace

extern "C" {

SK_API sk_status sk_cross_entropy_forward(sk_buffer* loss, sk_buffer* logp, const sk_buffer* logits,
                                          const sk_buffer* labels, const sk_buffer* weights, int64_t rows,
                                          int64_t cols, float smoothing) {
    SK_API_BEGIN
    const char* fn = "cross_entropy_forward";
    int64_t total;
    SK_RETURN_IF_ERROR(check_common(fn, rows, cols, smoothing, &total));
    int32_t dev;
    sk_arg args[] = {{loss, "loss", 4, false},
                     {logp, "logp", sk_bytes(total, 4), false},
                     {logits, "logits", sk_bytes(total, 4), false},
                     {labels, "labels", sk_bytes(rows, 4), false},
                     {weights, "weights", sk_bytes(cols, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dev == SK_DEVICE_CPU) SK_RETURN_IF_ERROR(check_labels_host(fn, sk_data<int32_t>(labels), rows, cols));
    /* rows == 0 still writes the loss: 0 / 0 = NaN, as PyTorch's mean over no elements */
    SK_DISPATCH(dev,
                cross_entropy_forward_cpu(sk_data<float>(loss), sk_data<float>(logp), sk_data<float>(logits),
                                          sk_data<int32_t>(labels), sk_data<float>(weights), rows, cols, smoothing),
                cross_entropy_forward_cuda(sk_data<float>(loss), sk_data<float>(logp), sk_data<float>(logits),
                                           sk_data<int32_t>(labels), sk_data<float>(weights), rows, cols, smoothing));
    SK_API_END("cross_entropy_forward")
}

SK_API sk_status sk_cross_entropy_backward(sk_buffer* dlogits, const sk_buffer* dloss, const sk_buffer* logp,
                                           const sk_buffer* labels, const sk_buffer* weights, int64_t rows,
                                           int64_t cols, float smoothing) {
    SK_API_BEGIN
    const char* fn = "cross_entropy_backward";
    int64_t total;
    SK_RETURN_IF_ERROR(check_common(fn, rows, cols, smoothing, &total));
    int32_t dev;
    sk_arg args[] = {{dlogits, "dlogits", sk_bytes(total, 4), false},
                     {dloss, "dloss", 4, false},
                     {logp, "logp", sk_bytes(total, 4), false},
                     {labels, "labels", sk_bytes(rows, 4), false},
                     {weights, "weights", sk_bytes(cols, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dev == SK_DEVICE_CPU) SK_RETURN_IF_ERROR(check_labels_host(fn, sk_data<int32_t>(labels), rows, cols));
    if (rows == 0) return SK_OK;   /* nothing to write (and cols == 0 with rows > 0 fails the label check) */
    SK_DISPATCH(dev,
                cross_entropy_backward_cpu(sk_data<float>(dlogits), sk_data<float>(dloss), sk_data<float>(logp),
                                           sk_data<int32_t>(labels), sk_data<float>(weights), rows, cols, smoothing),
                cross_entropy_backward_cuda(sk_data<float>(dlogits), sk_data<float>(dloss), sk_data<float>(logp),
                                            sk_data<int32_t>(labels), sk_data<float>(weights), rows, cols,
                                            smoothing));
    SK_API_END("cross_entropy_backward")
}

}  // extern "C"
