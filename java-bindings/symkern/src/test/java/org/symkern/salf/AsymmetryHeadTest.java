package org.symkern.salf;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.symkern.autograd.GradCheck;
import org.symkern.nn.GSpace;
import org.symkern.nn.PlaneActions;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * AsymmetryHead: z against a float64 reference of the class formula, the invariance of its first block and the
 * group-axis permutation of its second under rot90 / flips of a (B, C, G, H, W) map and under time reversal of a
 * (B, C, 2, T) map, the symmetric-only head (no parameter, z = inv), and gradients (to gamma and to h).
 */
class AsymmetryHeadTest {
    static final Device CPU = Device.CPU;

    /** z of the class Javadoc in float64: [max_(g,p) h, gamma_c (mean_p h - mean_(g,p) h)] per row. */
    static double[] reference(float[] h, int b, int c, int g, int space, float[] gamma) {
        int dim = c + (gamma == null ? 0 : c * g);
        double[] z = new double[b * dim];
        for (int i = 0; i < b; i++)
            for (int f = 0; f < c; f++) {
                double max = Double.NEGATIVE_INFINITY, all = 0;
                double[] profile = new double[g];
                for (int t = 0; t < g; t++) {
                    for (int p = 0; p < space; p++) {
                        double v = h[((i * c + f) * g + t) * space + p];
                        max = Math.max(max, v);
                        profile[t] += v / space;
                    }
                    all += profile[t] / g;
                }
                z[i * dim + f] = max;
                if (gamma != null)
                    for (int t = 0; t < g; t++) z[i * dim + c + f * g + t] = gamma[f] * (profile[t] - all);
            }
        return z;
    }

