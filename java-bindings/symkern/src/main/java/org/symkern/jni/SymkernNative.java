package org.symkern.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The one binding class: a 1:1 image of {@code native/include/symkern.h}, natives only, no logic.
 * Status codes become exceptions in {@code org.symkern.tensor.Native.check}; nothing else calls these
 * methods directly except the op classes. A drift test checks that every {@code sk_*} function of the
 * header has a native here. {@code preload = "symkern_ompenv"}: a tiny library (no OpenMP) loaded before
 * libsymkern whose constructor makes libgomp's idle threads sleep instead of spin (native/ompenv/ompenv.c), since libgomp reads its
 * wait settings only when it loads.
 */
@Platform(cinclude = "symkern.h", link = "symkern", preload = "symkern_ompenv")
@NoException
public final class SymkernNative {
    static {
        Loader.load();
    }

    private SymkernNative() {}

    /** Opaque {@code sk_buffer*}. */
    @Opaque
    public static final class sk_buffer extends Pointer {
        /** A null handle, to be filled by {@code sk_buffer_create}. */
        public sk_buffer() {
            super((Pointer) null);
        }

        /** Wraps an existing {@code sk_buffer*}. */
        public sk_buffer(Pointer p) {
            super(p);
        }
    }

    // ---- library
    /** {@code sk_last_error}: see its comment in {@code symkern.h}. */
    public static native @Cast("const char*") String sk_last_error();
    /** {@code sk_version}: see its comment in {@code symkern.h}. */
    public static native @Cast("const char*") String sk_version();
    /** {@code sk_noop}: see its comment in {@code symkern.h}. */
    public static native int sk_noop(int x);
    /** {@code sk_cuda_compiled}: see its comment in {@code symkern.h}. */
    public static native int sk_cuda_compiled();
    /** {@code sk_cuda_device_count}: see its comment in {@code symkern.h}. */
    public static native int sk_cuda_device_count();
    /** {@code sk_cuda_status}: see its comment in {@code symkern.h}. */
    public static native @Cast("const char*") String sk_cuda_status();
    public static native int sk_set_num_threads(int n);
    public static native int sk_get_num_threads();
    /** {@code sk_omp_wait_policy}: see its comment in {@code symkern.h}. */
    public static native @Cast("const char*") String sk_omp_wait_policy();

    // ---- buffers
    /** {@code sk_buffer_create}: see its comment in {@code symkern.h}. */
    public static native int sk_buffer_create(@ByPtrPtr sk_buffer out, int device, long nbytes);
    /** {@code sk_buffer_create_uninit}: see its comment in {@code symkern.h}. */
    public static native int sk_buffer_create_uninit(@ByPtrPtr sk_buffer out, int device, long nbytes);
    /** {@code sk_buffer_destroy}: see its comment in {@code symkern.h}. */
    public static native void sk_buffer_destroy(sk_buffer buf);
    /** {@code sk_buffer_nbytes}: see its comment in {@code symkern.h}. */
    public static native long sk_buffer_nbytes(@Const sk_buffer buf);
    /** {@code sk_buffer_device}: see its comment in {@code symkern.h}. */
    public static native int sk_buffer_device(@Const sk_buffer buf);

