package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.group.Permutation;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** E(n) equivariance of one EGNN layer (docs/kernels.md, section EGNN): h' invariant, x' equivariant, both permute with the nodes. */
class EgnnLayerTest {
    static final int B = 2, N = 6, NF = 8, DIM = 3;

    /** A random orthogonal 3x3 matrix (Gram-Schmidt of a Gaussian matrix; may be a reflection). */
    static double[][] orthogonal(long seed) {
        float[] a = Fixtures.randn(seed, 9, 1.0);
        double[][] q = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) q[r][c] = a[r * 3 + c];
            for (int p = 0; p < r; p++) {
                double d = 0;
                for (int c = 0; c < 3; c++) d += q[r][c] * q[p][c];
                for (int c = 0; c < 3; c++) q[r][c] -= d * q[p][c];
            }
            double norm = Math.sqrt(q[r][0] * q[r][0] + q[r][1] * q[r][1] + q[r][2] * q[r][2]);
            for (int c = 0; c < 3; c++) q[r][c] /= norm;
        }
        return q;
    }

    /** x_i -> Q x_i + t for every point. */
    static float[] transform(float[] x, double[][] q, double[] t) {
        float[] out = new float[x.length];
        for (int p = 0; p < x.length / 3; p++)
            for (int r = 0; r < 3; r++) {
                double v = t[r];
                for (int c = 0; c < 3; c++) v += q[r][c] * x[p * 3 + c];
                out[p * 3 + r] = (float) v;
            }
        return out;
    }

    static double maxRelDiff(float[] a, float[] b) {
        double err = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            err = Math.max(err, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return err / scale;
    }

    @Test
    void featuresAreInvariantAndCoordinatesEquivariant() {
        double[][] q = orthogonal(3);
        double[] t = {0.7, -1.3, 2.1};
        int[] perm = new int[N];
        for (int i = 0; i < N; i++) perm[i] = (i * 5 + 2) % N;   // a permutation of 0..5
        Permutation p = Permutation.of(perm);
        try (EgnnLayer layer = new EgnnLayer(NF, Device.CPU, 9); Scope s = Scope.open()) {
            float[] h = Fixtures.randn(1, B * N * NF, 1.0), x = Fixtures.randn(2, B * N * DIM, 1.0);
            EgnnLayer.Output ref = layer.forward(Tensor.of(h, B, N, NF), Tensor.of(x, B, N, DIM));
            float[] hp = Equivariance.permuteNodes(h, N, NF, p), xp = Equivariance.permuteNodes(transform(x, q, t), N, DIM, p);
            EgnnLayer.Output out = layer.forward(Tensor.of(hp, B, N, NF), Tensor.of(xp, B, N, DIM));
            double eh = maxRelDiff(Equivariance.permuteNodes(ref.h().toFloatArray(), N, NF, p), out.h().toFloatArray());
            double ex = maxRelDiff(Equivariance.permuteNodes(transform(ref.x().toFloatArray(), q, t), N, DIM, p), out.x().toFloatArray());
            System.out.printf("EgnnLayer under x -> P(Qx + t): h error %.3g, x error %.3g%n", eh, ex);
            assertTrue(eh < 1e-5, "h error " + eh);
            assertTrue(ex < 1e-5, "x error " + ex);
            /* the coordinates really move, and a non-isometry breaks the invariance of h */
            assertTrue(maxRelDiff(x, ref.x().toFloatArray()) > 1e-6);
            double[][] shear = {{1, 0.5, 0}, {0, 1, 0}, {0, 0, 1}};
            float[] xs = transform(x, shear, new double[3]);
            double broken = maxRelDiff(ref.h().toFloatArray(), layer.forward(Tensor.of(h, B, N, NF), Tensor.of(xs, B, N, DIM)).h().toFloatArray());
            assertTrue(broken > 1e-4, "shear changed h by only " + broken);
        }
    }

    @Test
    void everyParameterReceivesAGradient() {
        try (EgnnLayer layer = new EgnnLayer(NF, Device.CPU, 2); Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(2, 1.0, B, N, DIM).requiresGrad(true);
            EgnnLayer.Output out = layer.forward(Fixtures.randn(1, 1.0, B, N, NF), x);
            out.h().sum().add(out.x().mul(out.x()).sum()).backward();
            layer.namedParameters().forEach((name, prm) -> assertNotNull(prm.grad(), name));
            assertNotNull(x.grad());
            /* the same count as the EGNN code's concatenating layers: 7 nf^2 + 7 nf */
            assertEquals(7L * NF * NF + 7L * NF, layer.parameterCount());
        }
    }
}
