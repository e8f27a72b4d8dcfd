/* cuda/runtime.cu — CUDA runtime services for libsymkern: the one-time device probe, the stream-ordered
 * memory pool (cudaMallocAsync on the legacy default stream, release threshold raised so freed blocks
 * are reused instead of returned to the driver), copies, fill and synchronize.
 * cudart is linked statically: on a machine without a driver cudaGetDeviceCount fails with an error
 * code (cudaErrorInsufficientDriver) that we cache; nothing crashes and no CUDA library is needed. */
#include <cstdint>
#include <cstdio>
#include <mutex>

#include "common.cuh"
#include "cuda_backend.h"

namespace {
std::once_flag g_probe_once;
int32_t g_device_count = 0;
char g_probe_message[512] = "not probed";
std::once_flag g_pool_once[64];

void probe() {
    int count = 0;
    cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        g_device_count = 0;
        snprintf(g_probe_message, sizeof g_probe_message, "CUDA unavailable: %s (%d): %s", cudaGetErrorName(err),
                 (int)err, cudaGetErrorString(err));
        cudaGetLastError();
        return;
    }
    g_device_count = count;
    if (count == 0) {
        snprintf(g_probe_message, sizeof g_probe_message, "CUDA driver present, no CUDA device");
        return;
    }
    cudaDeviceProp prop;
    if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) {
        snprintf(g_probe_message, sizeof g_probe_message, "%d CUDA device(s); cuda:0 = %s (sm_%d%d, %.1f GiB)", count,
                 prop.name, prop.major, prop.minor, prop.totalGlobalMem / 1073741824.0);
    } else {
        snprintf(g_probe_message, sizeof g_probe_message, "%d CUDA device(s)", count);
        cudaGetLastError();
    }
}

__global__ void fill_f32_kernel(float* dst, int64_t n, float value) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
        dst[i] = value;
}
}  // namespace

int32_t sk_cuda_probe_count(void) {
    std::call_once(g_probe_once, probe);
    return g_device_count;
}

const char* sk_cuda_probe_message(void) {
    std::call_once(g_probe_once, probe);
    return g_probe_message;
}

sk_status sk_cuda_enter_impl(int32_t device) {
    SK_CUDA_TRY(cudaSetDevice(device));
    sk_status status = SK_OK;
    std::call_once(g_pool_once[device], [&]() {
        cudaMemPool_t pool;
        if (cudaDeviceGetDefaultMemPool(&pool, device) == cudaSuccess) {
            uint64_t threshold = UINT64_MAX;   /* keep freed memory in the pool */
            cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &threshold);
        }
        cudaGetLastError();
    });
    return status;
}

sk_status sk_cuda_alloc(void** ptr, int32_t device, int64_t nbytes) {
    cudaError_t err = cudaMallocAsync(ptr, (size_t)nbytes, 0);
    if (err == cudaErrorMemoryAllocation) {
        cudaGetLastError();
        return sk_fail(SK_ERR_OOM, "buffer_create: cannot allocate %lld bytes on cuda:%d", (long long)nbytes, device);
    }
    SK_CUDA_TRY(err);
    SK_CUDA_TRY(cudaMemsetAsync(*ptr, 0, (size_t)nbytes, 0));
    return SK_OK;
}

void sk_cuda_free(void* ptr, int32_t device) {
    if (cudaSetDevice(device) == cudaSuccess) cudaFreeAsync(ptr, 0);
    cudaGetLastError();
}

sk_status sk_cuda_copy(void* dst, int32_t dst_device, const void* src, int32_t src_device, int64_t nbytes) {
    SK_CUDA_TRY(cudaMemcpy(dst, src, (size_t)nbytes, cudaMemcpyDefault));
    return SK_OK;
}

sk_status sk_cuda_fill_f32(float* dst, int64_t n, float value) {
    if (n == 0) return SK_OK;
    SK_LAUNCH(fill_f32_kernel, sk_grid_1d(n, 256), 256, dst, n, value);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status sk_cuda_synchronize(int32_t device) {
    SK_CUDA_TRY(cudaDeviceSynchronize());
    return SK_OK;
}
