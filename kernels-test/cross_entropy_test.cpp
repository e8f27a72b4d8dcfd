/* kernels-test/cross_entropy_test.cpp — K4 fused log-softmax + NLL with class weights and label smoothing
 * (PyTorch mean reduction): loss and logp vs a float64 reference of the symkern.h formula, one case
 * computed by hand, logits of +-1000, rows = 0; backward vs the float64 formula and vs central finite
 * differences with and without weights / smoothing; error paths, including out-of-range labels named by
 * row and value and checked before anything is computed (cpu). CUDA vs CPU, the same label errors
 * reported from the device, and timings (cuda).
 *   ./cross_entropy_test cpu | ./cross_entropy_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct Case {
    int64_t rows, cols;
    bool weighted;
    float eps;
    std::string str() const {
        char b[96];
        std::snprintf(b, sizeof b, "(%lld,%lld)%s eps=%g", (long long)rows, (long long)cols,
                      weighted ? " weighted" : "", (double)eps);
        return b;
    }
};
const Case kCases[] = {{1, 1, false, 0},     {1, 1, true, 0.1f},    {4, 5, false, 0},     {4, 5, true, 0},
                       {4, 5, false, 0.2f},  {4, 5, true, 0.3f},    {33, 7, true, 0.05f}, {100, 2, true, 0.9f},
                       {64, 1000, true, 0.1f}, {3, 1025, true, 0.1f}, {5, 3000, false, 0}, {0, 5, true, 0.1f}};

struct Inputs {
    std::vector<float> logits, weights;
    std::vector<int32_t> labels;
};

Inputs make_inputs(const Case& c, float scale = 2.0f) {
    Inputs in;
    in.logits = randn(c.rows * c.cols, scale);
    std::uniform_int_distribution<int32_t> lab(0, (int32_t)c.cols - 1);
    for (int64_t i = 0; i < c.rows; ++i) in.labels.push_back(lab(rng()));
    if (c.weighted) in.weights = rand_uniform(c.cols, 0.2f, 2.0f);
    return in;
}

double weight(const Inputs& in, int64_t c) { return in.weights.empty() ? 1.0 : in.weights[(size_t)c]; }

/* float64 reference: the formula of symkern.h, from scratch. */
double reference(const Inputs& in, const Case& c, std::vector<double>* logp) {
    double num = 0, den = 0;
    if (logp) logp->assign((size_t)(c.rows * c.cols), 0.0);
    for (int64_t i = 0; i < c.rows; ++i) {
        const float* x = in.logits.data() + i * c.cols;
        double m = x[0], s = 0;
        for (int64_t j = 1; j < c.cols; ++j) m = std::max(m, (double)x[j]);
        for (int64_t j = 0; j < c.cols; ++j) s += std::exp(x[j] - m);
        double lse = m + std::log(s), smooth = 0;
        for (int64_t j = 0; j < c.cols; ++j) {
            double p = x[j] - lse;
            if (logp) (*logp)[(size_t)(i * c.cols + j)] = p;
            smooth += weight(in, j) * -p;
        }
        int32_t y = in.labels[(size_t)i];
        num += (1 - c.eps) * weight(in, y) * -(x[y] - lse) + c.eps / c.cols * smooth;
        den += weight(in, y);
    }
    return num / den;
}

/* dlogits_ic = dloss * (A_i softmax_ic - a_ic) / sum_i w_{y_i}, in float64. */
std::vector<double> reference_backward(const Inputs& in, const Case& c, double dloss) {
    std::vector<double> logp, d((size_t)(c.rows * c.cols));
    reference(in, c, &logp);
    double den = 0, sum_w = 0;
    for (int64_t i = 0; i < c.rows; ++i) den += weight(in, in.labels[(size_t)i]);
    for (int64_t j = 0; j < c.cols; ++j) sum_w += weight(in, j);
    for (int64_t i = 0; i < c.rows; ++i) {
        int32_t y = in.labels[(size_t)i];
        double A = (1 - c.eps) * weight(in, y) + c.eps / c.cols * sum_w;
        for (int64_t j = 0; j < c.cols; ++j) {
            double a = c.eps * weight(in, j) / c.cols + (j == y ? (1 - c.eps) * weight(in, y) : 0.0);
            d[(size_t)(i * c.cols + j)] = dloss * (A * std::exp(logp[(size_t)(i * c.cols + j)]) - a) / den;
        }
    }
    return d;
}

