/* native/ompenv/ompenv.c — libsymkern_ompenv.so: bounds libgomp's busy waiting before libgomp starts.
 *
 * libgomp reads OMP_WAIT_POLICY and GOMP_SPINCOUNT once, when it is loaded, and has no API to change them
 * later; by the time libsymkern's own code runs, libgomp (its dependency) has already read them. Without
 * either variable a thread that reaches a barrier or waits for work spins up to 300000 iterations (about
 * 5 ms here) before it sleeps: on a quiet machine that hides the wake-up latency, but when the cores are
 * shared the spinning threads take the CPU from the thread that the others wait for, and a training step
 * became 3-4 times slower. Measured on 2 shared cores (load average ~20, P4CNN step, 2 threads, two rounds,
 * docs/performance.md): libgomp's default spin 1660-2110 ms wall / 550-620 ms CPU per step; GOMP_SPINCOUNT
 * 10000: 585-605 / 210-230; 1000: 530-630 / 175-195; passive: 365-510 / 160-185. So when the user has set
 * neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT, this library's constructor sets OMP_WAIT_POLICY=passive (and
 * SYMKERN_OMP_WAIT_DEFAULTED=1 so that sk_omp_wait_policy can say where it came from); a user's setting of
 * either variable stands. It has no dependency on libgomp; the Java binding loads it first (JavaCPP
 * "preload"). It never prints or fails. */
#include <stdlib.h>

__attribute__((constructor)) static void sk_ompenv_init(void) {
    if (getenv("OMP_WAIT_POLICY") != NULL || getenv("GOMP_SPINCOUNT") != NULL) return;
    if (setenv("OMP_WAIT_POLICY", "passive", 0) == 0) setenv("SYMKERN_OMP_WAIT_DEFAULTED", "1", 1);
}
