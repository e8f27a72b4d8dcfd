/* kernels-test/edge_attention_test.cpp — K14 edge_attention (orbit GATv2): forward (out, lse) vs a float64
 * reference built from explicit per-target edge lists, dense (B = 1, 3; n = 1, 2, 7, 10) and CSR (random
 * graphs with self edges, duplicate edges and nodes without incoming edges), each with the three self-loop
 * modes; every backward output (dxl, dxr, dep, datt) vs central finite differences; dense == CSR on
 * complete graphs; the += / = rules; error paths (cpu). CUDA vs CPU and timings (cuda).
 * Finite differences use inputs whose LeakyReLU arguments keep one sign per channel (xr, xl and ep share
 * the sign of their channel), so a +-h step never crosses the kink.
 *   ./edge_attention_test cpu | ./edge_attention_test cuda */
#include "harness.h"

using namespace harness;

namespace {
const char* const kModeName[] = {"none", "category", "mean"};

struct Graph {
    bool dense;
    int64_t batch, n;            /* dense */
    int64_t nodes, edges;        /* both (dense: nodes = batch*n) */
    int64_t num_cat;
    std::vector<int32_t> cat;    /* dense (n, n) */
    std::vector<int32_t> offsets, sources, edge_cat;   /* CSR */
};

std::vector<int32_t> rand_ids(int64_t count, int64_t limit) {
    std::uniform_int_distribution<int32_t> d(0, (int32_t)limit - 1);
    std::vector<int32_t> v((size_t)count);
    for (auto& x : v) x = d(rng());
    return v;
}

Graph dense_graph(int64_t batch, int64_t n, int64_t num_cat) {
    Graph g{true, batch, n, batch * n, n * n, num_cat, rand_ids(n * n, num_cat), {}, {}, {}};
    return g;
}

/* The CSR listing all n^2 pairs of every graph of a dense batch (block diagonal), in the dense slot order. */
Graph csr_of_dense(const Graph& d) {
    Graph g{false, 0, 0, d.nodes, d.nodes * d.n, d.num_cat, {}, {0}, {}, {}};
    for (int64_t t = 0; t < d.nodes; ++t) {
        const int64_t b = t / d.n, i = t % d.n;
        for (int64_t j = 0; j < d.n; ++j) {
            g.sources.push_back((int32_t)(b * d.n + j));
            g.edge_cat.push_back(d.cat[(size_t)(j * d.n + i)]);
        }
        g.offsets.push_back((int32_t)g.sources.size());
    }
    return g;
}

/* Random in-degrees in [0, max_deg] (so some nodes have none), random sources (self edges and duplicates
 * happen), random categories. */
Graph random_csr(int64_t nodes, int64_t max_deg, int64_t num_cat) {
    Graph g{false, 0, 0, nodes, 0, num_cat, {}, {0}, {}, {}};
    std::uniform_int_distribution<int64_t> deg(0, max_deg);
    for (int64_t t = 0; t < nodes; ++t) {
        int64_t k = deg(rng());
        for (int64_t e = 0; e < k; ++e) {
            g.sources.push_back(rand_ids(1, nodes)[0]);
            g.edge_cat.push_back(rand_ids(1, num_cat)[0]);
        }
        g.offsets.push_back((int32_t)g.sources.size());
    }
    g.edges = (int64_t)g.sources.size();
    return g;
}

struct Inputs {
    int64_t H, C;
    std::vector<float> xl, xr, ep, att;
};

/* Random inputs; `kink_free`: every channel w has a sign shared by xr, xl and ep (|values| in [0.1, 1]). */
Inputs inputs(const Graph& g, int64_t H, int64_t C, bool kink_free) {
    const int64_t HC = H * C;
    Inputs in{H, C, randn(g.nodes * HC), randn(g.nodes * HC), randn(g.num_cat * HC), randn(HC)};
    if (kink_free) {
        std::vector<float> sign = rand_uniform(HC, -1.0f, 1.0f);
        auto fix = [&](std::vector<float>& v) {
            std::vector<float> mag = rand_uniform((int64_t)v.size(), 0.1f, 1.0f);
            for (size_t i = 0; i < v.size(); ++i) v[i] = (sign[i % (size_t)HC] < 0 ? -1.0f : 1.0f) * mag[i];
        };
        fix(in.xl);
        fix(in.xr);
        fix(in.ep);
    }
    return in;
}

/* float64 reference: out (nodes, HC) followed by lse (nodes, H). */
std::vector<double> reference(const Graph& g, const Inputs& in, int mode, double slope) {
    const int64_t H = in.H, C = in.C, HC = H * C;
    std::vector<double> out((size_t)(g.nodes * HC + g.nodes * H), 0.0);
    for (int64_t t = 0; t < g.nodes; ++t) {
        std::vector<int64_t> src;
        std::vector<std::vector<double>> feat;
        auto add = [&](int64_t s, int32_t k) {
            src.push_back(s);
            feat.emplace_back(in.ep.begin() + k * HC, in.ep.begin() + (k + 1) * HC);
        };
        if (g.dense) {
            const int64_t b = t / g.n, i = t % g.n;
            for (int64_t j = 0; j < g.n; ++j)
                if (j != i || mode == SK_ATTN_SELF_CATEGORY) add(b * g.n + j, g.cat[(size_t)(j * g.n + i)]);
        } else {
            for (int64_t e = g.offsets[(size_t)t]; e < g.offsets[(size_t)t + 1]; ++e)
                if (g.sources[(size_t)e] != t || mode == SK_ATTN_SELF_CATEGORY) add(g.sources[(size_t)e], g.edge_cat[(size_t)e]);
        }
        if (mode == SK_ATTN_SELF_MEAN) {
            std::vector<double> m((size_t)HC, 0.0);
            for (auto& f : feat)
                for (int64_t w = 0; w < HC; ++w) m[(size_t)w] += f[(size_t)w] / (double)feat.size();
            src.push_back(t);
            feat.push_back(m);
        }
        for (int64_t h = 0; h < H; ++h) {
            std::vector<double> s(src.size());
            double mx = -INFINITY;
            for (size_t e = 0; e < src.size(); ++e) {
                double acc = 0;
                for (int64_t c = 0; c < C; ++c) {
                    const int64_t w = h * C + c;
                    double z = (double)in.xr[(size_t)(t * HC + w)] + in.xl[(size_t)(src[e] * HC + w)] + feat[e][(size_t)w];
                    acc += in.att[(size_t)w] * (z > 0 ? z : slope * z);
                }
                s[e] = acc;
                mx = std::fmax(mx, acc);
            }
            double sum = 0;
            for (double v : s) sum += std::exp(v - mx);
            for (size_t e = 0; e < src.size(); ++e)
                for (int64_t c = 0; c < C; ++c)
                    out[(size_t)(t * HC + h * C + c)] += std::exp(s[e] - mx) / sum * in.xl[(size_t)(src[e] * HC + h * C + c)];
            out[(size_t)(g.nodes * HC + t * H + h)] = src.empty() ? -INFINITY : mx + std::log(sum);
        }
    }
    return out;
}

struct Bufs {
    Buf cat, offsets, sources, edge_cat;
    Bufs(int32_t dev, const Graph& g)
        : cat(dev, g.cat), offsets(dev, g.offsets), sources(dev, g.sources), edge_cat(dev, g.edge_cat) {}
};

/* out (nodes, HC) followed by lse (nodes, H), as the reference. */
std::vector<float> forward(int32_t dev, const Graph& g, const Inputs& in, int mode, float slope) {
    Bufs t(dev, g);
    Buf xl(dev, in.xl), xr(dev, in.xr), ep(dev, in.ep), att(dev, in.att);
    Buf out(dev, g.nodes * in.H * in.C * 4), lse(dev, g.nodes * in.H * 4);
    if (g.dense)
        ok(sk_edge_attention_dense_forward(out, lse, xl, xr, ep, att, t.cat, g.batch, g.n, in.H, in.C, g.num_cat, mode,
                                           slope),
           "dense_forward");
    else
        ok(sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, t.offsets, t.sources, t.edge_cat, g.nodes, g.edges,
                                         in.H, in.C, g.num_cat, mode, slope),
           "csr_forward");
    std::vector<float> o = out.read(), l = lse.read();
    o.insert(o.end(), l.begin(), l.end());
    return o;
}

