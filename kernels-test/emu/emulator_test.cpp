/* kernels-test/emu/emulator_test.cpp — tests of the CUDA emulator itself (cuda/emu/), with tiny kernels
 * written for it in the library's own style (SK_LAUNCH, SK_SHARED). Run as `emulator_test <property>`; each
 * property is one CTest entry (label emu). The seeded-bug properties plant a real kernel bug (a missing
 * __syncthreads() in a tiled reduction, an index shifted by one, ...) and require the emulator to catch it;
 * the others check that correct kernels give the CUDA semantics. Exit code: number of failed checks. */
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "cuda_runtime.h"
#include "launch.cuh"
#include "sort_pairs.cuh"

namespace {

int g_failed = 0, g_checks = 0;

void check(bool cond, const std::string& what) {
    ++g_checks;
    if (!cond) {
        ++g_failed;
        std::printf("FAIL %s\n", what.c_str());
    }
}

/* A device buffer holding `host`, freed at scope exit. */
template <typename T>
struct Dev {
    T* p = nullptr;
    size_t n = 0;
    explicit Dev(const std::vector<T>& host) : n(host.size()) {
        cudaMalloc(reinterpret_cast<void**>(&p), n * sizeof(T));
        cudaMemcpy(p, host.data(), n * sizeof(T), cudaMemcpyHostToDevice);
    }
    explicit Dev(size_t count, int byte = 0) : n(count) {
        cudaMalloc(reinterpret_cast<void**>(&p), n * sizeof(T));
        cudaMemset(p, byte, n * sizeof(T));
    }
    ~Dev() { cudaFree(p); }
    std::vector<T> get() const {
        std::vector<T> h(n);
        cudaMemcpy(h.data(), p, n * sizeof(T), cudaMemcpyDeviceToHost);
        return h;
    }
};

/* Findings of one body run with findings recorded instead of aborting. */
std::vector<std::string> findings_of(const std::function<void()>& body) {
    sk_emu::set_abort_on_finding(false);
    sk_emu::clear_findings();
    body();
    std::vector<std::string> f = sk_emu::findings();
    sk_emu::clear_findings();
    sk_emu::set_abort_on_finding(true);
    return f;
}

bool any_contains(const std::vector<std::string>& v, const char* needle) {
    for (const std::string& s : v)
        if (s.find(needle) != std::string::npos) return true;
    return false;
}

/* Runs body in a child process; returns its stderr and whether it died abnormally (ASan aborts). */
std::pair<bool, std::string> in_child(const std::function<void()>& body) {
    int fds[2];
    if (pipe(fds) != 0) return {false, "pipe failed"};
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        body();
        _exit(0);
    }
    close(fds[1]);
    std::string err;
    char buf[4096];
    ssize_t r;
    while ((r = read(fds[0], buf, sizeof buf)) > 0) err.append(buf, (size_t)r);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const bool died = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    return {died, err};
}

constexpr int kTile = 128;

/* ---- kernels ------------------------------------------------------------------------------------------- */
/* Tiled block sum: each block loads kTile values into shared memory and halves the tile per step. */
__global__ void tiled_sum_kernel(float* out, const float* x, int n) {
    SK_SHARED(float[kTile], tile);
    const int t = threadIdx.x, i = blockIdx.x * kTile + t;
    tile[t] = i < n ? x[i] : 0.0f;
    __syncthreads();
    for (int s = kTile / 2; s > 0; s >>= 1) {
        if (t < s) tile[t] += tile[t + s];
        __syncthreads();
    }
    if (t == 0) out[blockIdx.x] = tile[0];
}

/* Seeded bug: the barrier after the loads is missing. */
__global__ void tiled_sum_missing_sync_kernel(float* out, const float* x, int n) {
    SK_SHARED(float[kTile], tile);
    const int t = threadIdx.x, i = blockIdx.x * kTile + t;
    tile[t] = i < n ? x[i] : 0.0f;
    for (int s = kTile / 2; s > 0; s >>= 1) {
        if (t < s) tile[t] += tile[t + s];
        __syncthreads();
    }
    if (t == 0) out[blockIdx.x] = tile[0];
}

