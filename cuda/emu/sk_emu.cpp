/* cuda/emu/sk_emu.cpp — the CUDA execution-model emulator (see sk_emu.h for the model and its limits) and
 * the CUDA runtime calls of cuda/emu/cuda_runtime.h as host memory, in order. x86-64 only (the fibers'
 * context switch is a few lines of assembly). */
#include "cuda_runtime.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#if defined(__SANITIZE_ADDRESS__)
#  include <sanitizer/asan_interface.h>
#  include <sanitizer/common_interface_defs.h>
#  define SK_EMU_ASAN 1
#else
#  define SK_EMU_ASAN 0
#endif

#if !defined(__x86_64__)
#  error "the CUDA emulator's fibers switch context with x86-64 assembly; port sk_emu_switch to this target"
#endif

/* ---- context switch: saves callee-saved registers, mxcsr and the x87 control word on the current stack,
 * stores the stack pointer in *save, and continues on the stack `next` (saved the same way, or prepared by
 * prepare_stack). */
extern "C" void sk_emu_switch(void** save, void* next);
extern "C" void sk_emu_trampoline();
asm(R"(
    .text
    .globl sk_emu_switch
    .hidden sk_emu_switch
    .type sk_emu_switch,@function
sk_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size sk_emu_switch,.-sk_emu_switch

    .globl sk_emu_trampoline
    .hidden sk_emu_trampoline
    .type sk_emu_trampoline,@function
sk_emu_trampoline:
    movq %r12, %rdi
    callq *%r13
    ud2
    .size sk_emu_trampoline,.-sk_emu_trampoline
    .section .note.GNU-stack,"",@progbits
    .text
)");