struct Fwd {
    float loss;
    std::vector<float> logp;
};

Fwd forward(int32_t dev, const Inputs& in, const Case& c, const std::string& what) {
    Buf loss(dev, 4), logp(dev, c.rows * c.cols * 4), x(dev, in.logits), lab(dev, in.labels);
    Buf w = in.weights.empty() ? Buf() : Buf(dev, in.weights);
    ok(sk_cross_entropy_forward(loss, logp, x, lab, w.b, c.rows, c.cols, c.eps), what.c_str());
    return {loss.read()[0], logp.read()};
}

std::vector<float> backward(int32_t dev, const Inputs& in, const Case& c, float dloss, const std::string& what) {
    Buf loss(dev, 4), logp(dev, c.rows * c.cols * 4), x(dev, in.logits), lab(dev, in.labels),
        dl(dev, std::vector<float>{dloss}), dx(dev, c.rows * c.cols * 4);
    Buf w = in.weights.empty() ? Buf() : Buf(dev, in.weights);
    ok(sk_cross_entropy_forward(loss, logp, x, lab, w.b, c.rows, c.cols, c.eps), what.c_str());
    ok(sk_cross_entropy_backward(dx, dl, logp, lab, w.b, c.rows, c.cols, c.eps), what.c_str());
    return dx.read();
}

void validate_loss(const std::string& what, float got, double want, double tol, double eps) {
    validate(what.c_str(), std::vector<float>{got}, std::vector<double>{want}, tol, eps);
}

