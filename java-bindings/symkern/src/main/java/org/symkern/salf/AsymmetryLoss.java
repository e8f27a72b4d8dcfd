package org.symkern.salf;

import org.symkern.ops.MatMul;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * SALF's asymmetry-driven regularizer (docs/salf.md, section symkern's reading; the seed paper gives no formula, this is
 * symkern's reading). For a batch of head outputs z (B, D) with labels y:
 * <pre>
 *   u_b      = z_b / sqrt(||z_b||^2 + eps)                           (L2-normalised rows)
 *   mu_c     = mean of u_b over the batch rows with y_b = c          (for the P classes present in the batch)
 *   d(c, c') = sqrt(max(0, ||mu_c||^2 + ||mu_c'||^2 - 2 mu_c . mu_c') + eps)
 *   L_asym   = (1 / P) sum_c max(0, m - min_{c' != c} d(c, c'))^2
 * </pre>
 * It pushes apart the centroids of the most similar classes until they are at least the margin m apart. With fewer
 * than two classes in the batch the term is a constant 0 without gradient. Built from differentiable ops (row
 * norms, a matmul with the constant class-mean matrix, pairwise distances, a masked max), so backward is the
 * autograd graph's.
 */
public final class AsymmetryLoss {
    /** Added under square roots (normalisation and distances) so that gradients stay finite at zero. */
    public static final float EPS = 1e-8f;
    /** Added to the diagonal of the distance matrix so that min over c' != c never picks c itself. */
    private static final float DIAGONAL_OFFSET = 1e4f;

    private AsymmetryLoss() {}

    /**
     * L_asym of z (B, D) for int labels (length B, values in [0, classes)) with margin m > 0; a scalar tensor on z's
     * device.
     */
    public static Tensor compute(Tensor z, int[] labels, int classes, float margin) {
        if (z.rank() != 2) throw new IllegalArgumentException("asymmetry loss: z must be (B, D), got " + z.shape());
        long b = z.dim(0);
        if (labels.length != b) throw new IllegalArgumentException("asymmetry loss: " + labels.length + " labels for z " + z.shape());
        if (!(margin > 0)) throw new IllegalArgumentException("asymmetry loss: margin must be positive, got " + margin);
        int[] count = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("asymmetry loss: label " + labels[i] + " at row " + i + " outside [0, " + classes + ")");
            count[labels[i]]++;
        }
        int[] slot = new int[classes];
        int present = 0;
        for (int c = 0; c < classes; c++) slot[c] = count[c] > 0 ? present++ : -1;
        if (present < 2) return Tensor.zeros(Shape.of(), z.device());

        // class-mean matrix M (B, P): M[b, slot(y_b)] = 1 / count(y_b); centroids = M^T u
        float[] mean = new float[(int) b * present];
        for (int i = 0; i < b; i++) mean[i * present + slot[labels[i]]] = 1f / count[labels[i]];
        Tensor m = Tensor.of(mean, Shape.of(b, present), z.device());
        float[] diag = new float[present * present];
        for (int c = 0; c < present; c++) diag[c * present + c] = DIAGONAL_OFFSET;
        Tensor diagonal = Tensor.of(diag, Shape.of(present, present), z.device());

        Tensor norm = z.mul(z).sum(1, true).add(EPS).sqrt();                 // (B, 1)
        Tensor u = z.div(norm);                                              // (B, D)
        Tensor mu = MatMul.apply(m, u, true, false);                         // (P, D)
        Tensor sq = mu.mul(mu).sum(1, true);                                 // (P, 1)
        Tensor gram = MatMul.apply(mu, mu, false, true);                     // (P, P)
        Tensor d2 = sq.add(sq.reshape(1, present)).sub(gram.mul(2f));        // (P, P)
        Tensor dist = d2.relu().add(EPS).sqrt().add(diagonal);
        Tensor nearest = dist.neg().max(1, false).neg();                      // (P)
        Tensor hinge = nearest.neg().add(margin).relu();
        return hinge.mul(hinge).mean();
    }
}
