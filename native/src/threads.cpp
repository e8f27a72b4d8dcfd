/* native/src/threads.cpp — process-wide control of the OpenMP team size of the CPU kernels.
 *
 * omp_set_num_threads changes the nthreads ICV of the calling thread only, and a JVM calls ops from many
 * threads. So the wanted value lives in one atomic together with a generation counter that changes on every
 * sk_set_num_threads; SK_DISPATCH calls sk_threads_adopt() before each CPU kernel, and a thread whose last
 * seen generation differs calls omp_set_num_threads itself. Generation 0 means "never set": threads keep
 * OpenMP's default (OMP_NUM_THREADS or the core count). */
#include "common.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <omp.h>

namespace {
std::atomic<int32_t> g_generation{0};
std::atomic<int32_t> g_threads{0};            /* 0: the default */
const int32_t g_default = omp_get_max_threads();  /* read when the library loads */

/* How libgomp waits, from the variables it read when it loaded (they are read here at the same moment,
 * before anything in this process can change them again). */
char g_wait[160];
const bool g_wait_init = [] {
    const char* policy = std::getenv("OMP_WAIT_POLICY");
    const char* spin = std::getenv("GOMP_SPINCOUNT");
    const char* defaulted = std::getenv("SYMKERN_OMP_WAIT_DEFAULTED");
    if (policy != nullptr && defaulted != nullptr)
        std::snprintf(g_wait, sizeof g_wait, "OMP_WAIT_POLICY=%s (symkern's default)", policy);
    else if (policy != nullptr) std::snprintf(g_wait, sizeof g_wait, "OMP_WAIT_POLICY=%s", policy);
    else if (spin != nullptr) std::snprintf(g_wait, sizeof g_wait, "GOMP_SPINCOUNT=%s", spin);
    else std::snprintf(g_wait, sizeof g_wait, "libgomp default (spin about 300000 iterations, then sleep)");
    return true;
}();
}  // namespace

int32_t sk_threads_generation_now(void) {
    return g_generation.load(std::memory_order_acquire);
}

void sk_threads_adopt_slow(int32_t generation) {
    (void) generation;
    int32_t n = g_threads.load(std::memory_order_acquire);
    omp_set_num_threads(n > 0 ? n : g_default);
}

extern "C" {

SK_API sk_status sk_set_num_threads(int32_t n) {
    SK_CHECK(n >= 0, SK_ERR_ARG, "sk_set_num_threads: n = %d must be >= 1 (or 0 for the default)", (int) n);
    g_threads.store(n, std::memory_order_release);
    g_generation.fetch_add(1, std::memory_order_acq_rel);
    sk_threads_adopt();
    return SK_OK;
}

SK_API const char* sk_omp_wait_policy(void) {
    return g_wait;
}

SK_API int32_t sk_get_num_threads(void) {
    int32_t n = g_threads.load(std::memory_order_acquire);
    return n > 0 ? n : g_default;
}

}  // extern "C"