namespace sk_emu {

namespace {
constexpr size_t kStackBytes = 256 * 1024;   /* per GPU thread; ASan frames are larger than plain ones */
constexpr size_t kMaxStaticShared = 48 * 1024;

struct Stack {
    char* base = nullptr;   /* lowest usable address (a guard page lies below) */
    size_t size = 0;
    bool dirty = false;     /* a fiber was abandoned on it: frames below the top may still be poisoned */
};
}  // namespace

struct Thread {
    enum State { Runnable, AtBarrier, AtWarp, Exited };
    uint3 idx{0, 0, 0};
    int linear = 0, lane = 0, warp = 0;
    void* sp = nullptr;
    int stack = -1;         /* index into g_stacks while started and not exited */
    State state = Runnable;
    const char* bar_file = nullptr;
    int bar_line = 0;
    const char* warp_kind = nullptr;
    unsigned warp_mask = 0;
    uint64_t warp_value = 0, warp_result = 0;
    int warp_src = -1;
    unsigned* ballot_out = nullptr;
    void* fake_stack = nullptr;
};

struct SharedSlot {
    const void* key;
    void* ptr;
    size_t bytes;
};

struct Block {
    uint3 idx{0, 0, 0};
    dim3 dim, grid;
    Body body{nullptr, nullptr};
    std::vector<Thread> threads;
    std::vector<SharedSlot> shared;
    size_t shared_bytes = 0;
    void* dynamic_shared = nullptr;
    size_t dynamic_bytes = 0;
    unsigned char fill = 0xFF;
    bool failed = false;
    const char* file = "";
    int line = 0;
};

/* The state of the launch in progress. Launches are serialized by g_launch_mutex and all fibers of a launch
 * run on the launching thread, so these are plain globals: thread_local variables in a shared library
 * cost a __tls_get_addr call per access, which ASan intercepts (60% of the emulation time when measured). */
Thread* t_thread = nullptr;
Block* t_block = nullptr;

namespace {
void* t_sched_sp = nullptr;
const void* t_sched_bottom = nullptr;
size_t t_sched_size = 0;
bool t_float_atomic = false;
thread_local cudaError_t t_last_error = cudaSuccess;   /* per host thread, as in CUDA */

std::mutex g_launch_mutex;                 /* one launch at a time (the fibers' stacks are shared) */
std::atomic<std::thread::id> g_launch_owner{};   /* the host thread running a launch now */
std::vector<Stack> g_stacks;
std::mutex g_mem_mutex;
std::map<uintptr_t, size_t> g_allocs;      /* device allocations: base -> bytes */
std::mutex g_findings_mutex;
std::vector<std::string> g_findings;
std::string g_last_finding;
bool g_abort = true;
uint64_t g_seed = 0;
int g_orders = 0;
uint64_t g_launches = 0;
std::set<std::string> g_sites;

uint64_t seed() {
    if (g_seed == 0) {
        const char* s = std::getenv("SK_EMU_SEED");
        g_seed = s && *s ? std::strtoull(s, nullptr, 10) : 1;
        if (g_seed == 0) g_seed = 1;
    }
    return g_seed;
}
int orders() {
    if (g_orders == 0) {
        const char* s = std::getenv("SK_EMU_ORDERS");
        g_orders = s && *s ? std::atoi(s) : 2;
        if (g_orders < 1) g_orders = 1;
        if (g_orders > 2) g_orders = 2;
    }
    return g_orders;
}

/* At exit: the launch sites that ran, one per line, appended to $SK_EMU_SITES (coverage of cuda/<op>.cu). */
struct SitesWriter {
    ~SitesWriter() {
        const char* path = std::getenv("SK_EMU_SITES");
        if (!path || !*path) return;
        std::FILE* f = std::fopen(path, "a");
        if (!f) return;
        for (const std::string& s : g_sites) std::fprintf(f, "%s\n", s.c_str());
        std::fclose(f);
    }
} g_sites_writer;

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

std::string where(const Block& b, const Thread* t) {
    std::string s = format("kernel launched at %s:%d, block (%u,%u,%u)", b.file, b.line, b.idx.x, b.idx.y, b.idx.z);
    if (t) s += format(", thread (%u,%u,%u)", t->idx.x, t->idx.y, t->idx.z);
    return s;
}

void block_finding(Block& b, const Thread* t, const std::string& what) {
    b.failed = true;
    report(where(b, t) + ": " + what);
}

/* ---- fibers ---------------------------------------------------------------------------------------- */
Stack new_stack() {
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void* m = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED) {
        std::fprintf(stderr, "sk_emu: cannot map a fiber stack\n");
        std::abort();
    }
    mprotect(m, page, PROT_NONE);   /* guard page: a stack overflow faults */
    return Stack{static_cast<char*>(m) + page, kStackBytes};
}

void fiber_main(void* arg);

constexpr size_t kTopBytes = 2 * 1024;   /* the trampoline's and fiber_main's frames, which never return */

/* Gives t a stack from the free list and prepares its first switch into fiber_main. A stack is reused by
 * the next thread as soon as its thread exits, so a block without barriers runs on one stack. */
void prepare_stack(Thread& t, std::vector<int>& free_stacks) {
    if (free_stacks.empty()) {
        g_stacks.push_back(new_stack());
        free_stacks.push_back((int)g_stacks.size() - 1);
    }
    t.stack = free_stacks.back();
    free_stacks.pop_back();
    Stack& st = g_stacks[(size_t)t.stack];
#if SK_EMU_ASAN
    /* frames an earlier fiber left behind: fiber_main's at the top (it never returns), and every frame when
     * that fiber was abandoned after a finding */
    if (st.dirty) __asan_unpoison_memory_region(st.base, st.size);
    else __asan_unpoison_memory_region(st.base + st.size - kTopBytes, kTopBytes);
#endif
    st.dirty = false;
    auto top = reinterpret_cast<uintptr_t>(st.base + st.size) & ~(uintptr_t)15;
    auto* s = reinterpret_cast<uint64_t*>(top);
    s[-1] = reinterpret_cast<uint64_t>(&sk_emu_trampoline);    /* ret */
    s[-2] = 0;                                                 /* rbp */
    s[-3] = 0;                                                 /* rbx */
    s[-4] = reinterpret_cast<uint64_t>(&t);                    /* r12: argument */
    s[-5] = reinterpret_cast<uint64_t>(&fiber_main);           /* r13: entry */
    s[-6] = 0;                                                 /* r14 */
    s[-7] = 0;                                                 /* r15 */
    s[-8] = 0x1F80ull | (0x037Full << 32);                     /* mxcsr, x87 control word */
    t.sp = &s[-8];
    t.fake_stack = nullptr;
}

void resume(Thread& t) {
    t_thread = &t;
#if SK_EMU_ASAN
    void* fake = nullptr;
    const Stack& st = g_stacks[(size_t)t.stack];
    __sanitizer_start_switch_fiber(&fake, st.base, st.size);
#endif
    sk_emu_switch(&t_sched_sp, t.sp);
#if SK_EMU_ASAN
    __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
    t_thread = nullptr;
}

/* Called on a fiber: back to the scheduler; returns when the scheduler resumes this thread. */
void yield_to_scheduler() {
    Thread* t = t_thread;
#if SK_EMU_ASAN
    __sanitizer_start_switch_fiber(t->state == Thread::Exited ? nullptr : &t->fake_stack, t_sched_bottom,
                                   t_sched_size);
#endif
    sk_emu_switch(&t->sp, t_sched_sp);
#if SK_EMU_ASAN
    __sanitizer_finish_switch_fiber(t->fake_stack, &t_sched_bottom, &t_sched_size);
#endif
}

void fiber_main(void* arg) {
#if SK_EMU_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &t_sched_bottom, &t_sched_size);
#endif
    (void)arg;
    t_block->body.run(t_block->body.self);
    t_thread->state = Thread::Exited;
    yield_to_scheduler();
    __builtin_trap();   /* an exited thread is never resumed */
}

/* ---- one block ------------------------------------------------------------------------------------- */
const char* state_name(const Thread& t) {
    switch (t.state) {
        case Thread::Runnable: return "runnable";
        case Thread::AtBarrier: return "at __syncthreads";
        case Thread::AtWarp: return t.warp_kind;
        case Thread::Exited: return "exited";
    }
    return "?";
}

/* Releases every complete warp exchange; returns false on a finding. */
bool release_warps(Block& b, std::vector<int>& runnable) {
    const int nthreads = (int)b.threads.size();
    for (int w = 0; w * 32 < nthreads; ++w) {
        const int first = w * 32, lanes = std::min(32, nthreads - first);
        unsigned done = 0;
        for (int l = 0; l < lanes; ++l) {
            Thread& t = b.threads[first + l];
            if (t.state != Thread::AtWarp || (done >> l & 1u)) continue;
            const unsigned mask = t.warp_mask;
            if (!(mask >> l & 1u)) {
                block_finding(b, &t, format("%s with mask 0x%08x that does not name the calling lane %d", t.warp_kind,
                                            mask, l));
                return false;
            }
            bool complete = true;
            for (int m = 0; m < 32; ++m) {
                if (!(mask >> m & 1u)) continue;
                if (m >= lanes) {
                    block_finding(b, &t, format("%s with mask 0x%08x names lane %d, which does not exist (block of %d "
                                                "threads)", t.warp_kind, mask, m, nthreads));
                    return false;
                }
                const Thread& o = b.threads[first + m];
                if (o.state == Thread::Exited) {
                    block_finding(b, &t, format("%s with mask 0x%08x: lane %d has exited (a GPU hangs or gives an "
                                                "undefined value)", t.warp_kind, mask, m));
                    return false;
                }
                if (o.state != Thread::AtWarp) {
                    complete = false;
                    continue;
                }
                if (o.warp_mask != mask || std::strcmp(o.warp_kind, t.warp_kind) != 0) {
                    block_finding(b, &t, format("%s with mask 0x%08x while lane %d waits in %s with mask 0x%08x",
                                                t.warp_kind, mask, m, o.warp_kind, o.warp_mask));
                    return false;
                }
            }
            if (!complete) continue;
            unsigned ballot = 0;
            for (int m = 0; m < 32; ++m)
                if (mask >> m & 1u) ballot |= (b.threads[first + m].warp_value & 1u) << m;
            for (int m = 0; m < 32; ++m) {
                if (!(mask >> m & 1u)) continue;
                Thread& o = b.threads[first + m];
                int src = o.warp_src;
                if (src >= 0 && !(mask >> src & 1u)) {
                    block_finding(b, &o, format("%s reads lane %d, which is not in the mask 0x%08x (undefined on a "
                                                "GPU)", o.warp_kind, src, mask));
                    return false;
                }
                o.warp_result = src >= 0 ? b.threads[first + src].warp_value : o.warp_value;
                if (o.ballot_out) *o.ballot_out = ballot;
                o.state = Thread::Runnable;
                runnable.push_back(first + m);
                done |= 1u << m;
            }
        }
    }
    return true;
}

void run_block(Block& b, std::mt19937_64& rng, std::vector<int>& free_stacks) {
    const int n = (int)b.threads.size();
    std::vector<int> runnable(n);
    for (int i = 0; i < n; ++i) {
        Thread& t = b.threads[i];
        t.state = Thread::Runnable;
        t.stack = -1;
        runnable[i] = i;
    }
    t_block = &b;
    while (!b.failed) {
        std::shuffle(runnable.begin(), runnable.end(), rng);
        for (int i : runnable) {
            Thread& t = b.threads[i];
            if (t.stack < 0) prepare_stack(t, free_stacks);
            resume(t);
            if (t.state == Thread::Exited) {
                free_stacks.push_back(t.stack);
                t.stack = -1;
            }
            if (b.failed) break;
        }
        runnable.clear();
        if (b.failed || !release_warps(b, runnable)) break;
        if (!runnable.empty()) continue;
        int live = 0, at_barrier = 0;
        const Thread* first = nullptr;
        for (const Thread& t : b.threads) {
            if (t.state == Thread::Exited) continue;
            ++live;
            if (t.state == Thread::AtBarrier) {
                ++at_barrier;
                if (!first) first = &t;
            }
        }
        if (live == 0) break;
        if (at_barrier == live) {
            for (const Thread& t : b.threads)
                if (t.state == Thread::AtBarrier && (t.bar_line != first->bar_line || std::strcmp(t.bar_file, first->bar_file))) {
                    block_finding(b, &t, format("divergent __syncthreads(): this thread waits at %s:%d, thread (%u,%u,%u) "
                                                "at %s:%d", t.bar_file, t.bar_line, first->idx.x, first->idx.y,
                                                first->idx.z, first->bar_file, first->bar_line));
                    break;
                }
            if (b.failed) break;
            for (int i = 0; i < n; ++i)
                if (b.threads[i].state == Thread::AtBarrier) {
                    b.threads[i].state = Thread::Runnable;
                    runnable.push_back(i);
                }
            continue;
        }
        /* nothing can run: a deadlock on a GPU */
        std::string states;
        int shown = 0;
        for (const Thread& t : b.threads) {
            if (t.state == Thread::Exited || shown >= 6) continue;
            states += format("%s thread (%u,%u,%u) %s", shown ? ";" : "", t.idx.x, t.idx.y, t.idx.z, state_name(t));
            if (t.state == Thread::AtBarrier) states += format(" %s:%d", t.bar_file, t.bar_line);
            ++shown;
        }
        block_finding(b, nullptr, "deadlock: " + std::to_string(live - at_barrier) + " of " + std::to_string(live) +
                                      " live threads wait in warp primitives whose lanes never all arrive: " + states);
    }
    t_block = nullptr;
    for (Thread& t : b.threads)   /* threads abandoned after a finding */
        if (t.stack >= 0) {
            g_stacks[(size_t)t.stack].dirty = true;
            free_stacks.push_back(t.stack);
            t.stack = -1;
        }
    for (SharedSlot& s : b.shared) std::free(s.ptr);
    b.shared.clear();
    b.shared_bytes = 0;
    std::free(b.dynamic_shared);
    b.dynamic_shared = nullptr;
}

struct Snapshot {
    std::vector<std::pair<uintptr_t, std::vector<unsigned char>>> regions;
    void take() {
        std::lock_guard<std::mutex> lock(g_mem_mutex);
        regions.clear();
        regions.reserve(g_allocs.size());
        for (const auto& [base, bytes] : g_allocs)
            regions.emplace_back(base, std::vector<unsigned char>((unsigned char*)base, (unsigned char*)base + bytes));
    }
    void restore() const {
        for (const auto& [base, data] : regions)
            if (!data.empty()) std::memcpy((void*)base, data.data(), data.size());
    }
};

bool close_floats(float a, float b) {
    if (a == b || (std::isnan(a) && std::isnan(b))) return true;
    return std::fabs(a - b) <= 1e-5f + 1e-5f * std::max(std::fabs(a), std::fabs(b));
}

/* Runs the grid once under the order derived from `order_seed`; false on a finding. */
bool run_grid(const char* file, int line, dim3 grid, dim3 block, size_t dynamic_shared, Body body, uint64_t order_seed,
              unsigned char fill) {
    std::mt19937_64 rng(order_seed);
    const uint64_t nblocks = (uint64_t)grid.x * grid.y * grid.z;
    std::vector<uint64_t> order(nblocks);
    for (uint64_t i = 0; i < nblocks; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    const int nthreads = (int)(block.x * block.y * block.z);
    std::vector<int> free_stacks((size_t)g_stacks.size());
    for (size_t i = 0; i < free_stacks.size(); ++i) free_stacks[i] = (int)(free_stacks.size() - 1 - i);
    Block b;
    b.dim = block;
    b.grid = grid;
    b.body = body;
    b.fill = fill;
    b.file = file;
    b.line = line;
    b.threads.resize(nthreads);
    for (int i = 0; i < nthreads; ++i) {
        Thread& t = b.threads[i];
        t.linear = i;
        t.idx = uint3{(unsigned)i % block.x, (unsigned)(i / block.x) % block.y, (unsigned)(i / (block.x * block.y))};
        t.lane = i % 32;
        t.warp = i / 32;
    }
    b.dynamic_bytes = dynamic_shared;
    for (uint64_t k : order) {
        b.idx = uint3{(unsigned)(k % grid.x), (unsigned)((k / grid.x) % grid.y), (unsigned)(k / ((uint64_t)grid.x * grid.y))};
        b.failed = false;
        run_block(b, rng, free_stacks);
        if (b.failed) return false;
    }
    return true;
}
}  // namespace

/* ---- public core ------------------------------------------------------------------------------------- */
const uint3& thread_idx() { return t_thread->idx; }
const uint3& block_idx() { return t_block->idx; }
const dim3& block_dim() { return t_block->dim; }
const dim3& grid_dim() { return t_block->grid; }
int lane_id() { return t_thread->lane; }

void report(const std::string& message) {
    std::string m = "sk_emu: " + message;
    {
        std::lock_guard<std::mutex> lock(g_findings_mutex);
        g_findings.push_back(m);
        g_last_finding = m;
    }
    if (g_abort) {
        std::fprintf(stderr, "%s\n", m.c_str());
        std::fflush(stderr);
        std::abort();
    }
}

void syncthreads(const char* file, int line) {
    Thread* t = t_thread;
    if (!t) {
        report(format("__syncthreads() called outside a kernel (%s:%d)", file, line));
        return;
    }
    t->state = Thread::AtBarrier;
    t->bar_file = file;
    t->bar_line = line;
    yield_to_scheduler();
}

uint64_t warp_exchange(const char* kind, unsigned mask, uint64_t value, int src, unsigned* ballot_out) {
    Thread* t = t_thread;
    if (!t) {
        report(format("%s called outside a kernel", kind));
        return value;
    }
    t->state = Thread::AtWarp;
    t->warp_kind = kind;
    t->warp_mask = mask;
    t->warp_value = value;
    t->warp_src = src;
    t->ballot_out = ballot_out;
    yield_to_scheduler();
    t->ballot_out = nullptr;
    return t->warp_result;
}

void* shared_static(const void* key, size_t bytes, size_t align) {
    Block* b = t_block;
    for (const SharedSlot& s : b->shared)
        if (s.key == key) return s.ptr;
    void* p = nullptr;
    if (posix_memalign(&p, std::max(align, sizeof(void*)), bytes ? bytes : 1) != 0) {
        std::fprintf(stderr, "sk_emu: out of memory for shared memory\n");
        std::abort();
    }
    std::memset(p, b->fill, bytes);
    b->shared.push_back({key, p, bytes});
    b->shared_bytes += bytes;
    if (b->shared_bytes > kMaxStaticShared)
        block_finding(*b, t_thread, format("static shared memory of the block reaches %zu bytes (> 48 KiB)", b->shared_bytes));
    return p;
}

void* shared_dynamic() {
    Block* b = t_block;
    if (!b->dynamic_shared && b->dynamic_bytes) {
        b->dynamic_shared = std::malloc(b->dynamic_bytes);
        std::memset(b->dynamic_shared, b->fill, b->dynamic_bytes);
    }
    return b->dynamic_shared;
}

void note_float_atomic() { t_float_atomic = true; }

void set_abort_on_finding(bool a) { g_abort = a; }
void set_seed(uint64_t s) { g_seed = s ? s : 1; }
void set_orders(int o) { g_orders = o < 1 ? 1 : (o > 2 ? 2 : o); }
std::vector<std::string> findings() {
    std::lock_guard<std::mutex> lock(g_findings_mutex);
    return g_findings;
}
void clear_findings() {
    std::lock_guard<std::mutex> lock(g_findings_mutex);
    g_findings.clear();
}
uint64_t launches() { return g_launches; }
size_t live_allocations() {
    std::lock_guard<std::mutex> lock(g_mem_mutex);
    return g_allocs.size();
}

void* device_alloc(size_t bytes) {
    void* p = std::malloc(bytes ? bytes : 1);
    if (!p) return nullptr;
    std::memset(p, 0xFF, bytes);   /* uninitialized device memory reads as NaN / -1, not as zero */
    std::lock_guard<std::mutex> lock(g_mem_mutex);
    g_allocs[(uintptr_t)p] = bytes;
    return p;
}

bool device_free(void* p) {
    if (!p) return true;
    {
        std::lock_guard<std::mutex> lock(g_mem_mutex);
        auto it = g_allocs.find((uintptr_t)p);
        if (it == g_allocs.end()) return false;
        g_allocs.erase(it);
    }
    std::free(p);
    return true;
}

bool is_device_range(const void* p, size_t bytes) {
    std::lock_guard<std::mutex> lock(g_mem_mutex);
    const auto a = (uintptr_t)p;
    auto it = g_allocs.upper_bound(a);
    if (it == g_allocs.begin()) return false;
    --it;
    return a >= it->first && a + bytes <= it->first + it->second;
}

int run_kernel(const char* file, int line, dim3 grid, dim3 block, size_t dynamic_shared, Body body,
               const std::vector<PointerArg>& pointer_args) {
    const uint64_t threads = (uint64_t)block.x * block.y * block.z;
    if (threads == 0 || threads > 1024 || block.x > 1024 || block.y > 1024 || block.z > 64 || grid.x == 0 ||
        grid.y == 0 || grid.z == 0 || grid.y > 65535 || grid.z > 65535 || grid.x > 0x7fffffffu ||
        dynamic_shared > kMaxStaticShared) {
        t_last_error = cudaErrorInvalidConfiguration;
        return cudaErrorInvalidConfiguration;
    }
    if (g_launch_owner.load() == std::this_thread::get_id()) {
        report(format("kernel launched at %s:%d from inside a kernel (dynamic parallelism is not used)", file, line));
        return cudaErrorLaunchFailure;
    }
    for (const PointerArg& a : pointer_args)
        if (a.ptr && !is_device_range(a.ptr, 0)) {
            report(format("kernel launched at %s:%d: pointer argument %d (%p) is not device memory", file, line,
                          a.index, a.ptr));
            t_last_error = cudaErrorLaunchFailure;
            return cudaErrorLaunchFailure;
        }
    std::lock_guard<std::mutex> lock(g_launch_mutex);
    struct Owner {
        Owner() { g_launch_owner.store(std::this_thread::get_id()); }
        ~Owner() { g_launch_owner.store(std::thread::id()); }
    } owner;
    ++g_launches;
    g_sites.insert(format("%s:%d", file, line));
    const uint64_t base = seed() * 0x9E3779B97F4A7C15ull + g_launches;
    t_float_atomic = false;
    if (orders() == 1) {
        if (!run_grid(file, line, grid, block, dynamic_shared, body, base, 0xFF)) {
            t_last_error = cudaErrorLaunchFailure;
            return cudaErrorLaunchFailure;
        }
        return cudaSuccess;
    }
    Snapshot before;
    before.take();
    if (!run_grid(file, line, grid, block, dynamic_shared, body, base, 0xFF)) {
        t_last_error = cudaErrorLaunchFailure;
        return cudaErrorLaunchFailure;
    }
    Snapshot first;
    first.take();
    before.restore();
    if (!run_grid(file, line, grid, block, dynamic_shared, body, base ^ 0x5bd1e995ull, 0x7F)) {
        t_last_error = cudaErrorLaunchFailure;
        return cudaErrorLaunchFailure;
    }
    const bool tolerant = t_float_atomic;
    for (const auto& [addr, data] : first.regions) {
        const auto* now = reinterpret_cast<const unsigned char*>(addr);
        if (data.empty() || std::memcmp(now, data.data(), data.size()) == 0) continue;
        for (size_t off = 0; off < data.size(); ++off) {
            if (now[off] == data[off]) continue;
            const size_t word = off & ~(size_t)3;
            if (tolerant && word + 4 <= data.size()) {
                float a, c;
                std::memcpy(&a, data.data() + word, 4);
                std::memcpy(&c, now + word, 4);
                if (close_floats(a, c)) {
                    off = word + 3;
                    continue;
                }
            }
            float a = 0, c = 0;
            if (word + 4 <= data.size()) {
                std::memcpy(&a, data.data() + word, 4);
                std::memcpy(&c, now + word, 4);
            }
            report(format("kernel launched at %s:%d is not deterministic across thread orders: device allocation %#" PRIxPTR
                          " (%zu bytes) differs at byte %zu (as float32 word %zu: %.9g vs %.9g)%s",
                          file, line, addr, data.size(), off, word / 4, (double)a, (double)c,
                          tolerant ? " beyond the float-atomics tolerance" : ""));
            t_last_error = cudaErrorLaunchFailure;
            return cudaErrorLaunchFailure;
        }
    }
    return cudaSuccess;
}

}  // namespace sk_emu