/* Only the out part (what finite differences project). */
std::vector<float> forward_out(const Graph& g, const Inputs& in, int mode, float slope) {
    std::vector<float> v = forward(SK_DEVICE_CPU, g, in, mode, slope);
    v.resize((size_t)(g.nodes * in.H * in.C));
    return v;
}

struct GradsOut {
    std::vector<float> dxl, dxr, dep, datt;
};

GradsOut backward(int32_t dev, const Graph& g, const Inputs& in, int mode, float slope, const std::vector<float>& dout,
                  float prefill = 0.0f) {
    const int64_t HC = in.H * in.C;
    Bufs t(dev, g);
    Buf xl(dev, in.xl), xr(dev, in.xr), ep(dev, in.ep), att(dev, in.att), g_out(dev, dout);
    Buf out(dev, g.nodes * HC * 4), lse(dev, g.nodes * in.H * 4);
    Buf dxl(dev, std::vector<float>((size_t)(g.nodes * HC), prefill)), dxr(dev, std::vector<float>((size_t)(g.nodes * HC), prefill));
    Buf dep(dev, std::vector<float>((size_t)(g.num_cat * HC), prefill)), datt(dev, std::vector<float>((size_t)HC, prefill));
    if (g.dense) {
        ok(sk_edge_attention_dense_forward(out, lse, xl, xr, ep, att, t.cat, g.batch, g.n, in.H, in.C, g.num_cat, mode,
                                           slope),
           "dense_forward");
        ok(sk_edge_attention_dense_backward(dxl, dxr, dep, datt, g_out, out, lse, xl, xr, ep, att, t.cat, g.batch, g.n,
                                            in.H, in.C, g.num_cat, mode, slope),
           "dense_backward");
    } else {
        ok(sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, t.offsets, t.sources, t.edge_cat, g.nodes, g.edges,
                                         in.H, in.C, g.num_cat, mode, slope),
           "csr_forward");
        ok(sk_edge_attention_csr_backward(dxl, dxr, dep, datt, g_out, out, lse, xl, xr, ep, att, t.offsets, t.sources,
                                          t.edge_cat, g.nodes, g.edges, in.H, in.C, g.num_cat, mode, slope),
           "csr_backward");
    }
    return {dxl.read(), dxr.read(), dep.read(), datt.read()};
}

