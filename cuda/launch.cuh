/* cuda/launch.cuh — the two constructs that differ between nvcc and the CPU emulation build
 * (SYMKERN_CUDA_EMULATION, cuda/emu/): kernel launches and __shared__ declarations. Kernels and launchers
 * use only these macros, so one source builds both ways.
 *   SK_LAUNCH(kernel, grid, block, args...)              kernel<<<grid, block>>>(args...)
 *   SK_LAUNCH_SMEM(kernel, grid, block, bytes, args...)  kernel<<<grid, block, bytes>>>(args...)
 *   SK_SHARED(T, name);                 __shared__ T name;   (T may be an array type: float[32])
 *   SK_SHARED_ALIGNED(A, T, name);      __shared__ __align__(A) T name;
 *   SK_SHARED_DYNAMIC(T, name);         extern __shared__ T name[];   (the launch's dynamic bytes)
 * In emulation a launch runs the grid on the CPU before returning (cuda/emu/sk_emu.h) and a shared
 * variable is a per-block heap block; with nvcc these are the plain CUDA forms. */
#ifndef SK_CUDA_LAUNCH_CUH
#define SK_CUDA_LAUNCH_CUH

#include <cstddef>
#include <utility>

template <typename T>
using sk_shared_type = T;

#ifdef SK_CUDA_EMULATION

#define SK_LAUNCH(kernel, grid, block, ...) \
    ((void)::sk_emu::launch(__FILE__, __LINE__, kernel, dim3(grid), dim3(block), 0, __VA_ARGS__))
#define SK_LAUNCH_SMEM(kernel, grid, block, bytes, ...) \
    ((void)::sk_emu::launch(__FILE__, __LINE__, kernel, dim3(grid), dim3(block), (size_t)(bytes), __VA_ARGS__))

namespace sk_emu {
template <typename T, size_t Align>
struct SharedSlot {
    T& get() const { return *static_cast<T*>(shared_static(this, sizeof(T), Align)); }
};
}  // namespace sk_emu
#define SK_SHARED_ALIGNED(A, T, name)                                             \
    static constexpr ::sk_emu::SharedSlot<sk_shared_type<T>, (A)> name##_sk_slot{}; \
    sk_shared_type<T>& name = name##_sk_slot.get()
#define SK_SHARED(T, name) SK_SHARED_ALIGNED(alignof(sk_shared_type<T>), T, name)
#define SK_SHARED_DYNAMIC(T, name) T* name = static_cast<T*>(::sk_emu::shared_dynamic())

#else

template <typename... P, typename... A>
inline void sk_launch_cuda(void (*kernel)(P...), dim3 grid, dim3 block, size_t bytes, A&&... args) {
    kernel<<<grid, block, bytes>>>(std::forward<A>(args)...);
}
#define SK_LAUNCH(kernel, grid, block, ...) sk_launch_cuda(kernel, dim3(grid), dim3(block), 0, __VA_ARGS__)
#define SK_LAUNCH_SMEM(kernel, grid, block, bytes, ...) \
    sk_launch_cuda(kernel, dim3(grid), dim3(block), (size_t)(bytes), __VA_ARGS__)
#define SK_SHARED_ALIGNED(A, T, name) __shared__ __align__(A) sk_shared_type<T> name
#define SK_SHARED(T, name) __shared__ sk_shared_type<T> name
#define SK_SHARED_DYNAMIC(T, name)                                  \
    extern __shared__ __align__(16) unsigned char sk_dynamic_smem[]; \
    T* name = reinterpret_cast<T*>(sk_dynamic_smem)

#endif

#endif /* SK_CUDA_LAUNCH_CUH */
