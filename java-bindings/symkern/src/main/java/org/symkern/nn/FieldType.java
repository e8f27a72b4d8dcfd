package org.symkern.nn;

import java.util.Objects;

import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;
import org.symkern.tensor.TensorType;

/**
 * The type of a planar feature map of a group convolution network (in the spirit of escnn's FieldType: a space,
 * a number of fields and their representation): {@code fields} fields of {@link GSpace} {@code gspace}, each
 * transforming by
 * <ul>
 *   <li>{@link Repr#REGULAR}: the regular representation of the stabiliser H, one channel per element of H, the
 *       group axis of a map (B, fields, |H|, h, w); under g in H the map becomes
 *       x'[:, :, t] = L_g(x[:, :, idx(g^{-1} g_t)]) ({@link LiftingConv2d} and {@link GroupConv2d} produce these);</li>
 *   <li>{@link Repr#TRIVIAL}: the trivial representation, one channel per field, a map (B, fields, h, w) that only
 *       moves on the plane, x' = L_g(x) (network inputs; {@link GroupPool} outputs).</li>
 * </ul>
 * Layers attach the type to the maps they produce ({@link Tensor#withType}) and check it on the maps they take when
 * one is attached: a group convolution of space G over c fields accepts regular fields of G with c fields only, so
 * feeding a p4m map into a C8 layer (same |H| = 8, different group and action) is an {@link IllegalArgumentException}
 * instead of a silently meaningless result. A tensor without a type (a plain user tensor) is accepted whenever its
 * shape fits, as before. Layers that act per channel and per plane (batch norm, pointwise activations, plane pooling,
 * dropout) pass the type on; global spatial pooling and reshapes drop it.
 */
public record FieldType(GSpace gspace, long fields, Repr repr) implements TensorType {
    /** How each field transforms (see the class comment). */
    public enum Repr { TRIVIAL, REGULAR }

    public FieldType {
        Objects.requireNonNull(gspace, "gspace");
        Objects.requireNonNull(repr, "repr");
        if (fields <= 0) throw new IllegalArgumentException("FieldType: fields = " + fields + " must be positive");
    }

    /** {@code fields} regular fields of {@code gspace}: maps (B, fields, |H|, h, w). */
    public static FieldType regular(GSpace gspace, long fields) {
        return new FieldType(gspace, fields, Repr.REGULAR);
    }

    /** {@code fields} trivial fields of {@code gspace}: maps (B, fields, h, w). */
    public static FieldType trivial(GSpace gspace, long fields) {
        return new FieldType(gspace, fields, Repr.TRIVIAL);
    }

    /** Channels per example: fields |H| for regular fields, fields for trivial ones. */
    public long channels() {
        return repr == Repr.REGULAR ? fields * gspace.order() : fields;
    }

    /** Regular: rank 5 with dims 1, 2 = (fields, |H|); trivial: rank 4 with dim 1 = fields. */
    @Override
    public boolean fits(Shape s) {
        return repr == Repr.REGULAR ? s.rank() == 5 && s.dim(1) == fields && s.dim(2) == gspace.order()
                                    : s.rank() == 4 && s.dim(1) == fields;
    }

    @Override
    public String describe() {
        return fields + " " + repr.name().toLowerCase() + " field" + (fields == 1 ? "" : "s") + " of " + gspace
                + (repr == Repr.REGULAR ? " (|G| = " + gspace.order() + ")" : "");
    }

    /** The field type attached to x, or null when x carries none (or a type of another kind). */
    public static FieldType of(Tensor x) {
        return x.type() instanceof FieldType f ? f : null;
    }

    /** Attaches the type of {@code from} to {@code to} when it has one that fits {@code to}'s shape; returns to. */
    static Tensor carry(Tensor from, Tensor to) {
        if (from.type() != null && from.type().fits(to.shape())) to.withType(from.type());
        return to;
    }

    @Override
    public String toString() {
        return describe();
    }
}
