package org.symkern.tensor;

/**
 * What a tensor's axes mean, attached to a {@link Tensor} by the layer that produced it (e.g. a feature map of
 * regular fields of a symmetry group, {@code org.symkern.nn.FieldType}). Optional: a tensor without a type is a
 * plain array, and layers that check types accept it as before. A type must fit the shape it is attached to.
 */
public interface TensorType {
    /** Whether a tensor of this shape can carry this type (checked by {@link Tensor#withType}). */
    boolean fits(Shape shape);

    /** A short human-readable description for error messages, e.g. "2 regular fields of p4m (|G| = 8)". */
    String describe();
}
