/* native/src/hd.h — SK_HD marks small inline functions compiled for both host (g++) and device (nvcc),
 * so CPU kernels and CUDA kernels share one definition of each formula. */
#ifndef SK_HD_H
#define SK_HD_H
#ifdef __CUDACC__
#  define SK_HD __host__ __device__ __forceinline__
#else
#  define SK_HD inline
#endif
#endif
