/* native/src/library.cpp — version, the no-op call, and the CUDA probe as seen through the ABI. */
#include "common.h"
#include "cuda_backend.h"



extern "C" {

SK_API const char* sk_version(void) {
#ifdef SK_WITH_CUDA
    return "symkern 0.1.0 (cpu+cuda)";
#else
    return "symkern 0.1.0 (cpu)";
#endif
}

SK_API int32_t sk_noop(int32_t x) { return x; }

SK_API int32_t sk_cuda_compiled(void) {
#ifdef SK_WITH_CUDA
    return 1;
#else
    return 0;
#endif
}

SK_API int32_t sk_cuda_device_count(void) {
#ifdef SK_WITH_CUDA
    int32_t n = sk_cuda_probe_count();
    return n > 0 ? n : 0;
#else
    return 0;
#endif
}

SK_API const char* sk_cuda_status(void) {
#ifdef SK_WITH_CUDA
    return sk_cuda_probe_message();
#else
    return "CUDA not compiled: libsymkern was built without nvcc";
#endif
}

}  // extern "C"

#ifdef SK_WITH_CUDA
sk_status sk_cuda_enter_impl(int32_t device);
sk_status sk_cuda_enter(int32_t device) {
    int32_t count = sk_cuda_probe_count();
    SK_CHECK(count > 0, SK_ERR_NO_DEVICE, "cuda:%d requested but no CUDA device is usable (%s)", device,
             sk_cuda_probe_message());
    SK_CHECK(device >= 0 && device < count, SK_ERR_NO_DEVICE, "cuda:%d requested but only %d CUDA device(s) exist",
             device, count);
    return sk_cuda_enter_impl(device);
}
#endif
