/* native/src/cuda_backend.h — the CUDA runtime services of libsymkern (implemented in cuda/runtime.cu,
 * compiled only when SK_WITH_CUDA is defined). Plain C++ types only: no CUDA header is needed here. */
#ifndef SK_CUDA_BACKEND_H
#define SK_CUDA_BACKEND_H

#include "symkern.h"

int32_t     sk_cuda_probe_count(void);            /* cudaGetDeviceCount once (std::call_once), cached */
const char* sk_cuda_probe_message(void);
sk_status   sk_cuda_alloc(void** ptr, int32_t device, int64_t nbytes);   /* stream-ordered pool; zeroed */
void        sk_cuda_free(void* ptr, int32_t device);
/* Copies between any two of host (device == SK_DEVICE_CPU) and CUDA memory; synchronous for the host side. */
sk_status   sk_cuda_copy(void* dst, int32_t dst_device, const void* src, int32_t src_device, int64_t nbytes);
sk_status   sk_cuda_fill_f32(float* dst, int64_t n, float value);
sk_status   sk_cuda_synchronize(int32_t device);

#endif /* SK_CUDA_BACKEND_H */