    /** {@code sk_buffer_write}: see its comment in {@code symkern.h}. */
    @CriticalRegion
    public static native int sk_buffer_write(sk_buffer dst, long dstOffset, @Cast("const void*") float[] src, long nbytes);
    /** {@code sk_buffer_write} (the i32 overload): see its comment in {@code symkern.h}. */
    @CriticalRegion @Name("sk_buffer_write")
    public static native int sk_buffer_write_i32(sk_buffer dst, long dstOffset, @Cast("const void*") int[] src, long nbytes);
    /** {@code sk_buffer_write} (the i64 overload): see its comment in {@code symkern.h}. */
    @CriticalRegion @Name("sk_buffer_write")
    public static native int sk_buffer_write_i64(sk_buffer dst, long dstOffset, @Cast("const void*") long[] src, long nbytes);
    /** {@code sk_buffer_read}: see its comment in {@code symkern.h}. */
    @CriticalRegion
    public static native int sk_buffer_read(@Cast("void*") float[] dst, @Const sk_buffer src, long srcOffset, long nbytes);
    /** {@code sk_buffer_read} (the i32 overload): see its comment in {@code symkern.h}. */
    @CriticalRegion @Name("sk_buffer_read")
    public static native int sk_buffer_read_i32(@Cast("void*") int[] dst, @Const sk_buffer src, long srcOffset, long nbytes);
    /** {@code sk_buffer_read} (the i64 overload): see its comment in {@code symkern.h}. */
    @CriticalRegion @Name("sk_buffer_read")
    public static native int sk_buffer_read_i64(@Cast("void*") long[] dst, @Const sk_buffer src, long srcOffset, long nbytes);
    /** {@code sk_buffer_copy}: see its comment in {@code symkern.h}. */
    public static native int sk_buffer_copy(sk_buffer dst, long dstOffset, @Const sk_buffer src, long srcOffset, long nbytes);
    /** {@code sk_buffer_fill_f32}: see its comment in {@code symkern.h}. */
    public static native int sk_buffer_fill_f32(sk_buffer dst, long n, float value);
    /** {@code sk_synchronize}: see its comment in {@code symkern.h}. */
    public static native int sk_synchronize(int device);
    /** {@code sk_memory_in_use}: see its comment in {@code symkern.h}. */
    public static native long sk_memory_in_use(int device);
    /** {@code sk_memory_peak}: see its comment in {@code symkern.h}. */
    public static native long sk_memory_peak(int device);
    /** {@code sk_memory_reset_peak}: see its comment in {@code symkern.h}. */
    public static native void sk_memory_reset_peak(int device);
    /** {@code sk_memory_cached}: see its comment in {@code symkern.h}. */
    public static native long sk_memory_cached(int device);
    /** {@code sk_memory_release_cached}: see its comment in {@code symkern.h}. */
    public static native long sk_memory_release_cached(int device);
    /** {@code sk_memory_cpu_counters}: see its comment in {@code symkern.h}. */
    public static native void sk_memory_cpu_counters(@Cast("int64_t*") long[] out4);

    // ---- K1
    /** {@code sk_gemm}: see its comment in {@code symkern.h}. */
    public static native int sk_gemm(sk_buffer c, @Const sk_buffer a, @Const sk_buffer b, long batch, long m, long n,
                                     long k, long strideA, long strideB, long strideC, int transA, int transB,
                                     float alpha, float beta);

    // ---- K2
    /** {@code sk_unary_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_unary_forward(sk_buffer y, @Const sk_buffer x, long n, int op, float alpha);
    /** {@code sk_unary_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_unary_backward(sk_buffer dx, @Const sk_buffer dy, @Const sk_buffer x, @Const sk_buffer y,
                                               long n, int op, float alpha);
    /** {@code sk_binary_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_binary_forward(sk_buffer out, @Const sk_buffer a, @Const sk_buffer b, int ndim,
                                               @Cast("const int64_t*") long[] outShape,
                                               @Cast("const int64_t*") long[] aShape,
                                               @Cast("const int64_t*") long[] bShape, int op);
    /** {@code sk_sum_to_shape}: see its comment in {@code symkern.h}. */
    public static native int sk_sum_to_shape(sk_buffer out, @Const sk_buffer in, int ndim,
                                             @Cast("const int64_t*") long[] outShape,
                                             @Cast("const int64_t*") long[] inShape);

    // ---- K3
    /** {@code sk_reduce_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_reduce_forward(sk_buffer y, sk_buffer argmax, @Const sk_buffer x, long outer, long len,
                                               long inner, int op);
    /** {@code sk_reduce_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_reduce_backward(sk_buffer dx, @Const sk_buffer dy, @Const sk_buffer argmax, long outer,
                                                long len, long inner, int op);
    /** {@code sk_softmax_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_softmax_forward(sk_buffer y, @Const sk_buffer x, long rows, long cols, int log);
    /** {@code sk_softmax_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_softmax_backward(sk_buffer dx, @Const sk_buffer dy, @Const sk_buffer y, long rows,
                                                 long cols, int log);

    // ---- K4
    /** {@code sk_cross_entropy_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_cross_entropy_forward(sk_buffer loss, sk_buffer logp, @Const sk_buffer logits,
                                                      @Const sk_buffer labels, @Const sk_buffer weights, long rows,
                                                      long cols, float smoothing);
    /** {@code sk_cross_entropy_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_cross_entropy_backward(sk_buffer dlogits, @Const sk_buffer dloss, @Const sk_buffer logp,
                                                       @Const sk_buffer labels, @Const sk_buffer weights, long rows,
                                                       long cols, float smoothing);

    // ---- K6
    /** {@code sk_dropout_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_dropout_forward(sk_buffer y, sk_buffer mask, @Const sk_buffer x, long n, float p,
                                                @Cast("uint64_t") long seed, @Cast("uint64_t") long offset);
    /** {@code sk_dropout_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_dropout_backward(sk_buffer dx, @Const sk_buffer dy, @Const sk_buffer mask, long n);
    /** {@code sk_random_uniform}: see its comment in {@code symkern.h}. */
    public static native int sk_random_uniform(sk_buffer out, long n, float low, float high,
                                               @Cast("uint64_t") long seed, @Cast("uint64_t") long offset);
    /** {@code sk_random_normal}: see its comment in {@code symkern.h}. */
    public static native int sk_random_normal(sk_buffer out, long n, float mean, float std,
                                              @Cast("uint64_t") long seed, @Cast("uint64_t") long offset);

