/* native/src/parallel.h — OpenMP loops that cost nothing while they stay serial.
 * An OpenMP parallel region whose if() clause is false still enters libgomp: measured ~350 ns per call
 * here, which dominated small ops (a one-element relu took 375 ns instead of ~20). These helpers run
 * the plain loop / block when `parallel` is false and only then open a region. */
#ifndef SK_PARALLEL_H
#define SK_PARALLEL_H

#include <cstdint>

/* body(i) for i in [begin, end); statically scheduled over the OpenMP threads when `parallel`. */
template <typename Body>
inline void sk_parallel_for(int64_t begin, int64_t end, bool parallel, Body&& body) {
    if (!parallel || end - begin < 2) {
        for (int64_t i = begin; i < end; ++i) body(i);
        return;
    }
#pragma omp parallel for schedule(static)
    for (int64_t i = begin; i < end; ++i) body(i);
}

/* body() once per thread of a parallel region when `parallel`, else once on this thread (where
 * omp_get_num_threads() is 1 and omp_get_thread_num() is 0). */
template <typename Body>
inline void sk_parallel_region(bool parallel, Body&& body) {
    if (!parallel) {
        body();
        return;
    }
#pragma omp parallel
    body();
}

#endif /* SK_PARALLEL_H */
