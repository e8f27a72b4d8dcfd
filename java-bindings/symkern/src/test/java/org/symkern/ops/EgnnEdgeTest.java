package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class EgnnEdgeTest {
    @Test
    void forwardMatchesFloat64Reference() {
        try (Scope s = Scope.open()) {
            int b = 2, n = 5, dim = 3;
            float[] x = Fixtures.randn(1, b * n * dim, 1.0), phi = Fixtures.randn(2, b * n * n, 1.0);
            Tensor d2 = EgnnEdge.squaredDistances(Tensor.of(x, b, n, dim));
            Tensor xo = EgnnEdge.coordUpdate(Tensor.of(x, b, n, dim), Tensor.of(phi, b, n, n), 0.25f);
            assertEquals(Shape.of(b, n, n), d2.shape());
            double[] wantD2 = new double[b * n * n], wantX = new double[b * n * dim];
            for (int g = 0; g < b; g++)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        for (int c = 0; c < dim; c++) {
                            double diff = (double) x[(g * n + i) * dim + c] - x[(g * n + j) * dim + c];
                            wantD2[(g * n + i) * n + j] += diff * diff;
                            if (j != i) wantX[(g * n + i) * dim + c] += 0.25 * diff * phi[(g * n + i) * n + j];
                        }
            for (int i = 0; i < wantX.length; i++) wantX[i] += x[i];
            Fixtures.assertClose(wantD2, d2.toFloatArray(), 1e-5, 1e-5);
            Fixtures.assertClose(wantX, xo.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(3, 1.0, 2, 4, 3).requiresGrad(true), phi = Fixtures.randn(4, 1.0, 2, 4, 4).requiresGrad(true);
            GradCheck.assertGradients(t -> EgnnEdge.squaredDistances(t[0]), new Tensor[] {x}, 1e-2, 2e-3, 2e-3);
            GradCheck.assertGradients(t -> EgnnEdge.coordUpdate(t[0], t[1], 1f / 3), new Tensor[] {x, phi}, 1e-2, 2e-3, 2e-3);
            /* composed, as in an EGNN layer: x' = x + C sum (x_i - x_j) tanh(d2_ij) */
            GradCheck.assertGradients(t -> EgnnEdge.coordUpdate(t[0], EgnnEdge.squaredDistances(t[0]).tanh(), 1f / 3),
                    new Tensor[] {x}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void phiShapeMismatchIsNamed() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EgnnEdge.coordUpdate(Tensor.zeros(2, 4, 3), Tensor.zeros(2, 4, 3), 0.5f));
            assertTrue(e.getMessage().contains("phi must be [2, 4, 4] for x [2, 4, 3], got [2, 4, 3]"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device gpu = Device.cuda(0);
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(1, 1.0, 8, 30, 3).requiresGrad(true), phi = Fixtures.randn(2, 1.0, 8, 30, 30).requiresGrad(true);
            Tensor xg = x.to(gpu).detach().requiresGrad(true), pg = phi.to(gpu).detach().requiresGrad(true);
            Tensor yc = EgnnEdge.coordUpdate(x, phi, 1f / 29).add(EgnnEdge.squaredDistances(x).sum(2, false).reshape(8, 30, 1));
            Tensor yg = EgnnEdge.coordUpdate(xg, pg, 1f / 29).add(EgnnEdge.squaredDistances(xg).sum(2, false).reshape(8, 30, 1));
            OrbitLinearTest.assertClose(yc, yg, 1e-4);
            Tensor seed = Fixtures.randn(3, 1.0, 8, 30, 3);
            yc.backward(seed);
            yg.backward(seed.to(gpu));
            OrbitLinearTest.assertClose(x.grad(), xg.grad(), 1e-3);
            OrbitLinearTest.assertClose(phi.grad(), pg.grad(), 1e-4);
        }
    }
}