std::string label(const Graph& g, const Inputs& in, int mode, const char* what) {
    char buf[200];
    if (g.dense)
        std::snprintf(buf, sizeof buf, "dense B=%lld n=%lld H=%lld C=%lld K=%lld self=%s %s", (long long)g.batch,
                      (long long)g.n, (long long)in.H, (long long)in.C, (long long)g.num_cat, kModeName[mode], what);
    else
        std::snprintf(buf, sizeof buf, "csr nodes=%lld edges=%lld H=%lld C=%lld K=%lld self=%s %s", (long long)g.nodes,
                      (long long)g.edges, (long long)in.H, (long long)in.C, (long long)g.num_cat, kModeName[mode], what);
    return buf;
}

void check_forward(const Graph& g, int64_t H, int64_t C, int mode) {
    const float slope = 0.2f;
    Inputs in = inputs(g, H, C, false);
    validate(label(g, in, mode, "forward").c_str(), forward(SK_DEVICE_CPU, g, in, mode, slope),
             reference(g, in, mode, slope), 2e-5, 2e-5);
}

void check_gradients(const Graph& g, int64_t H, int64_t C, int mode) {
    const float slope = 0.2f;
    const double h = 5e-3, tol = 2e-3, eps = 5e-3;
    Inputs in = inputs(g, H, C, true);
    std::vector<float> r = randn(g.nodes * H * C);
    GradsOut gr = backward(SK_DEVICE_CPU, g, in, mode, slope, r);
    auto fd = [&](const char* what, std::vector<float> Inputs::*field, const std::vector<float>& analytic) {
        gradcheck(label(g, in, mode, what).c_str(), in.*field, r, [&](const std::vector<float>& v) {
            Inputs q = in;
            q.*field = v;
            return forward_out(g, q, mode, slope);
        }, analytic, h, tol, eps);
    };
    fd("dxl", &Inputs::xl, gr.dxl);
    fd("dxr", &Inputs::xr, gr.dxr);
    fd("dep", &Inputs::ep, gr.dep);
    fd("datt", &Inputs::att, gr.datt);
    /* dep / datt accumulate, dxl / dxr are overwritten */
    GradsOut g2 = backward(SK_DEVICE_CPU, g, in, mode, slope, r, 0.5f);
    auto plus = [](const std::vector<float>& v, double s) {
        std::vector<double> o(v.size());
        for (size_t i = 0; i < v.size(); ++i) o[i] = v[i] + s;
        return o;
    };
    validate(label(g, in, mode, "dep accumulates").c_str(), g2.dep, plus(gr.dep, 0.5), 1e-5, 1e-5);
    validate(label(g, in, mode, "datt accumulates").c_str(), g2.datt, plus(gr.datt, 0.5), 1e-5, 1e-5);
    validate(label(g, in, mode, "dxl overwrites").c_str(), g2.dxl, plus(gr.dxl, 0), 0, 0);
    validate(label(g, in, mode, "dxr overwrites").c_str(), g2.dxr, plus(gr.dxr, 0), 0, 0);
}

