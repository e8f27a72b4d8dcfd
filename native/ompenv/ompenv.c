/* native/ompenv/ompenv.c — libsymkern_ompenv.so: bounds libgomp's busy waiting before libgomp starts.
 *
 * libgomp reads OMP_WAIT_POLICY and GOMP_SPINCOUNT once, when it is loaded, and has no API to change them
 * later; by the time libsymkern's own code runs, libgomp (its dependency) has already read them. Without
 * either variable a thread that reaches a barrier or waits for work spins up to 300000 iterations (about
 * 5 ms here) before it sleeps: on a quiet machine that hides the wake-up latency, but when the cores are
 * shared the spinning threads take the CPU from the thread that the others wait for, and a training step
 * became 3-4 times slower (docs/performance.md). This library has no dependency on libgomp; the Java
 * binding loads it first (JavaCPP "preload"), and its constructor sets GOMP_SPINCOUNT to a short spin
 * (SK_OMP_SPINCOUNT iterations, tens of microseconds) unless the user set OMP_WAIT_POLICY or
 * GOMP_SPINCOUNT, whose values then stand. It never prints or fails. */
#include <stdlib.h>

#define SK_OMP_SPINCOUNT "10000"

__attribute__((visibility("default"))) const char* sk_ompenv_applied = "";

__attribute__((constructor)) static void sk_ompenv_init(void) {
    if (getenv("OMP_WAIT_POLICY") != NULL || getenv("GOMP_SPINCOUNT") != NULL) return;
    if (setenv("GOMP_SPINCOUNT", SK_OMP_SPINCOUNT, 0) == 0) sk_ompenv_applied = "GOMP_SPINCOUNT=" SK_OMP_SPINCOUNT;
}