/* Seeded bug: the tile is read one element past the thread's own slot (t + 1). */
__global__ void shifted_shared_index_kernel(float* out, const float* x, int n) {
    SK_SHARED(float[kTile], tile);
    const int t = threadIdx.x, i = blockIdx.x * kTile + t;
    tile[t] = i < n ? x[i] : 0.0f;
    __syncthreads();
    if (i < n) out[i] = tile[t + 1];
}

/* Seeded bug: y[i + 1] = x[i] writes one element past the end of y. */
__global__ void shifted_global_index_kernel(float* y, const float* x, int n) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i + 1] = x[i];
}

__global__ void warp_ops_kernel(float* xor_sum, float* down_sum, unsigned* ballot, float* bcast, const float* x) {
    const int t = threadIdx.x;
    float v = x[t];
    float s = v;
    for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
    xor_sum[t] = s;
    float d = v;
    for (int o = 16; o > 0; o >>= 1) d += __shfl_down_sync(0xffffffffu, d, o);
    down_sum[t] = d;
    ballot[t] = __ballot_sync(0xffffffffu, v > 0.0f);
    bcast[t] = __shfl_sync(0xffffffffu, v, 3);
    __syncwarp();
}

/* Seeded bug: lanes >= 16 return before a full-mask shuffle. */
__global__ void shuffle_after_exit_kernel(float* out, const float* x) {
    const int t = threadIdx.x;
    if (t >= 16) return;
    out[t] = __shfl_xor_sync(0xffffffffu, x[t], 1);
}

/* Seeded bug: __syncthreads() in a branch that only half of the block takes, another in the other branch. */
__global__ void divergent_barrier_kernel(float* out) {
    const int t = threadIdx.x;
    if (t < 32) {
        out[t] = 1.0f;
        __syncthreads();
    } else {
        out[t] = 2.0f;
        __syncthreads();
    }
}

/* Seeded bug: the shared accumulator is read but never written. */
__global__ void uninitialized_shared_kernel(float* out) {
    SK_SHARED(float, acc);
    out[threadIdx.x] = acc;   /* nobody wrote acc */
}

/* Seeded bug: block b reads the value that block b - 1 writes in the same launch. */
__global__ void cross_block_kernel(float* y) {
    const int b = blockIdx.x;
    if (threadIdx.x == 0) y[b] = (b > 0 ? y[b - 1] : 0.0f) + 1.0f;
}

__global__ void atomic_sum_kernel(float* total, unsigned long long* first_negative, const float* x, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        atomicAdd(total, x[i]);
        if (x[i] < 0.0f) atomicMin(first_negative, (unsigned long long)i);
    }
}

__global__ void dynamic_shared_kernel(float* out, const float* x) {
    SK_SHARED_DYNAMIC(float, buf);
    const int t = threadIdx.x;
    buf[t] = x[t];
    __syncthreads();
    out[t] = buf[blockDim.x - 1 - t];
}

__global__ void index_kernel(unsigned* out) {
    const unsigned tid = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    const unsigned bid = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
    const unsigned nthreads = blockDim.x * blockDim.y * blockDim.z;
    out[bid * nthreads + tid] = bid * 1000 + tid;
}

__global__ void too_much_shared_kernel(float* out) {
    SK_SHARED(float[8192], a);
    SK_SHARED(float[8192], b);
    a[threadIdx.x] = 1.0f;
    b[threadIdx.x] = 2.0f;
    out[threadIdx.x] = a[threadIdx.x] + b[threadIdx.x];
}

std::vector<float> randn(size_t n, unsigned seed) {
    std::mt19937 r(seed);
    std::normal_distribution<float> d;
    std::vector<float> v(n);
    for (auto& x : v) x = d(r);
    return v;
}

/* ---- properties ---------------------------------------------------------------------------------------- */
void tiled_reduction_is_exact_and_order_independent() {
    const int n = 1000, blocks = (n + kTile - 1) / kTile;
    std::vector<float> x = randn(n, 1);
    Dev<float> dx(x), dout((size_t)blocks);
    auto f = findings_of([&] { SK_LAUNCH(tiled_sum_kernel, blocks, kTile, dout.p, dx.p, n); });
    check(f.empty(), "no finding for the correct tiled reduction");
    check(cudaGetLastError() == cudaSuccess, "no launch error");
    std::vector<float> got = dout.get();
    for (int b = 0; b < blocks; ++b) {
        /* the same tree on the host */
        std::vector<float> tile(kTile, 0.0f);
        for (int t = 0; t < kTile; ++t) tile[t] = b * kTile + t < n ? x[b * kTile + t] : 0.0f;
        for (int s = kTile / 2; s > 0; s >>= 1)
            for (int t = 0; t < s; ++t) tile[t] += tile[t + s];
        check(got[b] == tile[0], "block " + std::to_string(b) + " sum equals the host tree bit for bit");
    }
}