    // ---- K16
    /** {@code sk_adam_step}: see its comment in {@code symkern.h}. */
    public static native int sk_adam_step(sk_buffer param, sk_buffer m, sk_buffer v, @Const sk_buffer grad, long n,
                                          float lr, float beta1, float beta2, float eps, float weightDecay, long step,
                                          int decoupled);

    // ======================= issue 3 (each group owns the space between its markers)

    // ---- BEGIN conv (K7) ----
    /** {@code sk_conv2d_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_conv2d_forward(sk_buffer y, @Const sk_buffer x, @Const sk_buffer weight,
                                               @Const sk_buffer bias, long batch, long cIn, long height, long width,
                                               long cOut, long kernelH, long kernelW, long strideH, long strideW,
                                               long padH, long padW, long dilH, long dilW);
    /** {@code sk_conv2d_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_conv2d_backward(sk_buffer dx, sk_buffer dweight, sk_buffer dbias, @Const sk_buffer dy,
                                                @Const sk_buffer x, @Const sk_buffer weight, long batch, long cIn,
                                                long height, long width, long cOut, long kernelH, long kernelW,
                                                long strideH, long strideW, long padH, long padW, long dilH, long dilW);
    /** {@code sk_conv1d_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_conv1d_forward(sk_buffer y, @Const sk_buffer x, @Const sk_buffer weight,
                                               @Const sk_buffer bias, long batch, long cIn, long length, long cOut,
                                               long kernel, long stride, long pad, long dil);
    /** {@code sk_conv1d_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_conv1d_backward(sk_buffer dx, sk_buffer dweight, sk_buffer dbias, @Const sk_buffer dy,
                                                @Const sk_buffer x, @Const sk_buffer weight, long batch, long cIn,
                                                long length, long cOut, long kernel, long stride, long pad, long dil);
    // ---- END conv (K7) ----



    // ---- BEGIN group conv (K8, K9) ----
    /** {@code sk_filter_expand_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_filter_expand_forward(sk_buffer wExp, @Const sk_buffer w, @Const sk_buffer idx,
                                                      @Const sk_buffer coef, long co, long ci, long q, long to, long si,
                                                      long p, long e);
    /** {@code sk_filter_expand_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_filter_expand_backward(sk_buffer dw, @Const sk_buffer dwExp, @Const sk_buffer idx,
                                                       @Const sk_buffer coef, long co, long ci, long q, long to, long si,
                                                       long p, long e);
    /** {@code sk_group_conv2d_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_group_conv2d_forward(sk_buffer y, @Const sk_buffer x, @Const sk_buffer w,
                                                     @Const sk_buffer bias, @Const sk_buffer idx, @Const sk_buffer coef,
                                                     long batch, long ci, long si, long height, long width, long co,
                                                     long to, long q, long k, long e, long stride, long padding);
    /** {@code sk_group_conv2d_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_group_conv2d_backward(sk_buffer dx, sk_buffer dw, sk_buffer dbias, @Const sk_buffer dy,
                                                      @Const sk_buffer x, @Const sk_buffer w, @Const sk_buffer idx,
                                                      @Const sk_buffer coef, long batch, long ci, long si, long height,
                                                      long width, long co, long to, long q, long k, long e, long stride,
                                                      long padding);
    // ---- END group conv (K8, K9) ----



    // ---- BEGIN pooling and normalization (K5, K10) ----
    // K10
    /** {@code sk_max_pool2d_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_max_pool2d_forward(sk_buffer y, sk_buffer argmax, @Const sk_buffer x, long planes,
                                                   long h, long w, long kh, long kw, long sh, long sw, long ph,
                                                   long pw);
    /** {@code sk_max_pool2d_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_max_pool2d_backward(sk_buffer dx, @Const sk_buffer dy, @Const sk_buffer argmax,
                                                    long planes, long h, long w, long kh, long kw, long sh, long sw,
                                                    long ph, long pw);
    /** {@code sk_avg_pool2d_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_avg_pool2d_forward(sk_buffer y, @Const sk_buffer x, long planes, long h, long w,
                                                   long kh, long kw, long sh, long sw, long ph, long pw);
    /** {@code sk_avg_pool2d_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_avg_pool2d_backward(sk_buffer dx, @Const sk_buffer dy, long planes, long h, long w,
                                                    long kh, long kw, long sh, long sw, long ph, long pw);
    // K5
    /** {@code sk_batch_norm_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_batch_norm_forward(sk_buffer y, sk_buffer saveMean, sk_buffer saveInvstd,
                                                   sk_buffer runningMean, sk_buffer runningVar, @Const sk_buffer x,
                                                   @Const sk_buffer gamma, @Const sk_buffer beta, long batch,
                                                   long channels, long inner, int training, float momentum,
                                                   float eps);
    /** {@code sk_batch_norm_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_batch_norm_backward(sk_buffer dx, sk_buffer dgamma, sk_buffer dbeta,
                                                    @Const sk_buffer dy, @Const sk_buffer x, @Const sk_buffer saveMean,
                                                    @Const sk_buffer saveInvstd, @Const sk_buffer gamma, long batch,
                                                    long channels, long inner, int training);
    /** {@code sk_layer_norm_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_layer_norm_forward(sk_buffer y, sk_buffer mean, sk_buffer rstd, @Const sk_buffer x,
                                                   @Const sk_buffer gamma, @Const sk_buffer beta, long rows, long cols,
                                                   float eps);
    /** {@code sk_layer_norm_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_layer_norm_backward(sk_buffer dx, sk_buffer dgamma, sk_buffer dbeta,
                                                    @Const sk_buffer dy, @Const sk_buffer x, @Const sk_buffer mean,
                                                    @Const sk_buffer rstd, @Const sk_buffer gamma, long rows,
                                                    long cols);
    // ---- END pooling and normalization (K5, K10) ----



    // ---- BEGIN segments, gather/scatter, embedding (K11, K12) ----
    /** {@code sk_segment_reduce_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_segment_reduce_forward(sk_buffer y, sk_buffer argmax, @Const sk_buffer x,
                                                       @Const sk_buffer offsets, long segments, long rows, long dim,
                                                       int op);
    /** {@code sk_segment_reduce_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_segment_reduce_backward(sk_buffer dx, @Const sk_buffer dy, @Const sk_buffer argmax,
                                                        @Const sk_buffer offsets, long segments, long rows, long dim,
                                                        int op);
    /** {@code sk_gather_rows}: see its comment in {@code symkern.h}. */
    public static native int sk_gather_rows(sk_buffer y, @Const sk_buffer x, @Const sk_buffer idx, long n, long srcRows,
                                            long dim);
    /** {@code sk_scatter_add_rows}: see its comment in {@code symkern.h}. */
    public static native int sk_scatter_add_rows(sk_buffer y, @Const sk_buffer x, @Const sk_buffer idx, long n,
                                                 long dstRows, long dim, int mode);
    /** {@code sk_embedding_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_embedding_forward(sk_buffer y, @Const sk_buffer table, @Const sk_buffer idx, long n,
                                                  long num, long dim, float maxNorm);
    /** {@code sk_embedding_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_embedding_backward(sk_buffer dtable, @Const sk_buffer dy, @Const sk_buffer table,
                                                   @Const sk_buffer idx, long n, long num, long dim, float maxNorm);
    // ---- END segments, gather/scatter, embedding (K11, K12) ----



    // ---- BEGIN orbit layers and EGNN (K13, K14, K15) ----
    // K13
    /** {@code sk_orbit_linear_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_orbit_linear_forward(sk_buffer y, @Const sk_buffer x, @Const sk_buffer w,
                                                     @Const sk_buffer bias, @Const sk_buffer cat,
                                                     @Const sk_buffer nodeOrbit, long batch, long n, long din,
                                                     long dout, long numCat, long numOrbits);
    /** {@code sk_orbit_linear_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_orbit_linear_backward(sk_buffer dx, sk_buffer dw, sk_buffer dbias, @Const sk_buffer dy,
                                                      @Const sk_buffer x, @Const sk_buffer w, @Const sk_buffer cat,
                                                      @Const sk_buffer nodeOrbit, long batch, long n, long din,
                                                      long dout, long numCat, long numOrbits);
    /** {@code sk_orbit_linear_sep_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_orbit_linear_sep_forward(sk_buffer y, @Const sk_buffer x, @Const sk_buffer alpha,
                                                         @Const sk_buffer w, @Const sk_buffer bias,
                                                         @Const sk_buffer cat, @Const sk_buffer nodeOrbit, long batch,
                                                         long n, long din, long dout, long numCat, long numOrbits);
    /** {@code sk_orbit_linear_sep_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_orbit_linear_sep_backward(sk_buffer dx, sk_buffer dalpha, sk_buffer dw,
                                                          sk_buffer dbias, @Const sk_buffer dy, @Const sk_buffer x,
                                                          @Const sk_buffer alpha, @Const sk_buffer w,
                                                          @Const sk_buffer cat, @Const sk_buffer nodeOrbit,
                                                          long batch, long n, long din, long dout, long numCat,
                                                          long numOrbits);
    // K14
    /** {@code sk_edge_attention_dense_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_edge_attention_dense_forward(sk_buffer out, sk_buffer lse, @Const sk_buffer xl,
                                                             @Const sk_buffer xr, @Const sk_buffer ep,
                                                             @Const sk_buffer att, @Const sk_buffer cat, long batch,
                                                             long n, long heads, long channels, long numCat,
                                                             int selfLoops, float negativeSlope);
    /** {@code sk_edge_attention_dense_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_edge_attention_dense_backward(sk_buffer dxl, sk_buffer dxr, sk_buffer dep,
                                                              sk_buffer datt, @Const sk_buffer dout,
                                                              @Const sk_buffer out, @Const sk_buffer lse,
                                                              @Const sk_buffer xl, @Const sk_buffer xr,
                                                              @Const sk_buffer ep, @Const sk_buffer att,
                                                              @Const sk_buffer cat, long batch, long n, long heads,
                                                              long channels, long numCat, int selfLoops,
                                                              float negativeSlope);
    /** {@code sk_edge_attention_csr_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_edge_attention_csr_forward(sk_buffer out, sk_buffer lse, @Const sk_buffer xl,
                                                           @Const sk_buffer xr, @Const sk_buffer ep,
                                                           @Const sk_buffer att, @Const sk_buffer offsets,
                                                           @Const sk_buffer sources, @Const sk_buffer edgeCat,
                                                           long nodes, long edges, long heads, long channels,
                                                           long numCat, int selfLoops, float negativeSlope);
    /** {@code sk_edge_attention_csr_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_edge_attention_csr_backward(sk_buffer dxl, sk_buffer dxr, sk_buffer dep,
                                                            sk_buffer datt, @Const sk_buffer dout,
                                                            @Const sk_buffer out, @Const sk_buffer lse,
                                                            @Const sk_buffer xl, @Const sk_buffer xr,
                                                            @Const sk_buffer ep, @Const sk_buffer att,
                                                            @Const sk_buffer offsets, @Const sk_buffer sources,
                                                            @Const sk_buffer edgeCat, long nodes, long edges,
                                                            long heads, long channels, long numCat, int selfLoops,
                                                            float negativeSlope);
    // K15
    /** {@code sk_egnn_edge_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_egnn_edge_forward(sk_buffer d2, sk_buffer diff, @Const sk_buffer x, long batch, long n,
                                                  long dim);
    /** {@code sk_egnn_edge_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_egnn_edge_backward(sk_buffer dx, @Const sk_buffer dd2, @Const sk_buffer ddiff,
                                                   @Const sk_buffer x, long batch, long n, long dim);
    /** {@code sk_egnn_coord_forward}: see its comment in {@code symkern.h}. */
    public static native int sk_egnn_coord_forward(sk_buffer xout, @Const sk_buffer x, @Const sk_buffer phi, long batch,
                                                   long n, long dim, float scale);
    /** {@code sk_egnn_coord_backward}: see its comment in {@code symkern.h}. */
    public static native int sk_egnn_coord_backward(sk_buffer dx, sk_buffer dphi, @Const sk_buffer dxout,
                                                    @Const sk_buffer x, @Const sk_buffer phi, long batch, long n,
                                                    long dim, float scale);
    // ---- END orbit layers and EGNN (K13, K14, K15) ----



    // ---- BEGIN orbits (CPU only) ----
    // ---- orbits (CPU only, plain host arrays; JavaCPP copies the arrays in and the outputs back)
    /** {@code sk_pair_orbits}: see its comment in {@code symkern.h}. */
    public static native int sk_pair_orbits(@Cast("int32_t*") int[] categories, @Cast("int64_t*") long[] numCategories,
                                            @Cast("const int32_t*") int[] generators, long n, long m);
    /** {@code sk_node_orbits}: see its comment in {@code symkern.h}. */
    public static native int sk_node_orbits(@Cast("int32_t*") int[] orbit, @Cast("int64_t*") long[] numOrbits,
                                            @Cast("const int32_t*") int[] generators, long n, long m);
    // ---- END orbits (CPU only) ----


}
