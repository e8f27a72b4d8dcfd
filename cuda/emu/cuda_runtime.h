/* cuda/emu/cuda_runtime.h — stands in for <cuda_runtime.h> when cuda/<op>.cu are compiled as host C++
 * (SYMKERN_CUDA_EMULATION): the CUDA keywords, built-in variables, the device functions and runtime calls
 * that cuda/<op>.cu use (found by grep; nothing else), on top of the emulator core in sk_emu.h.
 * Runtime calls are host memory and in order: a launch has finished when its call returns; streams, pools
 * and async copies are the same as their synchronous forms. */
#ifndef SK_EMU_CUDA_RUNTIME_H
#define SK_EMU_CUDA_RUNTIME_H

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "sk_emu.h"

#ifndef SK_CUDA_EMULATION
#  error "cuda/emu/cuda_runtime.h is the emulation build's <cuda_runtime.h> (SYMKERN_CUDA_EMULATION=ON)"
#endif

/* ---- keywords ----------------------------------------------------------------------------------------- */
#define __global__
#define __device__
#define __host__
#define __forceinline__
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))
/* __shared__ is not defined: shared variables are declared with SK_SHARED (cuda/launch.cuh). */

/* ---- built-in variables ------------------------------------------------------------------------------- */
#define threadIdx (::sk_emu::thread_idx())
#define blockIdx (::sk_emu::block_idx())
#define blockDim (::sk_emu::block_dim())
#define gridDim (::sk_emu::grid_dim())
constexpr int warpSize = 32;

/* ---- vector types used by the kernels (16-byte loads and stores) ------------------------------------------ */
struct alignas(16) float4 {
    float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

/* ---- errors ------------------------------------------------------------------------------------------- */
enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInsufficientDriver = 35,
    cudaErrorInvalidDevice = 101,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorLaunchFailure = 719,
};
typedef cudaError_t cudaError;
cudaError_t cudaGetLastError();
cudaError_t cudaPeekAtLastError();
const char* cudaGetErrorString(cudaError_t e);
const char* cudaGetErrorName(cudaError_t e);

/* ---- device, streams, pools ------------------------------------------------------------------------- */
typedef struct sk_emu_stream* cudaStream_t;
typedef struct sk_emu_pool* cudaMemPool_t;
enum cudaMemPoolAttr { cudaMemPoolAttrReleaseThreshold = 4 };
enum cudaMemcpyKind {
    cudaMemcpyHostToHost = 0,
    cudaMemcpyHostToDevice = 1,
    cudaMemcpyDeviceToHost = 2,
    cudaMemcpyDeviceToDevice = 3,
    cudaMemcpyDefault = 4
};
struct cudaDeviceProp {
    char name[256];
    size_t totalGlobalMem;
    int major, minor;
    int multiProcessorCount;
    int warpSize;
    int maxThreadsPerBlock;
    size_t sharedMemPerBlock;
};

cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaDeviceSynchronize();
cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* pool, int device);
cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void* value);
cudaError_t cudaMalloc(void** ptr, size_t bytes);
cudaError_t cudaFree(void* ptr);
cudaError_t cudaMallocAsync(void** ptr, size_t bytes, cudaStream_t stream);
cudaError_t cudaFreeAsync(void* ptr, cudaStream_t stream);
cudaError_t cudaMemset(void* ptr, int value, size_t bytes);
cudaError_t cudaMemsetAsync(void* ptr, int value, size_t bytes, cudaStream_t stream = 0);
cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t stream = 0);

/* Stream 0 may be passed as an int literal, as CUDA code does. */
inline cudaError_t cudaMallocAsync(void** ptr, size_t bytes, int stream) { return cudaMallocAsync(ptr, bytes, (cudaStream_t)(intptr_t)stream); }
inline cudaError_t cudaFreeAsync(void* ptr, int stream) { return cudaFreeAsync(ptr, (cudaStream_t)(intptr_t)stream); }
template <typename T>
inline cudaError_t cudaMallocAsync(T** ptr, size_t bytes, int stream) {
    return cudaMallocAsync(reinterpret_cast<void**>(ptr), bytes, (cudaStream_t)(intptr_t)stream);
}
inline cudaError_t cudaMemsetAsync(void* ptr, int value, size_t bytes, int stream) { return cudaMemsetAsync(ptr, value, bytes, (cudaStream_t)(intptr_t)stream); }
inline cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, int stream) {
    return cudaMemcpyAsync(dst, src, bytes, kind, (cudaStream_t)(intptr_t)stream);
}

/* ---- barriers and warp primitives ---------------------------------------------------------------------- */
inline void __syncthreads(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
    ::sk_emu::syncthreads(file, line);
}

namespace sk_emu {
template <typename T>
inline uint64_t to_bits(T v) {
    static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>, "warp exchange of a type wider than 8 bytes");
    uint64_t b = 0;
    std::memcpy(&b, &v, sizeof(T));
    return b;
}
template <typename T>
inline T from_bits(uint64_t b) {
    T v;
    std::memcpy(&v, &b, sizeof(T));
    return v;
}
/* The source lane of a shuffle inside a segment of `width` lanes (width a power of two <= 32). */
inline int shfl_segment_base(int width) { return ::sk_emu::lane_id() & ~(width - 1); }
}  // namespace sk_emu