void missing_syncthreads_is_caught() {
    const int n = 1024, blocks = n / kTile;
    std::vector<float> x = randn(n, 2);
    Dev<float> dx(x), dout((size_t)blocks);
    auto f = findings_of([&] { SK_LAUNCH(tiled_sum_missing_sync_kernel, blocks, kTile, dout.p, dx.p, n); });
    check(any_contains(f, "not deterministic across thread orders"), "missing __syncthreads() reported");
    check(cudaGetLastError() == cudaErrorLaunchFailure, "and the launch fails");
    check(std::string(cudaGetErrorString(cudaErrorLaunchFailure)).find("emulator_test.cpp") != std::string::npos,
          "the error string names the launch site");
}

void shifted_shared_index_is_a_sanitizer_error() {
    auto [died, err] = in_child([] {
        const int n = kTile;
        Dev<float> dx(randn(n, 3)), dout((size_t)n);
        SK_LAUNCH(shifted_shared_index_kernel, 1, kTile, dout.p, dx.p, n);
    });
    check(died, "the shifted shared-memory index kills the run");
    /* UBSan's bounds check sees the shared array's type (float[128]) and fires before ASan's redzone would */
    const bool named = (err.find("index 128 out of bounds for type 'float [128]'") != std::string::npos ||
                        err.find("heap-buffer-overflow") != std::string::npos) &&
                       err.find("emulator_test.cpp") != std::string::npos;
    check(named, "UBSan (array bounds) or ASan (heap-buffer-overflow) reports the read at its source line");
    if (!named) std::printf("child stderr:\n%s\n", err.c_str());
}

void shifted_global_index_is_an_asan_error() {
    auto [died, err] = in_child([] {
        const int n = 300;
        Dev<float> dx(randn(n, 4)), dy((size_t)n);
        SK_LAUNCH(shifted_global_index_kernel, 3, 128, dy.p, dx.p, n);
    });
    check(died, "the shifted global index kills the run");
    check(err.find("heap-buffer-overflow") != std::string::npos && err.find("shifted_global_index_kernel") != std::string::npos,
          "ASan names a heap-buffer-overflow in shifted_global_index_kernel");
    if (err.find("heap-buffer-overflow") == std::string::npos) std::printf("child stderr:\n%s\n", err.c_str());
}

void warp_primitives_match_cuda_semantics() {
    std::vector<float> x = randn(64, 5);
    Dev<float> dx(x), xs(64), ds(64), bc(64);
    Dev<unsigned> bal(64);
    auto f = findings_of([&] { SK_LAUNCH(warp_ops_kernel, 1, 64, xs.p, ds.p, bal.p, bc.p, dx.p); });
    check(f.empty(), "no finding for full-mask warp primitives");
    std::vector<float> gx = xs.get(), gd = ds.get(), gb = bc.get();
    std::vector<unsigned> gbal = bal.get();
    for (int w = 0; w < 2; ++w) {
        /* xor butterfly: every lane holds the warp sum, summed in the butterfly's order */
        std::vector<float> s(x.begin() + 32 * w, x.begin() + 32 * w + 32);
        for (int o = 16; o > 0; o >>= 1) {
            std::vector<float> nx(32);
            for (int l = 0; l < 32; ++l) nx[l] = s[l] + s[l ^ o];
            s = nx;
        }
        std::vector<float> d(x.begin() + 32 * w, x.begin() + 32 * w + 32);
        for (int o = 16; o > 0; o >>= 1) {
            std::vector<float> nd(32);
            for (int l = 0; l < 32; ++l) nd[l] = d[l] + (l + o < 32 ? d[l + o] : d[l]);
            d = nd;
        }
        unsigned ballot = 0;
        for (int l = 0; l < 32; ++l) ballot |= (x[32 * w + l] > 0.0f ? 1u : 0u) << l;
        for (int l = 0; l < 32; ++l) {
            const int t = 32 * w + l;
            check(gx[t] == s[l], "__shfl_xor_sync butterfly lane " + std::to_string(t));
            check(gd[t] == d[l], "__shfl_down_sync tree lane " + std::to_string(t));
            check(gbal[t] == ballot, "__ballot_sync lane " + std::to_string(t));
            check(gb[t] == x[32 * w + 3], "__shfl_sync broadcast lane " + std::to_string(t));
        }
    }
}