void check_dense_equals_csr(int64_t batch, int64_t n, int mode) {
    Graph d = dense_graph(batch, n, 5), c = csr_of_dense(d);
    Inputs in = inputs(d, 2, 3, false);
    std::vector<float> r = randn(d.nodes * 6);
    std::vector<float> fd = forward(SK_DEVICE_CPU, d, in, mode, 0.2f), fc = forward(SK_DEVICE_CPU, c, in, mode, 0.2f);
    validate(label(d, in, mode, "forward == csr").c_str(), fd, std::vector<double>(fc.begin(), fc.end()), 1e-6, 1e-6);
    GradsOut gd = backward(SK_DEVICE_CPU, d, in, mode, 0.2f, r), gc = backward(SK_DEVICE_CPU, c, in, mode, 0.2f, r);
    validate(label(d, in, mode, "dxl == csr").c_str(), gd.dxl, std::vector<double>(gc.dxl.begin(), gc.dxl.end()), 1e-6, 1e-5);
    validate(label(d, in, mode, "dxr == csr").c_str(), gd.dxr, std::vector<double>(gc.dxr.begin(), gc.dxr.end()), 1e-6, 1e-5);
    validate(label(d, in, mode, "dep == csr").c_str(), gd.dep, std::vector<double>(gc.dep.begin(), gc.dep.end()), 1e-5, 1e-5);
    validate(label(d, in, mode, "datt == csr").c_str(), gd.datt, std::vector<double>(gc.datt.begin(), gc.datt.end()), 1e-5, 1e-5);
}

void error_paths() {
    const int32_t cpu = SK_DEVICE_CPU;
    Graph g = random_csr(5, 3, 4);
    Inputs in = inputs(g, 2, 3, false);
    Buf xl(cpu, in.xl), xr(cpu, in.xr), ep(cpu, in.ep), att(cpu, in.att), out(cpu, 5 * 6 * 4), lse(cpu, 5 * 2 * 4);
    auto csr = [&](std::vector<int32_t> off, std::vector<int32_t> src, std::vector<int32_t> ec, int64_t edges, int mode) {
        Buf o(cpu, off), s(cpu, src), e(cpu, ec);
        return sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, o, s, e, 5, edges, 2, 3, 4, mode, 0.2f);
    };
    std::vector<int32_t> off = {0, 1, 1, 3, 4, 4}, src = {1, 0, 4, 3}, ec = {0, 3, 2, 1};
    ok(csr(off, src, ec, 4, SK_ATTN_SELF_MEAN), "valid csr");
    expect_error(csr(off, src, {0, 4, 2, 1}, 4, 0), SK_ERR_ARG, "edge_cat[1] = 4 is outside [0, 4)", "edge category out of range");
    expect_error(csr(off, {1, 0, 5, 3}, ec, 4, 0), SK_ERR_ARG, "sources[2] = 5 is outside [0, 5)", "source out of range");
    expect_error(csr({1, 1, 1, 3, 4, 4}, src, ec, 4, 0), SK_ERR_ARG, "offsets[0] = 1, must be 0", "offsets start");
    expect_error(csr({0, 2, 1, 3, 4, 4}, src, ec, 4, 0), SK_ERR_ARG, "offsets decrease at 2", "offsets decrease");
    expect_error(csr({0, 1, 1, 3, 4, 3}, src, ec, 4, 0), SK_ERR_ARG, "offsets decrease at 5", "offsets decrease at end");
    expect_error(csr({0, 1, 1, 3, 3, 3}, src, ec, 4, 0), SK_ERR_ARG, "offsets[5] = 3, must equal the edge count 4",
                 "offsets end");
    expect_error(csr(off, src, ec, 4, 3), SK_ERR_ARG, "unknown self_loops mode 3", "bad mode");
    Buf o(cpu, off), s(cpu, src), e(cpu, ec);
    expect_error(sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, o, s, e, 5, 4, 2, 0, 4, 0, 0.2f), SK_ERR_SHAPE,
                 "channels = 0 per head", "zero channels");
    expect_error(sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, o, s, e, 5, 4, 1, 300, 4, 0, 0.2f),
                 SK_ERR_SHAPE, "channels = 300 per head is outside [1, 256]", "too many channels");
    expect_error(sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, o, s, e, 5, 5, 2, 3, 4, 0, 0.2f), SK_ERR_SHAPE,
                 "buffer 'sources' holds 16 bytes", "sources too small");
    expect_error(sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, nullptr, s, e, 5, 4, 2, 3, 4, 0, 0.2f),
                 SK_ERR_ARG, "'offsets' is NULL", "NULL offsets");
    Graph d = dense_graph(1, 3, 4);
    d.cat[5] = 7;
    Inputs di = inputs(d, 2, 3, false);
    Buf dxl(cpu, di.xl), dxr(cpu, di.xr), dep(cpu, di.ep), datt(cpu, di.att), c(cpu, d.cat), dout(cpu, 3 * 6 * 4),
        dlse(cpu, 3 * 2 * 4);
    expect_error(sk_edge_attention_dense_forward(dout, dlse, dxl, dxr, dep, datt, c, 1, 3, 2, 3, 4, 1, 0.2f), SK_ERR_ARG,
                 "edge_attention_dense_forward: cat[5] = 7 is outside [0, 4)", "dense category out of range");
    expect_error(sk_edge_attention_dense_backward(nullptr, nullptr, nullptr, datt, dout, dout, dlse, dxl, dxr, dep, datt,
                                                  c, 1, 3, 2, 3, 4, 1, 0.2f),
                 SK_ERR_ARG, "edge_attention_dense_backward: cat[5] = 7", "dense backward category out of range");
    expect_error(sk_edge_attention_dense_forward(dout, dlse, dxl, dxr, dep, datt, c, 1, -3, 2, 3, 4, 1, 0.2f),
                 SK_ERR_SHAPE, "n = -3 is negative", "negative n");
}