    @Test
    void embeddingMatchesFloat64ReferenceOfTheFormula() {
        try (Scope s = Scope.open(); AsymmetryHead head = new AsymmetryHead(3, 4, 2, 0.1f, false, CPU);
             AsymmetryHead sym = AsymmetryHead.symmetricOnly(3, 4, 2, CPU)) {
            float[] gamma = {0.5f, -1.25f, 2f};
            head.gamma().copyFrom(gamma);
            Tensor h = Fixtures.randn(1, 1.0, 2, 3, 4, 5, 5);
            Tensor z = head.forward(h);
            assertEquals(Shape.of(2, 3 + 12), z.shape());
            assertEquals(15, head.outDim());
            Fixtures.assertClose(reference(h.toFloatArray(), 2, 3, 4, 25, gamma), z.toFloatArray(), 1e-6, 1e-5);
            Tensor zs = sym.forward(h);
            assertEquals(Shape.of(2, 3), zs.shape());
            Fixtures.assertClose(reference(h.toFloatArray(), 2, 3, 4, 25, null), zs.toFloatArray(), 0, 0);
            // the blocks of z are the two parts, copied exactly
            float[] zv = z.toFloatArray(), inv = head.invariantPart(h).toFloatArray(), asym = head.asymmetricPart(h).toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int f = 0; f < 3; f++) assertEquals(inv[i * 3 + f], zv[i * 15 + f]);
                for (int j = 0; j < 12; j++) assertEquals(asym[i * 12 + j], zv[i * 15 + 3 + j]);
            }
        }
    }

    /**
     * max |part(g.h) - act(part(h))| / max |part(h)| for the invariant block (act = identity) and the asymmetric block
     * (act = the group-axis permutation): {invariant error, asymmetric error, asymmetric error without the permutation}.
     */
    static double[] errors(AsymmetryHead head, Tensor h, UnaryOperator<float[]> spatial, int[] perm) {
        try (Scope s = Scope.open()) {
            Tensor hg = Tensor.of(spatial.apply(PlaneActions.permuteAxis(h.toFloatArray(), h.dims(), 2, perm)), h.shape(), CPU);
            Tensor asym = head.asymmetricPart(h);
            float[] a = asym.toFloatArray(), ag = head.asymmetricPart(hg).toFloatArray();
            return new double[] {
                PlaneActions.relMaxError(head.invariantPart(hg).toFloatArray(), head.invariantPart(h).toFloatArray()),
                PlaneActions.relMaxError(ag, PlaneActions.permuteAxis(a, asym.dims(), 2, perm)),
                PlaneActions.relMaxError(ag, a)};
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"P4, rot90", "P4M, rot90", "P4M, flipud", "C8, rot90", "D8, fliplr"})
    void invariantPartIsInvariantAndAsymmetricPartIsPermutedLikeTheGroupAxis(GSpace g, String action) {
        int n = 6;
        int element = action.equals("rot90") ? g.rot90Element() : g.mirrorElement();
        UnaryOperator<float[]> spatial = switch (action) {
            case "rot90" -> a -> PlaneActions.rot90(a, n);
            case "flipud" -> a -> PlaneActions.flipud(a, n);
            default -> a -> PlaneActions.fliplr(a, n);
        };
        int[] perm = g.group().groupAxisPermutation(element);
        if (g == GSpace.P4) assertArrayEquals(new int[] {3, 0, 1, 2}, perm);   // a roll of the group axis by +1
        try (Scope s = Scope.open(); AsymmetryHead head = new AsymmetryHead(3, g.order(), 2, 0.7f, false, CPU)) {
            Tensor h = Fixtures.randn(2, 1.0, 2, 3, g.order(), n, n);
            double[] e = errors(head, h, spatial, perm);
            System.out.printf("AsymmetryHead %s %s: invariant block error %.3g, asymmetric block vs permuted %.3g (unpermuted %.3g)%n",
                    g, action, e[0], e[1], e[2]);
            assertEquals(0.0, e[0], "max pooling is exactly invariant");
            assertTrue(e[1] < 1e-6, "asymmetric block error " + e[1]);
            assertTrue(e[2] > 1e-2, "negative control: the asymmetric block is not invariant, " + e[2]);
        }
    }

    @Test
    void timeReversalKeepsTheInvariantPartAndSwapsTheAsymmetricPair() {
        int len = 9;
        try (Scope s = Scope.open(); AsymmetryHead head = new AsymmetryHead(4, 2, 1, 0.3f, false, CPU)) {
            Tensor h = Fixtures.randn(3, 1.0, 3, 4, 2, len);
            double[] e = errors(head, h, a -> PlaneActions.reverseTime(a, len), new int[] {1, 0});
            System.out.printf("AsymmetryHead time reversal: invariant block error %.3g, asymmetric pair vs swapped %.3g (unswapped %.3g)%n",
                    e[0], e[1], e[2]);
            assertEquals(0.0, e[0]);
            assertTrue(e[1] < 1e-6, "asymmetric block error " + e[1]);
            assertTrue(e[2] > 1e-2, "negative control " + e[2]);
            // for G = 2 the pair is (d, -d)
            float[] a = head.asymmetricPart(h).toFloatArray();
            for (int i = 0; i < a.length; i += 2) assertEquals(-a[i], a[i + 1], 1e-6f);
        }
    }

    @Test
    void symmetricOnlyHeadHasNoParameterAndIsTheInvariantPart() {
        try (Scope s = Scope.open(); AsymmetryHead sym = AsymmetryHead.symmetricOnly(3, 4, 2, CPU)) {
            assertTrue(sym.parameters().isEmpty());
            assertTrue(sym.isSymmetricOnly());
            assertNull(sym.gamma());
            assertEquals(3, sym.outDim());
            Tensor h = Fixtures.randn(4, 1.0, 2, 3, 4, 5, 5);
            assertArrayEquals(sym.invariantPart(h).toFloatArray(), sym.forward(h).toFloatArray());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sym.asymmetricPart(h));
            assertTrue(e.getMessage().contains("symmetric-only"), e.getMessage());
        }
    }

    @Test
    void gammaIsOneParameterPerFieldStartingAtItsInitialValue() {
        try (Scope s = Scope.open(); AsymmetryHead head = new AsymmetryHead(5, 8, 2, 0.25f, false, CPU);
             AsymmetryHead dflt = new AsymmetryHead(2, 4, 1, AsymmetryHead.DEFAULT_GAMMA_INIT, false, CPU)) {
            assertEquals(1, head.parameters().size());
            assertEquals(Shape.of(5), head.gamma().shape());
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0.25f}, head.gamma().toFloatArray());
            assertArrayEquals(new float[] {0.1f, 0.1f}, dflt.gamma().toFloatArray());
        }
    }

    @Test
    void gradientsToGammaAndToTheMapMatchFiniteDifferences() {
        try (Scope s = Scope.open(); AsymmetryHead head = new AsymmetryHead(2, 4, 2, 0.5f, false, CPU)) {
            head.gamma().copyFrom(new float[] {0.8f, -0.6f});
            // distinct values, so that the max of the invariant part has a unique, stable argmax
            float[] v = Fixtures.randn(5, 2 * 2 * 4 * 3 * 3, 1.0);
            for (int i = 0; i < v.length; i++) v[i] += 0.05f * i;
            Tensor h = Tensor.of(v, Shape.of(2, 2, 4, 3, 3), CPU).requiresGrad(true);
            GradCheck.assertGradients(in -> head.forward(in[0]), new Tensor[] {h, head.gamma()}, 1e-3, 2e-3, 2e-2);
        }
    }

    @Test
    void malformedInputsAreRejectedWithTheirShape() {
        try (Scope s = Scope.open(); AsymmetryHead head = new AsymmetryHead(3, 4, 2, 0.1f, false, CPU)) {
            for (Tensor bad : new Tensor[] {Tensor.zeros(2, 3, 8, 5, 5), Tensor.zeros(2, 2, 4, 5, 5), Tensor.zeros(2, 3, 4, 5)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> head.forward(bad));
                assertTrue(e.getMessage().contains(bad.shape().toString()) && e.getMessage().contains("(B, 3, 4, H, W)"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> new AsymmetryHead(0, 4, 2, 0.1f, false, CPU));
            assertThrows(IllegalArgumentException.class, () -> new AsymmetryHead(3, 4, 2, Float.NaN, false, CPU));
        }
    }
}