void shuffle_with_exited_lanes_is_caught() {
    Dev<float> dx(randn(32, 6)), dout(32);
    auto f = findings_of([&] { SK_LAUNCH(shuffle_after_exit_kernel, 1, 32, dout.p, dx.p); });
    check(any_contains(f, "__shfl_xor_sync with mask 0xffffffff: lane 16 has exited"), "full-mask shuffle after an exit reported");
}

void divergent_barrier_is_caught() {
    Dev<float> dout(64);
    auto f = findings_of([&] { SK_LAUNCH(divergent_barrier_kernel, 1, 64, dout.p); });
    check(any_contains(f, "divergent __syncthreads()"), "barriers at two call sites reported");
}

void uninitialized_shared_read_is_caught() {
    Dev<float> dout(32);
    auto f = findings_of([&] { SK_LAUNCH(uninitialized_shared_kernel, 1, 32, dout.p); });
    check(any_contains(f, "not deterministic across thread orders"), "reading shared memory nobody wrote reported");
}

void cross_block_dependency_is_caught() {
    Dev<float> dy(64);
    auto f = findings_of([&] { SK_LAUNCH(cross_block_kernel, 64, 32, dy.p); });
    check(any_contains(f, "not deterministic across thread orders"), "a block reading another block's output reported");
}

void float_atomics_are_within_tolerance_and_integer_atomics_exact() {
    const int n = 5000;
    std::vector<float> x = randn(n, 7);
    x[4321] = -std::fabs(x[4321]) - 1.0f;
    int first_neg = 0;
    while (x[first_neg] >= 0.0f) ++first_neg;
    Dev<float> dx(x), total(1);
    Dev<unsigned long long> neg(1, 0xFF);
    auto f = findings_of([&] { SK_LAUNCH(atomic_sum_kernel, 8, 128, total.p, neg.p, dx.p, n); });
    check(f.empty(), "float atomicAdd order differences stay within tolerance");
    double ref = std::accumulate(x.begin(), x.end(), 0.0);
    check(std::fabs(total.get()[0] - ref) <= 1e-3, "atomicAdd total matches the float64 sum");
    check(neg.get()[0] == (unsigned long long)first_neg, "atomicMin finds the first negative index");
}

void host_pointer_argument_is_caught() {
    std::vector<float> host(32);
    auto f = findings_of([&] { SK_LAUNCH(uninitialized_shared_kernel, 1, 32, host.data()); });
    check(any_contains(f, "pointer argument 0"), "a host pointer passed to a kernel reported");
}

void invalid_configuration_is_a_launch_error() {
    Dev<float> dout(2048);
    cudaGetLastError();
    SK_LAUNCH(uninitialized_shared_kernel, 1, 1025, dout.p);
    check(cudaGetLastError() == cudaErrorInvalidConfiguration, "1025 threads per block: cudaErrorInvalidConfiguration");
    SK_LAUNCH(uninitialized_shared_kernel, dim3(1, 65536), 32, dout.p);
    check(cudaGetLastError() == cudaErrorInvalidConfiguration, "gridDim.y = 65536: cudaErrorInvalidConfiguration");
    SK_LAUNCH(uninitialized_shared_kernel, 0, 32, dout.p);
    check(cudaGetLastError() == cudaErrorInvalidConfiguration, "empty grid: cudaErrorInvalidConfiguration");
    check(cudaGetLastError() == cudaSuccess, "cudaGetLastError clears the error");
}

void static_shared_memory_limit_is_enforced() {
    Dev<float> dout(32);
    auto f = findings_of([&] { SK_LAUNCH(too_much_shared_kernel, 1, 32, dout.p); });
    check(any_contains(f, "> 48 KiB"), "64 KiB of static shared memory reported");
}