void cpu_checks() {
    for (int mode = 0; mode < 3; ++mode) {
        for (int64_t batch : {1, 3})
            for (int64_t n : {1, 2, 7, 10}) check_forward(dense_graph(batch, n, n == 10 ? 50 : 6), 2, 5, mode);
        check_forward(dense_graph(2, 9, 7), 8, 16, mode);
        check_forward(dense_graph(0, 4, 3), 2, 3, mode);
        for (int64_t nodes : {1, 5, 23}) check_forward(random_csr(nodes, 6, 5), 3, 4, mode);
        check_forward(random_csr(0, 3, 2), 2, 2, mode);

        for (int64_t batch : {1, 3})
            for (int64_t n : {1, 2, 7}) check_gradients(dense_graph(batch, n, 6), 2, 3, mode);
        check_gradients(dense_graph(1, 10, 50), 2, 2, mode);
        check_gradients(random_csr(9, 5, 4), 2, 3, mode);
        check_dense_equals_csr(3, 7, mode);
        check_dense_equals_csr(1, 1, mode);
    }
    /* a single pair category map: every edge of every target alike */
    check_forward(dense_graph(2, 6, 1), 1, 1, SK_ATTN_SELF_MEAN);
    error_paths();
}

void cuda_checks(int32_t dev) {
    for (int mode = 0; mode < 3; ++mode) {
        std::vector<Graph> graphs = {dense_graph(1, 1, 3), dense_graph(3, 7, 6), dense_graph(2, 10, 50),
                                     dense_graph(4, 33, 9), random_csr(40, 12, 5), random_csr(1, 2, 2)};
        for (const Graph& g : graphs)
            for (int64_t C : {3, 16, 40}) {
                Inputs in = inputs(g, 2, C, false);
                std::vector<float> r = randn(g.nodes * 2 * C);
                validate(label(g, in, mode, "cuda forward vs cpu").c_str(), forward(dev, g, in, mode, 0.2f),
                         forward(SK_DEVICE_CPU, g, in, mode, 0.2f), 1e-5, 1e-4);
                GradsOut gc = backward(SK_DEVICE_CPU, g, in, mode, 0.2f, r, 0.5f), gg = backward(dev, g, in, mode, 0.2f, r, 0.5f);
                /* sum_e ds_e = 0 exactly (D = sum_e alpha_e dd_e), so a dxr channel where every edge has z > 0, and
                 * the ds part of dxl, are sums of O(|ds|) terms that cancel to 0: the CUDA group reductions and the
                 * CPU's sequential dot products leave different roundoff of that size. Absolute tolerance scaled
                 * by the gradient's magnitude (found by the CUDA emulator: 1e-5 flat failed on 5 of 16k values). */
                auto scale = [](const std::vector<float>& v) {
                    double m = 1.0;
                    for (float x : v) m = std::max(m, (double)std::fabs(x));
                    return m;
                };
                validate(label(g, in, mode, "cuda dxl vs cpu").c_str(), gg.dxl, gc.dxl, 1e-5 * scale(gc.dxl), 1e-4);
                validate(label(g, in, mode, "cuda dxr vs cpu").c_str(), gg.dxr, gc.dxr, 1e-5 * scale(gc.dxr), 1e-4);
                validate(label(g, in, mode, "cuda dep vs cpu").c_str(), gg.dep, gc.dep, 1e-4, 1e-4);
                validate(label(g, in, mode, "cuda datt vs cpu").c_str(), gg.datt, gc.datt, 1e-4, 1e-4);
            }
    }
    /* error paths on the device */
    Graph g = random_csr(5, 3, 4);
    g.offsets[3] = 0;
    Inputs in = inputs(g, 2, 3, false);
    Bufs t(dev, g);
    Buf xl(dev, in.xl), xr(dev, in.xr), ep(dev, in.ep), att(dev, in.att), out(dev, 5 * 6 * 4), lse(dev, 5 * 2 * 4);
    expect_error(sk_edge_attention_csr_forward(out, lse, xl, xr, ep, att, t.offsets, t.sources, t.edge_cat, 5, g.edges,
                                               2, 3, 4, 0, 0.2f),
                 SK_ERR_ARG, "offsets decrease at 3", "cuda bad offsets");
    if (skip_timings(dev)) return;
    /* timings: B = 64 graphs of n nodes, H = 8, C = 16, MEAN self loops, dense and CSR */
    for (int64_t n : {10, 50, 100}) {
        Graph d = dense_graph(64, n, 6), c = csr_of_dense(d);
        Inputs q = inputs(d, 8, 16, false);
        for (const Graph* gp : {&d, &c}) {
            const Graph& gg = *gp;
            Bufs tb(dev, gg);
            Buf bxl(dev, q.xl), bxr(dev, q.xr), bep(dev, q.ep), batt(dev, q.att), bout(dev, gg.nodes * 128 * 4),
                blse(dev, gg.nodes * 8 * 4), bdxl(dev, gg.nodes * 128 * 4), bdxr(dev, gg.nodes * 128 * 4),
                bdep(dev, 6 * 128 * 4), bdatt(dev, 128 * 4);
            auto fwd = [&] {
                if (gg.dense) sk_edge_attention_dense_forward(bout, blse, bxl, bxr, bep, batt, tb.cat, 64, n, 8, 16, 6, 2, 0.2f);
                else sk_edge_attention_csr_forward(bout, blse, bxl, bxr, bep, batt, tb.offsets, tb.sources, tb.edge_cat,
                                                   gg.nodes, gg.edges, 8, 16, 6, 2, 0.2f);
            };
            auto bwd = [&] {
                if (gg.dense) sk_edge_attention_dense_backward(bdxl, bdxr, bdep, bdatt, bout, bout, blse, bxl, bxr, bep, batt,
                                                               tb.cat, 64, n, 8, 16, 6, 2, 0.2f);
                else sk_edge_attention_csr_backward(bdxl, bdxr, bdep, bdatt, bout, bout, blse, bxl, bxr, bep, batt,
                                                    tb.offsets, tb.sources, tb.edge_cat, gg.nodes, gg.edges, 8, 16, 6, 2,
                                                    0.2f);
            };
            double f = time_ms(dev, 10, fwd), b = time_ms(dev, 10, bwd);
            /* napkin math: ~4 flops per (edge, channel) forward (z, LeakyReLU.att, exp-scaled accumulate) */
            double edges = 64.0 * n * n, gf = 4.0 * edges * 128 / f / 1e6;
            std::printf("edge_attention %s B=64 n=%lld H=8 C=16 mean: forward %.4f ms (%.1f GFLOP/s), backward %.4f ms\n",
                        gg.dense ? "dense" : "csr  ", (long long)n, f, gf, b);
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "edge_attention_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