/* ---- CUDA runtime calls --------------------------------------------------------------------------------- */
namespace {
cudaError_t set_error(cudaError_t e) {
    if (e != cudaSuccess) sk_emu::t_last_error = e;
    return e;
}
bool check_device_range(const char* fn, const void* p, size_t bytes) {
    if (bytes == 0 || sk_emu::is_device_range(p, bytes)) return true;
    sk_emu::report(sk_emu::format("%s: [%p, +%zu bytes) is not inside one device allocation", fn, p, bytes));
    return false;
}
}  // namespace

cudaError_t cudaGetLastError() {
    cudaError_t e = sk_emu::t_last_error;
    sk_emu::t_last_error = cudaSuccess;
    return e;
}
cudaError_t cudaPeekAtLastError() { return sk_emu::t_last_error; }

const char* cudaGetErrorName(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "cudaSuccess";
        case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
        case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
        case cudaErrorInsufficientDriver: return "cudaErrorInsufficientDriver";
        case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
        case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
        case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    }
    return "cudaErrorUnknown";
}

const char* cudaGetErrorString(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "no error";
        case cudaErrorInvalidValue: return "invalid argument";
        case cudaErrorMemoryAllocation: return "out of memory";
        case cudaErrorInsufficientDriver: return "CUDA driver version is insufficient for CUDA runtime version";
        case cudaErrorInvalidDevice: return "invalid device ordinal";
        case cudaErrorInvalidConfiguration: return "invalid configuration argument";
        case cudaErrorLaunchFailure: {
            std::lock_guard<std::mutex> lock(sk_emu::g_findings_mutex);
            static thread_local std::string msg;
            msg = "unspecified launch failure (emulator: " + sk_emu::g_last_finding + ")";
            return msg.c_str();
        }
    }
    return "unknown error";
}

