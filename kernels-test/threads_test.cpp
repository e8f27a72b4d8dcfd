/* kernels-test/threads_test.cpp — sk_set_num_threads / sk_get_num_threads: the value round-trips, 0 restores
 * the default, negative values are errors, and a thread other than the caller adopts the value at its next
 * CPU op (OpenMP's omp_set_num_threads alone would change only the calling thread). CPU only. */
#include "harness.h"

#include <omp.h>
#include <thread>

using namespace harness;

namespace {
/* Runs one small CPU op on a fresh thread and returns that thread's OpenMP team size afterwards. */
int team_size_seen_by_new_thread() {
    int seen = -1;
    std::thread t([&] {
        Buf x(SK_DEVICE_CPU, std::vector<float>{1.0f, -2.0f, 3.0f});
        Buf y(SK_DEVICE_CPU, 3 * 4);
        ok(sk_unary_forward(y, x, 3, SK_UNARY_RELU, 0.0f), "relu on a second thread");
        seen = omp_get_max_threads();
    });
    t.join();
    return seen;
}

void set_get_and_adopt() {
    int32_t def = sk_get_num_threads();
    check(def >= 1, "the default is at least one thread");
    ok(sk_set_num_threads(3), "set 3");
    check(sk_get_num_threads() == 3, "get returns the value set");
    check(omp_get_max_threads() == 3, "the calling thread adopts it at once");
    check(team_size_seen_by_new_thread() == 3, "another thread adopts it at its next CPU op");
    ok(sk_set_num_threads(1), "set 1");
    check(team_size_seen_by_new_thread() == 1, "a second change reaches other threads too");
    ok(sk_set_num_threads(0), "set 0");
    check(sk_get_num_threads() == def, "0 restores the default");
    check(team_size_seen_by_new_thread() == def, "threads return to the default");
}

void error_paths() {
    int32_t before = sk_get_num_threads();
    expect_error(sk_set_num_threads(-1), SK_ERR_ARG, "must be >= 1", "negative thread count");
    check(sk_get_num_threads() == before, "a rejected value changes nothing");
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "threads_test");
    if (dev != SK_DEVICE_CPU) {
        std::printf("SKIP: thread control concerns the CPU kernels only\n");
        return 77;
    }
    set_get_and_adopt();
    error_paths();
    return finish();
}