void dynamic_shared_memory_and_indices() {
    std::vector<float> x = randn(96, 8);
    Dev<float> dx(x), dout(96);
    auto f = findings_of([&] { SK_LAUNCH_SMEM(dynamic_shared_kernel, 1, 96, 96 * sizeof(float), dout.p, dx.p); });
    check(f.empty(), "no finding for dynamic shared memory");
    std::vector<float> got = dout.get();
    bool same = true;
    for (int t = 0; t < 96; ++t) same = same && got[t] == x[95 - t];
    check(same, "dynamic shared memory reverses the block's values");
    const dim3 grid(3, 2, 2), block(4, 3, 2);
    Dev<unsigned> idx(12 * 24);
    SK_LAUNCH(index_kernel, grid, block, idx.p);
    std::vector<unsigned> gi = idx.get();
    bool all = true;
    for (unsigned b = 0; b < 12; ++b)
        for (unsigned t = 0; t < 24; ++t) all = all && gi[b * 24 + t] == b * 1000 + t;
    check(all, "threadIdx/blockIdx/blockDim/gridDim in 3D cover every (block, thread) once");
}

void sort_pairs_is_stable_by_the_key_bits() {
    const int n = 1000;
    std::vector<uint32_t> keys(n);
    std::vector<int32_t> vals(n);
    std::mt19937 r(9);
    for (int i = 0; i < n; ++i) {
        keys[i] = r() % 37 + (r() % 4) * 1024;   /* bits above end_bit = 6 must be ignored */
        vals[i] = i;
    }
    Dev<uint32_t> kin(keys), kout((size_t)n);
    Dev<int32_t> vin(vals), vout((size_t)n);
    size_t temp_bytes = 0;
    check(sk_sort_pairs(nullptr, temp_bytes, kin.p, kout.p, vin.p, vout.p, n, 0, 6) == cudaSuccess, "size query");
    Dev<unsigned char> temp(temp_bytes);
    check(sk_sort_pairs(temp.p, temp_bytes, kin.p, kout.p, vin.p, vout.p, n, 0, 6) == cudaSuccess, "sort");
    std::vector<uint32_t> gk = kout.get();
    std::vector<int32_t> gv = vout.get();
    bool ok = true;
    for (int i = 0; i < n; ++i) {
        ok = ok && gk[i] == keys[gv[i]];
        if (i > 0) ok = ok && ((gk[i - 1] & 63) < (gk[i] & 63) || ((gk[i - 1] & 63) == (gk[i] & 63) && gv[i - 1] < gv[i]));
    }
    check(ok, "pairs sorted by the low 6 key bits, equal keys in input order");
}

const std::map<std::string, void (*)()> kProperties = {
    {"tiled_reduction_is_exact_and_order_independent", tiled_reduction_is_exact_and_order_independent},
    {"missing_syncthreads_is_caught", missing_syncthreads_is_caught},
    {"shifted_shared_index_is_a_sanitizer_error", shifted_shared_index_is_a_sanitizer_error},
    {"shifted_global_index_is_an_asan_error", shifted_global_index_is_an_asan_error},
    {"warp_primitives_match_cuda_semantics", warp_primitives_match_cuda_semantics},
    {"shuffle_with_exited_lanes_is_caught", shuffle_with_exited_lanes_is_caught},
    {"divergent_barrier_is_caught", divergent_barrier_is_caught},
    {"uninitialized_shared_read_is_caught", uninitialized_shared_read_is_caught},
    {"cross_block_dependency_is_caught", cross_block_dependency_is_caught},
    {"float_atomics_are_within_tolerance_and_integer_atomics_exact", float_atomics_are_within_tolerance_and_integer_atomics_exact},
    {"host_pointer_argument_is_caught", host_pointer_argument_is_caught},
    {"invalid_configuration_is_a_launch_error", invalid_configuration_is_a_launch_error},
    {"static_shared_memory_limit_is_enforced", static_shared_memory_limit_is_enforced},
    {"dynamic_shared_memory_and_indices", dynamic_shared_memory_and_indices},
    {"sort_pairs_is_stable_by_the_key_bits", sort_pairs_is_stable_by_the_key_bits},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || kProperties.count(argv[1]) == 0) {
        std::printf("usage: emulator_test <property>; properties:\n");
        for (const auto& [name, fn] : kProperties) std::printf("  %s\n", name.c_str());
        return argc < 2 ? 0 : 2;
    }
    kProperties.at(argv[1])();
    std::printf("%s: %d checks, %d failed\n", argv[1], g_checks, g_failed);
    return g_failed > 76 ? 76 : g_failed;
}
