package org.symkern.tensor;

import java.util.Arrays;
import java.util.Objects;

import org.symkern.autograd.Function;
import org.symkern.autograd.Graph;
import org.symkern.jni.SymkernNative;
import org.symkern.jni.SymkernNative.sk_buffer;
import org.symkern.ops.Binary;
import org.symkern.ops.CrossEntropy;
import org.symkern.ops.Dropout;
import org.symkern.ops.Indexing;
import org.symkern.ops.MatMul;
import org.symkern.ops.Reduce;
import org.symkern.ops.Reshape;
import org.symkern.ops.Softmax;
import org.symkern.ops.Unary;

/**
 * A dense, row-major, contiguous n-dimensional array in native memory (float32, or int32 / int64 for
 * indices and labels), owned by a {@link Scope}, with the autograd fields of a graph node.
 *
 * <p>Results of operations live on the device of their inputs and in the innermost open scope. Tensors
 * are not thread-safe. The instance methods below are conveniences over the {@code org.symkern.ops}
 * functions, which record the graph when gradients are enabled.
 */
public final class Tensor implements AutoCloseable {
    private final Storage storage;
    private final Shape shape;
    private final DType dtype;
    private Scope owner;
    private boolean closed;
    private boolean closedDirectly;

    private boolean requiresGrad;
    private Tensor grad;
    private Function gradFn;
    private TensorType type;

    private Tensor(Storage storage, Shape shape, DType dtype, Scope owner) {
        this.storage = storage;
        this.shape = shape;
        this.dtype = dtype;
        this.owner = owner;
        owner.register(this);
    }

    // ------------------------------------------------------------------ creation