void cpu_checks() {
    for (const Case& c : kCases) {
        Inputs in = make_inputs(c);
        std::vector<double> logp;
        double want = reference(in, c, &logp);
        Fwd f = forward(SK_DEVICE_CPU, in, c, "forward " + c.str());
        validate_loss("loss " + c.str(), f.loss, want, 1e-6, 2e-6);
        validate(("logp " + c.str()).c_str(), f.logp, logp, 1e-6, 2e-6);
        validate(("backward " + c.str()).c_str(), backward(SK_DEVICE_CPU, in, c, 0.7f, "backward " + c.str()),
                 reference_backward(in, c, 0.7), 1e-7, 2e-5);
    }
    /* rows == 0: the mean over nothing is NaN (as PyTorch), not an error */
    check(std::isnan(forward(SK_DEVICE_CPU, {}, {0, 5, false, 0}, "rows 0").loss), "rows = 0 gives NaN");

    /* by hand: logits [[0,0,0],[0,ln2,ln5]], labels [1,2], w = [1,2,3], eps = 0.3:
     *   row 0: p_c = -ln3; t_0 = 0.7*2*ln3 + 0.1*(1+2+3)*ln3 = 2 ln3
     *   row 1: p = ln(1/8), ln(2/8), ln(5/8); t_1 = 0.7*3*ln(8/5) + 0.1*(ln8 + 2 ln4 + 3 ln(8/5)) = 2.4 ln1.6 + 0.7 ln2
     *   loss = (t_0 + t_1) / (2 + 3) */
    {
        Case c{2, 3, true, 0.3f};
        Inputs in{{0, 0, 0, 0, std::log(2.0f), std::log(5.0f)}, {1, 2, 3}, {1, 2}};
        double want = (2 * std::log(3.0) + 2.4 * std::log(1.6) + 0.7 * std::log(2.0)) / 5;
        validate_loss("hand-computed loss (0.76208...)", forward(SK_DEVICE_CPU, in, c, "hand").loss, want, 1e-6, 1e-6);
        check(std::fabs(want - 0.7620873) < 1e-6, "hand-computed value");
    }
    /* +-1000 logits: finite loss and gradient, equal to the reference */
    {
        Case c{3, 4, true, 0.1f};
        Inputs in{{1000, -1000, 0, 999, -1000, -1000, -1000, -999, 1000, 1000, -1000, 3}, {1, 0.5f, 2, 1}, {1, 0, 3}};
        Fwd f = forward(SK_DEVICE_CPU, in, c, "+-1000");
        check(std::isfinite(f.loss), "+-1000 logits: finite loss");
        validate_loss("+-1000 logits loss", f.loss, reference(in, c, nullptr), 1e-6, 2e-6);
        validate("+-1000 logits backward", backward(SK_DEVICE_CPU, in, c, 1.0f, "+-1000 backward"),
                 reference_backward(in, c, 1.0), 1e-7, 2e-5);
    }
    /* gradchecks: L = r * loss(logits) */
    for (Case c : {Case{3, 4, false, 0}, Case{3, 4, true, 0}, Case{3, 4, false, 0.25f}, Case{5, 3, true, 0.4f}}) {
        Inputs in = make_inputs(c, 1.0f);
        std::string what = "backward vs finite differences " + c.str();
        auto f = [&](const std::vector<float>& xs) {
            Inputs p = in;
            p.logits = xs;
            return std::vector<float>{forward(SK_DEVICE_CPU, p, c, what).loss};
        };
        gradcheck(what.c_str(), in.logits, {0.8f}, f, backward(SK_DEVICE_CPU, in, c, 0.8f, what), 1e-2, 2e-4, 2e-3);
    }

    /* errors: labels are checked before anything is written */
    Buf loss(SK_DEVICE_CPU, std::vector<float>{7.0f}), logp(SK_DEVICE_CPU, 80), x(SK_DEVICE_CPU, randn(20)),
        w(SK_DEVICE_CPU, std::vector<float>(5, 1.0f)), dl(SK_DEVICE_CPU, std::vector<float>{1.0f}),
        good(SK_DEVICE_CPU, std::vector<int32_t>{0, 4, 2, 1}), bad(SK_DEVICE_CPU, std::vector<int32_t>{0, 2, 5, 1}),
        neg(SK_DEVICE_CPU, std::vector<int32_t>{-1, 2, 7, 1}), b4(SK_DEVICE_CPU, 4);
    expect_error(sk_cross_entropy_forward(loss, logp, x, bad, w, 4, 5, 0), SK_ERR_ARG,
                 "cross_entropy_forward: label 5 at row 2 is outside [0, 5)", "label too large");
    check(loss.read()[0] == 7.0f && logp.read() == std::vector<float>(20, 0.0f), "bad label: nothing computed");
    expect_error(sk_cross_entropy_forward(loss, logp, x, neg, nullptr, 4, 5, 0.1f), SK_ERR_ARG,
                 "label -1 at row 0 is outside [0, 5)", "negative label, first bad row");
    expect_error(sk_cross_entropy_backward(logp, dl, logp, bad, w, 4, 5, 0), SK_ERR_ARG,
                 "cross_entropy_backward: label 5 at row 2", "bad label (backward)");
    expect_error(sk_cross_entropy_forward(loss, logp, x, good, w, 4, 0, 0), SK_ERR_ARG, "label 0 at row 0 is outside [0, 0)",
                 "cols = 0");
    expect_error(sk_cross_entropy_forward(loss, logp, x, good, w, 4, 5, 1.0f), SK_ERR_ARG, "smoothing = 1 is outside [0, 1)",
                 "smoothing 1");
    expect_error(sk_cross_entropy_forward(loss, logp, x, good, w, 4, 5, -0.5f), SK_ERR_ARG, "smoothing = -0.5",
                 "negative smoothing");
    expect_error(sk_cross_entropy_backward(logp, dl, logp, good, w, 4, 5, NAN), SK_ERR_ARG, "smoothing = nan",
                 "NaN smoothing");
    expect_error(sk_cross_entropy_forward(loss, logp, x, good, w, -4, 5, 0), SK_ERR_SHAPE, "rows = -4 is negative",
                 "negative rows");
    expect_error(sk_cross_entropy_backward(logp, dl, logp, good, w, 4, -5, 0), SK_ERR_SHAPE, "cols = -5 is negative",
                 "negative cols");
    expect_error(sk_cross_entropy_forward(loss, logp, x, good, b4, 4, 5, 0), SK_ERR_SHAPE, "buffer 'weights' holds 4",
                 "too-small weights");
    expect_error(sk_cross_entropy_forward(loss, logp, x, b4, w, 4, 5, 0), SK_ERR_SHAPE, "buffer 'labels' holds 4",
                 "too-small labels");
    expect_error(sk_cross_entropy_forward(loss, b4, x, good, w, 4, 5, 0), SK_ERR_SHAPE, "buffer 'logp' holds 4",
                 "too-small logp");
    expect_error(sk_cross_entropy_forward(loss, logp, x, nullptr, w, 4, 5, 0), SK_ERR_ARG, "'labels' is NULL",
                 "NULL labels");
    expect_error(sk_cross_entropy_backward(logp, nullptr, logp, good, w, 4, 5, 0), SK_ERR_ARG, "'dloss' is NULL",
                 "NULL dloss");
    ok(sk_cross_entropy_forward(loss, logp, x, good, nullptr, 4, 5, 0), "NULL weights are all ones");
}

