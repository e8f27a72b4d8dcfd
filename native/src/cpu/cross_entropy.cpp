/* native/src/cpu/cross_entropy.cpp — K4 fused log-softmax + NLL (class weights, label smoothing, mean
 * reduction) on the CPU. logits, logp, dlogits are (rows, cols); labels (rows), already checked to lie in
 * [0, cols) by the ABI entry point; weights (cols) or NULL; loss and dloss are (1).
 * Forward: logp = log_softmax(logits) by the K3 kernel (max-subtracted), then one row term per row and
 * loss = sum_i t_i / sum_i w_{y_i}, both sums in double and in row order (deterministic). Backward:
 * formulas in cross_entropy_math.h; overwrites dlogits. OpenMP over rows. */
#include <vector>

#include "cross_entropy_math.h"
#include "kernels.h"
#include "parallel.h"

namespace {
constexpr int64_t kParallelMin = 1 << 15;
}

sk_status cross_entropy_forward_cpu(float* loss, float* logp, const float* logits, const int32_t* labels,
                                    const float* weights, int64_t rows, int64_t cols, float smoothing) {
    if (rows > 0) softmax_forward_cpu(logp, logits, rows, cols, 1);   /* always SK_OK */
    std::vector<double> term((size_t)rows);
    const double eps = smoothing;
    sk_parallel_for(0, rows, rows * cols > kParallelMin, [&](int64_t i) {
        const float* p = logp + i * cols;
        double smooth = 0;
        if (eps > 0)
            for (int64_t c = 0; c < cols; ++c) smooth -= (double)ce_weight(weights, c) * (double)p[c];
        term[i] = ce_row_term(eps, (double)cols, ce_weight(weights, labels[i]), p[labels[i]], smooth);
    });
    double t = 0, w = 0;
    for (int64_t i = 0; i < rows; ++i) {
        t += term[i];
        w += ce_weight(weights, labels[i]);
    }
    loss[0] = (float)(t / w);   /* rows == 0 (or all label weights 0): NaN, as PyTorch */
    return SK_OK;
}

sk_status cross_entropy_backward_cpu(float* dlogits, const float* dloss, const float* logp, const int32_t* labels,
                                     const float* weights, int64_t rows, int64_t cols, float smoothing) {
    double w = 0, sum_w = 0;
    for (int64_t i = 0; i < rows; ++i) w += ce_weight(weights, labels[i]);
    for (int64_t c = 0; c < cols; ++c) sum_w += ce_weight(weights, c);
    const float scale = (float)((double)dloss[0] / w), fsum_w = (float)sum_w, inv_cols = 1.0f / (float)cols;
    sk_parallel_for(0, rows, rows * cols > kParallelMin, [&](int64_t i) {
        const int32_t y = labels[i];
        const float wy = ce_weight(weights, y);
        const float* p = logp + i * cols;
        float* d = dlogits + i * cols;
        for (int64_t c = 0; c < cols; ++c)
            d[c] = ce_dlogit(scale, smoothing, inv_cols, fsum_w, wy, ce_weight(weights, c), c == y, p[c]);
    });
    return SK_OK;
}
