package org.symkern.pointcloud;

/**
 * The linear baseline of the EGNN N-body table, x' = x + c v with one scalar c (a learned "time"), fitted here in
 * closed form by least squares on a training set: c = sum (t - x) . v / sum v . v. With c equal to the elapsed time
 * it is the constant-velocity extrapolation. Both are E(3)-equivariant.
 */
public final class LinearDynamics {
    private final double c;

    public LinearDynamics(double c) {
        this.c = c;
    }

    /** The least-squares c on `train`. */
    public static LinearDynamics fit(NBodySet train) {
        double num = 0, den = 0;
        for (int k = 0; k < train.x().length; k++) {
            num += (train.target()[k] - train.x()[k]) * (double) train.v()[k];
            den += train.v()[k] * (double) train.v()[k];
        }
        if (den == 0) throw new IllegalArgumentException("LinearDynamics.fit: all velocities are zero");
        return new LinearDynamics(num / den);
    }

    public double coefficient() {
        return c;
    }

    /** Predicted positions, packed like the set's x. */
    public float[] predict(NBodySet set) {
        float[] p = new float[set.x().length];
        for (int k = 0; k < p.length; k++) p[k] = (float) (set.x()[k] + c * set.v()[k]);
        return p;
    }

    /** Mean squared error over all coordinates of all particles. */
    public double mse(NBodySet set) {
        return DynamicsTrainer.mse(predict(set), set.target());
    }
}