void cuda_checks(int32_t dev) {
    for (const Case& c : kCases) {
        Inputs in = make_inputs(c);
        if (c.rows * c.cols > 1) in.logits[0] = 1000.0f, in.logits.back() = -1000.0f;
        std::string what = c.str();
        Fwd g = forward(dev, in, c, "cuda " + what), h = forward(SK_DEVICE_CPU, in, c, what);
        validate_loss("cuda loss vs cpu " + what, g.loss, h.loss, 1e-6, 1e-5);
        validate(("cuda logp vs cpu " + what).c_str(), g.logp, h.logp, 1e-6, 1e-5);
        validate(("cuda backward vs cpu " + what).c_str(), backward(dev, in, c, 0.7f, "cuda " + what),
                 backward(SK_DEVICE_CPU, in, c, 0.7f, what), 1e-7, 1e-5);
    }
    /* label errors detected on the device: the smallest bad row and its value, as on the CPU */
    Buf loss(dev, 4), logp(dev, 80), x(dev, randn(20)), dl(dev, std::vector<float>{1.0f}),
        bad(dev, std::vector<int32_t>{0, 9, 1, -3});
    expect_error(sk_cross_entropy_forward(loss, logp, x, bad, nullptr, 4, 5, 0.1f), SK_ERR_ARG,
                 "cross_entropy_forward: label 9 at row 1 is outside [0, 5)", "cuda bad label");
    expect_error(sk_cross_entropy_backward(logp, dl, logp, bad, nullptr, 4, 5, 0.1f), SK_ERR_ARG,
                 "cross_entropy_backward: label 9 at row 1 is outside [0, 5)", "cuda bad label (backward)");
    check(std::isnan(forward(dev, {}, {0, 5, false, 0}, "cuda rows 0").loss), "cuda rows = 0 gives NaN");
    if (skip_timings(dev)) return;
    /* timings; napkin math: forward reads logits, writes logp (8 B per element); backward reads logp,
     * writes dlogits (8 B per element); both include the flag copy-back (one synchronization) */
    for (Case c : {Case{8192, 1000, true, 0.1f}, Case{1024, 50257, false, 0.1f}}) {
        Inputs in = make_inputs(c);
        Buf bl(dev, 4), bp(dev, c.rows * c.cols * 4), bx(dev, in.logits), lab(dev, in.labels), bdl(dev, 4),
            bdx(dev, c.rows * c.cols * 4);
        Buf bw = in.weights.empty() ? Buf() : Buf(dev, in.weights);
        double n = (double)c.rows * c.cols;
        double ms = time_ms(dev, 20, [&] { sk_cross_entropy_forward(bl, bp, bx, lab, bw.b, c.rows, c.cols, c.eps); });
        std::printf("cross_entropy forward %s: %.4f ms, %.1f GB/s\n", c.str().c_str(), ms, 8.0 * n / ms / 1e6);
        ms = time_ms(dev, 20, [&] { sk_cross_entropy_backward(bdx, bdl, bp, lab, bw.b, c.rows, c.cols, c.eps); });
        std::printf("cross_entropy backward %s: %.4f ms, %.1f GB/s\n", c.str().c_str(), ms, 8.0 * n / ms / 1e6);
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "cross_entropy_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