template <typename T>
inline T __shfl_sync(unsigned mask, T v, int src_lane, int width = warpSize) {
    const int src = sk_emu::shfl_segment_base(width) + (src_lane & (width - 1));
    return sk_emu::from_bits<T>(sk_emu::warp_exchange("__shfl_sync", mask, sk_emu::to_bits(v), src, nullptr));
}
template <typename T>
inline T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = warpSize) {
    const int lane = sk_emu::lane_id(), base = sk_emu::shfl_segment_base(width);
    int src = lane ^ lane_mask;
    if (src < base || src >= base + width) src = -1;   /* outside the segment: own value */
    return sk_emu::from_bits<T>(sk_emu::warp_exchange("__shfl_xor_sync", mask, sk_emu::to_bits(v), src, nullptr));
}
template <typename T>
inline T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
    const int lane = sk_emu::lane_id(), base = sk_emu::shfl_segment_base(width);
    int src = lane + (int)delta;
    if (src >= base + width) src = -1;
    return sk_emu::from_bits<T>(sk_emu::warp_exchange("__shfl_down_sync", mask, sk_emu::to_bits(v), src, nullptr));
}
template <typename T>
inline T __shfl_up_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
    const int lane = sk_emu::lane_id(), base = sk_emu::shfl_segment_base(width);
    int src = lane - (int)delta;
    if (src < base) src = -1;
    return sk_emu::from_bits<T>(sk_emu::warp_exchange("__shfl_up_sync", mask, sk_emu::to_bits(v), src, nullptr));
}
inline unsigned __ballot_sync(unsigned mask, int predicate) {
    unsigned out = 0;
    sk_emu::warp_exchange("__ballot_sync", mask, predicate ? 1u : 0u, -1, &out);
    return out;
}
inline void __syncwarp(unsigned mask = 0xffffffffu) { sk_emu::warp_exchange("__syncwarp", mask, 0, -1, nullptr); }

/* ---- atomics (std::atomic_ref: correct even if blocks ever run on several host threads) ----------------- */
template <typename T>
inline T sk_emu_atomic_add(T* p, T v) {
    if constexpr (std::is_floating_point_v<T>) sk_emu::note_float_atomic();
    return std::atomic_ref<T>(*p).fetch_add(v);
}
inline float atomicAdd(float* p, float v) { return sk_emu_atomic_add(p, v); }
inline double atomicAdd(double* p, double v) { return sk_emu_atomic_add(p, v); }
inline int atomicAdd(int* p, int v) { return sk_emu_atomic_add(p, v); }
inline unsigned atomicAdd(unsigned* p, unsigned v) { return sk_emu_atomic_add(p, v); }
inline unsigned long long atomicAdd(unsigned long long* p, unsigned long long v) { return sk_emu_atomic_add(p, v); }
template <typename T>
inline T sk_emu_atomic_min(T* p, T v) {
    std::atomic_ref<T> a(*p);
    T old = a.load();
    while (v < old && !a.compare_exchange_weak(old, v)) {}
    return old;
}
template <typename T>
inline T sk_emu_atomic_max(T* p, T v) {
    std::atomic_ref<T> a(*p);
    T old = a.load();
    while (v > old && !a.compare_exchange_weak(old, v)) {}
    return old;
}
inline int atomicMin(int* p, int v) { return sk_emu_atomic_min(p, v); }
inline unsigned atomicMin(unsigned* p, unsigned v) { return sk_emu_atomic_min(p, v); }
inline unsigned long long atomicMin(unsigned long long* p, unsigned long long v) { return sk_emu_atomic_min(p, v); }
inline int atomicMax(int* p, int v) { return sk_emu_atomic_max(p, v); }
inline unsigned atomicMax(unsigned* p, unsigned v) { return sk_emu_atomic_max(p, v); }
inline unsigned long long atomicMax(unsigned long long* p, unsigned long long v) { return sk_emu_atomic_max(p, v); }
inline unsigned long long atomicCAS(unsigned long long* p, unsigned long long expected, unsigned long long desired) {
    std::atomic_ref<unsigned long long>(*p).compare_exchange_strong(expected, desired);
    return expected;
}

/* ---- math: CUDA's overloaded integer min/max, and the round-to-nearest intrinsics ---------------------- */
template <typename A, typename B, typename = std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B>>>
inline std::common_type_t<A, B> min(A a, B b) {
    using C = std::common_type_t<A, B>;
    return (C)b < (C)a ? (C)b : (C)a;
}
template <typename A, typename B, typename = std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B>>>
inline std::common_type_t<A, B> max(A a, B b) {
    using C = std::common_type_t<A, B>;
    return (C)a < (C)b ? (C)b : (C)a;
}
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { volatile float r = a * b; return r; }   /* never contracted into an FMA */
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline unsigned __float_as_uint(float x) { unsigned b; std::memcpy(&b, &x, 4); return b; }
inline float __uint_as_float(unsigned b) { float x; std::memcpy(&x, &b, 4); return x; }

#endif /* SK_EMU_CUDA_RUNTIME_H */