cudaError_t cudaGetDeviceCount(int* count) {
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
    if (device != 0) return set_error(cudaErrorInvalidDevice);
    std::memset(prop, 0, sizeof *prop);
    std::snprintf(prop->name, sizeof prop->name, "symkern CUDA emulator on the CPU (SK_EMU_SEED=%" PRIu64 ", %d order%s)",
                  sk_emu::seed(), sk_emu::orders(), sk_emu::orders() > 1 ? "s" : "");
    prop->major = 8;
    prop->minor = 0;
    prop->totalGlobalMem = (size_t)8 << 30;
    prop->multiProcessorCount = 1;
    prop->warpSize = 32;
    prop->maxThreadsPerBlock = 1024;
    prop->sharedMemPerBlock = 48 * 1024;
    return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) { return device == 0 ? cudaSuccess : set_error(cudaErrorInvalidDevice); }
cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }

cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* pool, int device) {
    if (device != 0) return set_error(cudaErrorInvalidDevice);
    *pool = reinterpret_cast<cudaMemPool_t>(static_cast<uintptr_t>(1));
    return cudaSuccess;
}
cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t, cudaMemPoolAttr, void*) { return cudaSuccess; }

cudaError_t cudaMalloc(void** ptr, size_t bytes) {
    *ptr = sk_emu::device_alloc(bytes);
    return *ptr ? cudaSuccess : set_error(cudaErrorMemoryAllocation);
}
cudaError_t cudaFree(void* ptr) {
    if (!sk_emu::device_free(ptr)) {
        sk_emu::report(sk_emu::format("cudaFree(%p): not a live device allocation", ptr));
        return set_error(cudaErrorInvalidValue);
    }
    return cudaSuccess;
}
cudaError_t cudaMallocAsync(void** ptr, size_t bytes, cudaStream_t) { return cudaMalloc(ptr, bytes); }
cudaError_t cudaFreeAsync(void* ptr, cudaStream_t) { return cudaFree(ptr); }

cudaError_t cudaMemset(void* ptr, int value, size_t bytes) {
    if (!check_device_range("cudaMemset", ptr, bytes)) return set_error(cudaErrorInvalidValue);
    if (bytes) std::memset(ptr, value, bytes);
    return cudaSuccess;
}
cudaError_t cudaMemsetAsync(void* ptr, int value, size_t bytes, cudaStream_t) { return cudaMemset(ptr, value, bytes); }

cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind) {
    const bool dst_dev = kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
    const bool src_dev = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
    if ((dst_dev && !check_device_range("cudaMemcpy destination", dst, bytes)) ||
        (src_dev && !check_device_range("cudaMemcpy source", src, bytes)))
        return set_error(cudaErrorInvalidValue);
    if (bytes) std::memmove(dst, src, bytes);
    return cudaSuccess;
}
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t) {
    return cudaMemcpy(dst, src, bytes, kind);
}