    /** A zero-filled tensor in the current scope. */
    public static Tensor zeros(Shape shape, DType dtype, Device device) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(device, "device");
        Scope scope = Scope.current();
        long nbytes = Math.multiplyExact(shape.numel(), (long) dtype.bytes());
        return new Tensor(Storage.allocate(device, nbytes), shape, dtype, scope);
    }

    /** A float32 tensor of zeros on {@code device}. */
    public static Tensor zeros(Shape shape, Device device) {
        return zeros(shape, DType.FLOAT32, device);
    }

    /**
     * A tensor in the current scope whose elements are unspecified (on the CPU the memory is not zero-filled,
     * so it may hold whatever a freed buffer left). Only for op outputs that the op then overwrites element by
     * element (the {@code =} contract of symkern.h); everything else uses {@link #zeros}, and a buffer an op
     * accumulates into ({@code +=}) must be zeros.
     */
    public static Tensor uninitialized(Shape shape, DType dtype, Device device) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(device, "device");
        Scope scope = Scope.current();
        long nbytes = Math.multiplyExact(shape.numel(), (long) dtype.bytes());
        return new Tensor(Storage.allocateUninitialized(device, nbytes), shape, dtype, scope);
    }

    /** {@link #uninitialized(Shape, DType, Device)} for float32. */
    public static Tensor uninitialized(Shape shape, Device device) {
        return uninitialized(shape, DType.FLOAT32, device);
    }

    /** A float32 tensor of zeros on the CPU. */
    public static Tensor zeros(long... dims) {
        return zeros(Shape.of(dims), DType.FLOAT32, Device.CPU);
    }

    /** A float32 tensor filled with {@code value}. */
    public static Tensor full(Shape shape, float value, Device device) {
        Tensor t = zeros(shape, DType.FLOAT32, device);
        if (value != 0f) Native.check(SymkernNative.sk_buffer_fill_f32(t.buffer(), shape.numel(), value));
        return t;
    }

    /** A float32 tensor of ones. */
    public static Tensor ones(Shape shape, Device device) {
        return full(shape, 1f, device);
    }

    /** A zero tensor with the shape, dtype and device of `like`. */
    public static Tensor zerosLike(Tensor like) {
        return zeros(like.shape, like.dtype, like.device());
    }

    /** A float32 CPU tensor holding a copy of `data`; dims must multiply to data.length. */
    public static Tensor of(float[] data, long... dims) {
        return of(data, Shape.of(dims), Device.CPU);
    }

    /** A float32 tensor holding a copy of {@code data} (row-major, numel of {@code shape}). */
    public static Tensor of(float[] data, Shape shape, Device device) {
        Objects.requireNonNull(data, "data");
        checkLength(data.length, shape);
        Tensor t = uninitialized(shape, DType.FLOAT32, device);
        t.copyFrom(data);
        return t;
    }

    /** An int32 tensor (labels, indices) holding a copy of `data`. */
    public static Tensor ofInts(int[] data, Shape shape, Device device) {
        Objects.requireNonNull(data, "data");
        checkLength(data.length, shape);
        Tensor t = zeros(shape, DType.INT32, device);
        Native.check(SymkernNative.sk_buffer_write_i32(t.buffer(), 0, data, 4L * data.length));
        return t;
    }

    /** An int32 CPU tensor holding a copy of {@code data}. */
    public static Tensor ofInts(int[] data, long... dims) {
        return ofInts(data, Shape.of(dims), Device.CPU);
    }

    /** An int64 tensor holding a copy of `data`. */
    public static Tensor ofLongs(long[] data, Shape shape, Device device) {
        Objects.requireNonNull(data, "data");
        checkLength(data.length, shape);
        Tensor t = zeros(shape, DType.INT64, device);
        Native.check(SymkernNative.sk_buffer_write_i64(t.buffer(), 0, data, 8L * data.length));
        return t;
    }

    /** A rank-0 float32 CPU tensor. */
    public static Tensor scalar(float value) {
        return of(new float[] {value}, Shape.scalar(), Device.CPU);
    }

    private static void checkLength(int length, Shape shape) {
        if (length != shape.numel())
            throw new IllegalArgumentException("data has " + length + " elements but shape " + shape + " needs " + shape.numel());
    }

    // ------------------------------------------------------------------ properties

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** A copy of the dimensions. */
    public long[] dims() {
        return shape.dims();
    }

    /** Dimension {@code i}. */
    public long dim(int i) {
        return shape.dim(i);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public long numel() {
        return shape.numel();
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The device holding the data. */
    public Device device() {
        return storage.device;
    }

    /** true after the tensor (or its scope) was closed. */
    public boolean isClosed() {
        return closed;
    }

    /** The scope that owns this tensor. */
    public Scope owner() {
        return owner;
    }

    void setOwner(Scope s) {
        owner = s;
    }

    /** The native buffer, for op implementations; throws if this tensor was closed. */
    public sk_buffer buffer() {
        checkOpen();
        return storage.buffer();
    }

    void checkOpen() {
        if (closed)
            throw new IllegalStateException("tensor " + describe() + " was closed " + (closedDirectly ? "with close()" : "(released when scope '" + owner.name() + "' closed)"));
    }

    /** Throws unless this tensor is float32. */
    public Tensor requireFloat(String what) {
        if (dtype != DType.FLOAT32) throw new IllegalArgumentException(what + " needs a float32 tensor, got " + dtype);
        return this;
    }

    // ------------------------------------------------------------------ data movement

    /** Overwrites this float32 tensor with `data` (same element count). */
    public Tensor copyFrom(float[] data) {
        requireFloat("copyFrom(float[])");
        checkLength(data.length, shape);
        Native.check(SymkernNative.sk_buffer_write(buffer(), 0, data, 4L * data.length));
        return this;
    }

    /** Overwrites this tensor with the contents of `src` (same shape and dtype, any device). */
    public Tensor copyFrom(Tensor src) {
        if (!src.shape.equals(shape) || src.dtype != dtype)
            throw new IllegalArgumentException("copyFrom: " + src.describe() + " into " + describe());
        Native.check(SymkernNative.sk_buffer_copy(buffer(), 0, src.buffer(), 0, shape.numel() * dtype.bytes()));
        return this;
    }

    /** A host copy of a float32 tensor. */
    public float[] toFloatArray() {
        requireFloat("toFloatArray()");
        float[] out = new float[Math.toIntExact(numel())];
        Native.check(SymkernNative.sk_buffer_read(out, buffer(), 0, 4L * out.length));
        return out;
    }

    /** A host copy of an int32 tensor. */
    public int[] toIntArray() {
        if (dtype != DType.INT32) throw new IllegalArgumentException("toIntArray() needs an int32 tensor, got " + dtype);
        int[] out = new int[Math.toIntExact(numel())];
        Native.check(SymkernNative.sk_buffer_read_i32(out, buffer(), 0, 4L * out.length));
        return out;
    }

    /** A host copy of an int64 tensor. */
    public long[] toLongArray() {
        if (dtype != DType.INT64) throw new IllegalArgumentException("toLongArray() needs an int64 tensor, got " + dtype);
        long[] out = new long[Math.toIntExact(numel())];
        Native.check(SymkernNative.sk_buffer_read_i64(out, buffer(), 0, 8L * out.length));
        return out;
    }

    /** The value of a one-element float32 tensor. */
    public float item() {
        if (numel() != 1) throw new IllegalArgumentException("item() needs a one-element tensor, got shape " + shape);
        return toFloatArray()[0];
    }

    /** A copy on `device` in the current scope (this tensor itself when it already lives there). */
    public Tensor to(Device device) {
        checkOpen();
        if (device.equals(device())) return this;
        Tensor out = uninitialized(shape, dtype, device);
        Native.check(SymkernNative.sk_buffer_copy(out.buffer(), 0, buffer(), 0, numel() * dtype.bytes()));
        return out;
    }

    /** A copy in the current scope, outside the graph. */
    public Tensor copy() {
        Tensor out = uninitialized(shape, dtype, device());
        return out.copyFrom(this);
    }

    /** A tensor sharing this one's memory with another shape of equal size, outside the graph. */
    public Tensor view(Shape newShape) {
        checkOpen();
        if (newShape.numel() != shape.numel())
            throw new IllegalArgumentException("cannot view " + shape + " (" + numel() + " elements) as " + newShape);
        storage.retain();
        return new Tensor(storage, newShape, dtype, Scope.current());
    }

    /** This tensor's memory under a new node with no graph history. */
    public Tensor detach() {
        return view(shape);
    }

    // ------------------------------------------------------------------ type

    /** The type a layer attached to this tensor (e.g. the group fields of a feature map), or null for a plain tensor. */
    public TensorType type() {
        return type;
    }

    /**
     * Attaches `t` (null removes the type) to this tensor and returns this tensor. Views, reshapes and op results
     * do not inherit it: layers that keep the meaning of the axes pass it on explicitly.
     *
     * @throws IllegalArgumentException when the type does not fit this tensor's shape
     */
    public Tensor withType(TensorType t) {
        if (t != null && !t.fits(shape))
            throw new IllegalArgumentException("a tensor of shape " + shape + " cannot carry the type " + t.describe());
        type = t;
        return this;
    }

    // ------------------------------------------------------------------ autograd

    /** true when backward computes a gradient for this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as needing gradients; returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (flag && dtype != DType.FLOAT32) throw new IllegalArgumentException("only float32 tensors can require gradients");
        if (!flag && gradFn != null) throw new IllegalStateException("cannot clear requiresGrad on a non-leaf; use detach()");
        requiresGrad = flag;
        return this;
    }

    /** The accumulated gradient (null before the first backward), owned by this tensor's scope. */
    public Tensor grad() {
        return grad;
    }

    /** Frees the gradient, if any. */
    public void zeroGrad() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** The function that produced this tensor, or null for a leaf. */
    public Function gradFn() {
        return gradFn;
    }

    /** Graph hook used by {@link Function#apply}: records `fn` as the producer of this tensor. */
    public void attachGraph(Function fn) {
        this.gradFn = fn;
        this.requiresGrad = true;
    }

    /**
     * Graph hook used by {@link Graph}: adds `g` into this leaf's gradient, which is allocated in this
     * tensor's own scope so that it outlives the step's temporaries.
     */
    public void accumulateGrad(Tensor g) {
        if (!g.shape.equals(shape))
            throw new IllegalStateException("gradient " + g.shape + " does not match tensor " + shape);
        if (grad == null) {
            try (Scope.Activation a = owner.activate()) {
                grad = g.copy();
            }
        } else {
            long[] dims = shape.dims();
            Native.check(SymkernNative.sk_binary_forward(grad.buffer(), grad.buffer(), g.buffer(), Math.max(1, dims.length),
                    dims.length == 0 ? new long[] {1} : dims, dims.length == 0 ? new long[] {1} : dims,
                    dims.length == 0 ? new long[] {1} : dims, Binary.Op.ADD.code));
        }
    }

    /** Backpropagates from this one-element tensor (seed 1). */
    public void backward() {
        Graph.backward(this, null);
    }

    /** Backpropagates with an explicit seed gradient of this tensor's shape. */
    public void backward(Tensor seed) {
        Graph.backward(this, seed);
    }

    // ------------------------------------------------------------------ lifetime

    /** Frees this tensor now (its memory is shared with views until they are closed too). */
    @Override
    public void close() {
        if (closed) return;
        owner.forget(this);
        closedDirectly = true;
        release();
    }

    void release() {
        if (closed) return;
        closed = true;
        storage.release();
        if (grad != null) grad.close();
        grad = null;
        gradFn = null;
    }

    // ------------------------------------------------------------------ ops (conveniences over org.symkern.ops)

    /** Elementwise this + o, with broadcasting. */
    public Tensor add(Tensor o) { return Binary.apply(this, o, Binary.Op.ADD); }
    /** Elementwise this - o, with broadcasting. */
    public Tensor sub(Tensor o) { return Binary.apply(this, o, Binary.Op.SUB); }
    /** Elementwise this * o, with broadcasting. */
    public Tensor mul(Tensor o) { return Binary.apply(this, o, Binary.Op.MUL); }
    /** Elementwise this / o, with broadcasting. */
    public Tensor div(Tensor o) { return Binary.apply(this, o, Binary.Op.DIV); }
    /** this + c. */
    public Tensor add(float c) { return Unary.apply(this, Unary.Op.ADD_SCALAR, c); }
    /** this * c. */
    public Tensor mul(float c) { return Unary.apply(this, Unary.Op.SCALE, c); }
    /** -this. */
    public Tensor neg() { return Unary.apply(this, Unary.Op.NEG, 0f); }
    /** max(0, this). */
    public Tensor relu() { return Unary.apply(this, Unary.Op.RELU, 0f); }
    /** this where positive, slope * this elsewhere. */
    public Tensor leakyRelu(float slope) { return Unary.apply(this, Unary.Op.LEAKY_RELU, slope); }
    /** this where positive, alpha (exp(this) - 1) elsewhere. */
    public Tensor elu(float alpha) { return Unary.apply(this, Unary.Op.ELU, alpha); }
    /** this * sigmoid(this). */
    public Tensor silu() { return Unary.apply(this, Unary.Op.SILU, 0f); }
    /** tanh(this). */
    public Tensor tanh() { return Unary.apply(this, Unary.Op.TANH, 0f); }
    /** 1 / (1 + exp(-this)). */
    public Tensor sigmoid() { return Unary.apply(this, Unary.Op.SIGMOID, 0f); }
    /** exp(this). */
    public Tensor exp() { return Unary.apply(this, Unary.Op.EXP, 0f); }
    /** Natural log of this. */
    public Tensor log() { return Unary.apply(this, Unary.Op.LOG, 0f); }
    /** Square root of this. */
    public Tensor sqrt() { return Unary.apply(this, Unary.Op.SQRT, 0f); }
    /** this to the power p. */
    public Tensor pow(float p) { return Unary.apply(this, Unary.Op.POW, p); }
    /** |this|. */
    public Tensor abs() { return Unary.apply(this, Unary.Op.ABS, 0f); }

    /** Matrix product over the last two axes (leading axes are batch axes, see {@link MatMul}). */
    public Tensor matmul(Tensor o) { return MatMul.apply(this, o, false, false); }

    /** This tensor with new dimensions (one may be -1); shares the memory. */
    public Tensor reshape(long... dims) { return Reshape.apply(this, dims); }

    /** The slice [start, start + length) of `axis` (see {@link Indexing#narrow}); differentiable. */
    public Tensor narrow(int axis, long start, long length) { return Indexing.narrow(this, axis, start, length); }
    /** index_select along `axis` with an int32 index vector (see {@link Indexing#indexSelect}); differentiable. */
    public Tensor indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }
    /** The axes in the order `perm`: result.dim(d) = dim(perm[d]) (see {@link Indexing#permute}); differentiable. */
    public Tensor permute(int... perm) { return Indexing.permute(this, perm); }
    /** Swaps axes a and b (see {@link Indexing#transpose}); differentiable. */
    public Tensor transpose(int a, int b) { return Indexing.transpose(this, a, b); }
    /** int32 index of the maximum along `axis`, the axis removed (see {@link Indexing#argmax}); no gradient. */
    public Tensor argmax(int axis) { return Indexing.argmax(this, axis); }
    /** A new axis of size 1 at `axis`. */
    public Tensor unsqueeze(int axis) { return Indexing.unsqueeze(this, axis); }
    /** Removes `axis`, which must have size 1. */
    public Tensor squeeze(int axis) { return Indexing.squeeze(this, axis); }
    /** Concatenation along `axis` (see {@link Indexing#cat}); differentiable. */
    public static Tensor cat(java.util.List<Tensor> xs, int axis) { return Indexing.cat(xs, axis); }
    /** Stacking along a new axis `axis` (see {@link Indexing#stack}); differentiable. */
    public static Tensor stack(java.util.List<Tensor> xs, int axis) { return Indexing.stack(xs, axis); }

    /** Sum of all elements (rank-0 result). */
    public Tensor sum() { return Reduce.all(this, Reduce.Op.SUM); }
    /** The mean of all elements (a scalar). */
    public Tensor mean() { return Reduce.all(this, Reduce.Op.MEAN); }
    /** The sum over {@code axis}. */
    public Tensor sum(int axis, boolean keepDim) { return Reduce.apply(this, axis, Reduce.Op.SUM, keepDim); }
    /** The mean over {@code axis}. */
    public Tensor mean(int axis, boolean keepDim) { return Reduce.apply(this, axis, Reduce.Op.MEAN, keepDim); }
    /** The maximum over {@code axis}. */
    public Tensor max(int axis, boolean keepDim) { return Reduce.apply(this, axis, Reduce.Op.MAX, keepDim); }

    /** Softmax over the last axis. */
    public Tensor softmax() { return Softmax.apply(this, false); }
    /** log softmax over the last axis. */
    public Tensor logSoftmax() { return Softmax.apply(this, true); }

    /** Mean cross-entropy of these (rows, classes) logits against int32 labels. */
    public Tensor crossEntropy(Tensor labels) { return CrossEntropy.apply(this, labels, null, 0f); }

    /** Dropout with probability p; the mask comes from the counter-based generator at (seed, offset). */
    public Tensor dropout(float p, long seed, long offset) { return Dropout.apply(this, p, seed, offset); }

    // ------------------------------------------------------------------ debugging

    /** "float32[2, 3] on cpu". */
    public String describe() {
        return dtype.name().toLowerCase() + shape + " on " + device();
    }

    @Override
    public String toString() {
        if (closed) return "Tensor(closed " + describe() + ")";
        if (numel() <= 16 && dtype == DType.FLOAT32) return "Tensor(" + describe() + " " + Arrays.toString(toFloatArray()) + ")";
        return "Tensor(" + describe() + ")";
    }
}
