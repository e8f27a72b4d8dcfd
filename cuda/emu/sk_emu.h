/* cuda/emu/sk_emu.h — the CUDA execution-model emulator's core (build option SYMKERN_CUDA_EMULATION).
 *
 * A kernel launch runs every block of the grid on the calling CPU thread, one block after another in a
 * seeded shuffled block order. The threads of a block are cooperative fibers (own stacks, hand-written
 * context switch): a thread runs until it reaches __syncthreads(), a warp primitive or its end, then the
 * next thread runs. Between two such points the block's threads run in a seeded shuffled order, so a
 * missing barrier or a shared-memory race changes the result from one order to the next.
 *
 *   - __syncthreads() is a real barrier: released when every thread of the block that has not exited
 *     waits at it; threads waiting at different __syncthreads() call sites are a finding (divergent barrier).
 *   - warp primitives (__shfl_*_sync, __ballot_sync, __syncwarp) are exchanges among the lanes named by the
 *     mask: released when all of them arrived at the same primitive with the same mask; a named lane that
 *     exited or waits elsewhere is a finding (it would hang or be undefined on a GPU).
 *   - __shared__ variables (SK_SHARED in cuda/launch.cuh) are heap blocks allocated per block and freed at
 *     its end, filled with an order-dependent byte pattern (reading shared memory nobody wrote changes the
 *     result between orders); dynamic shared memory likewise.
 *   - device memory (cudaMalloc/cudaMallocAsync) is ordinary heap memory, tracked; pointer arguments of a
 *     kernel must point into device memory (or be null).
 *   - order check (SK_EMU_ORDERS=2, the default): every launch runs twice from the same device memory
 *     snapshot under two different orders; all device memory must then be bit-identical, or within a float
 *     tolerance when the launch used floating-point atomics (whose summation order is not fixed).
 * Build it with AddressSanitizer: shared memory, device memory and the fibers' stacks are ordinary memory,
 * so an out-of-bounds index is an ASan report.
 *
 * Findings (emulator-detected errors) print one line to stderr and abort() by default; tests of the emulator
 * switch that off and read them with findings().
 *
 * Environment: SK_EMU_SEED (default 1) seeds the orders; SK_EMU_ORDERS (1 or 2, default 2).
 * Not modelled: the GPU memory model (writes are visible at once, in program order), warp scheduling and
 * independent thread scheduling inside a warp between primitives, occupancy, resource limits other than
 * block size / grid size / 48 KiB static shared memory, and speed. */
#ifndef SK_EMU_H
#define SK_EMU_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

struct uint3 {
    unsigned int x, y, z;
};
struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
    constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
};

namespace sk_emu {

/* One GPU thread's state (a fiber). */
struct Thread;
struct Block;

extern Thread* t_thread;   /* the fiber running now (null outside a launch; one launch at a time) */
extern Block* t_block;

const uint3& thread_idx();
const uint3& block_idx();
const dim3& block_dim();
const dim3& grid_dim();

/* ---- kernel launch ---------------------------------------------------------------------------------- */
struct Body {
    void* self;
    void (*run)(void*);
};
struct PointerArg {
    int index;
    const void* ptr;
};
/* Returns a cudaError_t value (0 = success). */
int run_kernel(const char* file, int line, dim3 grid, dim3 block, size_t dynamic_shared, Body body,
               const std::vector<PointerArg>& pointer_args);

template <typename T>
inline void collect_pointer(std::vector<PointerArg>& out, int index, const T& v) {
    if constexpr (std::is_pointer_v<T>) out.push_back({index, static_cast<const void*>(v)});
}

template <typename... P, typename... A>
inline int launch(const char* file, int line, void (*kernel)(P...), dim3 grid, dim3 block, size_t dynamic_shared,
                  A&&... a) {
    static_assert(sizeof...(P) == sizeof...(A), "kernel launched with the wrong number of arguments");
    std::tuple<std::decay_t<P>...> args(std::forward<A>(a)...);   /* the argument conversions, done once */
    std::vector<PointerArg> pointers;
    std::apply([&](const auto&... v) {
        int i = 0;
        (collect_pointer(pointers, i++, v), ...);
    }, args);
    struct Call {
        void (*k)(P...);
        std::tuple<std::decay_t<P>...>* args;
        static void run(void* self) {
            auto* c = static_cast<Call*>(self);
            std::apply(c->k, *c->args);   /* every thread gets its own copies of the parameters */
        }
    } call{kernel, &args};
    return run_kernel(file, line, grid, block, dynamic_shared, Body{&call, &Call::run}, pointers);
}

/* ---- block-level services used by the CUDA built-ins ------------------------------------------------ */
void syncthreads(const char* file, int line);
/* A warp exchange: deposits `value`, waits for the lanes of `mask`, returns the value deposited by lane
 * `src` (own value when src < 0). kind names the primitive (shfl, ballot, syncwarp) for messages. */
uint64_t warp_exchange(const char* kind, unsigned mask, uint64_t value, int src, unsigned* ballot_out);
int lane_id();
void* shared_static(const void* key, size_t bytes, size_t align);
void* shared_dynamic();
void note_float_atomic();

/* ---- controls and results for tests of the emulator ------------------------------------------------- */
void set_abort_on_finding(bool abort_on_finding);   /* default true */
void set_seed(uint64_t seed);                       /* default from SK_EMU_SEED, else 1 */
void set_orders(int orders);                        /* 1 or 2; default from SK_EMU_ORDERS, else 2 */
std::vector<std::string> findings();                /* recorded findings (when not aborting) */
void clear_findings();
uint64_t launches();                                /* launches run so far */
size_t live_allocations();                          /* device allocations not freed */

/* device memory (used by the runtime functions) */
void* device_alloc(size_t bytes);
bool device_free(void* p);
bool is_device_range(const void* p, size_t bytes);
void report(const std::string& message);   /* a finding */

}  // namespace sk_emu

#endif /* SK_EMU_H */
