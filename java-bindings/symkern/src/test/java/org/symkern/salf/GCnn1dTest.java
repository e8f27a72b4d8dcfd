package org.symkern.salf;

import org.symkern.models.Cnn1d;
import org.symkern.models.HalvingMaxPool1d;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symkern.nn.PlaneActions;
import org.symkern.ops.MaxPool2d;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The beat models: time-reversal invariance of GCnn1d's logits and of SalfCnn1d built symmetric-only (the same
 * network) at the MIT-BIH window lengths 181 and 187 and at even lengths, the equivariance of the encoder's map, the
 * swap of SalfCnn1d's asymmetric pairs, the reversal-exact pooling, Cnn1d as the non-invariant control, and
 * parameter counts.
 */
class GCnn1dTest {
    static final Device CPU = Device.CPU;

    static Tensor reversed(Tensor x) {
        return Tensor.of(PlaneActions.reverseTime(x.toFloatArray(), (int) x.dim(-1)), x.shape(), x.device());
    }

    @ParameterizedTest
    @ValueSource(ints = {181, 187, 64, 30})
    void gCnn1dLogitsAreTimeReversalInvariantAndItsFeaturesEquivariant(int len) {
        try (Scope s = Scope.open(); GCnn1d net = new GCnn1d(1, 6, 2, CPU, 3); Cnn1d plain = new Cnn1d(1, 8, 2, CPU, 3)) {
            Tensor x = Fixtures.randn(4, 1.0, 5, 1, len);
            Tensor y = net.forward(x);
            assertEquals(Shape.of(5, 2), y.shape());
            double err = PlaneActions.relMaxError(net.forward(reversed(x)).toFloatArray(), y.toFloatArray());
            Tensor h = net.features(x);
            long out = len;
            for (int b = 0; b < GCnn1d.BLOCKS; b++) out = HalvingMaxPool1d.outLength(out);
            assertEquals(Shape.of(5, 6, 2, out), h.shape());
            float[] want = PlaneActions.reverseTime(PlaneActions.permuteAxis(h.toFloatArray(), h.dims(), 2, new int[] {1, 0}), (int) out);
            double ferr = PlaneActions.relMaxError(net.features(reversed(x)).toFloatArray(), want);
            double plainErr = PlaneActions.relMaxError(plain.forward(reversed(x)).toFloatArray(), plain.forward(x).toFloatArray());
            System.out.printf("T = %d (-> %d): GCnn1d logits reversal error %.3g, features error %.3g; Cnn1d logits change %.3g%n",
                    len, out, err, ferr, plainErr);
            assertTrue(err < 1e-5, "GCnn1d invariance error " + err);
            assertTrue(ferr < 1e-5, "GCnn1d equivariance error " + ferr);
            assertTrue(plainErr > 1e-3, "negative control: the plain CNN is not reversal invariant, " + plainErr);
        }
    }

    @Test
    void symmetricOnlySalfCnn1dIsGCnn1d() {
        try (Scope s = Scope.open(); GCnn1d g = new GCnn1d(1, 5, 2, CPU, 7);
             SalfCnn1d sym = new SalfCnn1d(1, 5, 2, 0.3f, true, CPU, 7)) {
            assertEquals(g.parameterCount(), sym.parameterCount());
            assertFalse(sym.namedParameters().containsKey("head.gamma"));
            Tensor x = Fixtures.randn(8, 1.0, 4, 1, 181);
            float[] logits = sym.forward(x).toFloatArray();
            assertArrayEquals(g.forward(x).toFloatArray(), logits);
            double err = PlaneActions.relMaxError(sym.forward(reversed(x)).toFloatArray(), logits);
            assertTrue(err < 1e-5, "symmetric-only SalfCnn1d reversal error " + err);
        }
    }

    @Test
    void salfCnn1dEmbeddingKeepsItsInvariantBlockAndSwapsItsAsymmetricPairs() {
        int f = 4;
        try (Scope s = Scope.open(); SalfCnn1d net = new SalfCnn1d(1, f, 2, 1.0f, false, CPU, 9)) {
            Tensor x = Fixtures.randn(10, 1.0, 3, 1, 187);
            SalfModel.LogitsAndEmbedding out = net.logitsAndEmbedding(x), rev = net.logitsAndEmbedding(reversed(x));
            assertEquals(Shape.of(3, 3 * f), out.embedding().shape());
            float[] z = out.embedding().toFloatArray(), zr = rev.embedding().toFloatArray();
            double inv = 0, asym = 0, unswapped = 0, scale = 0;
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < f; c++) inv = Math.max(inv, Math.abs(zr[b * 3 * f + c] - z[b * 3 * f + c]));
                for (int c = 0; c < f; c++)
                    for (int t = 0; t < 2; t++) {
                        int at = b * 3 * f + f + 2 * c;
                        asym = Math.max(asym, Math.abs(zr[at + t] - z[at + 1 - t]));
                        unswapped = Math.max(unswapped, Math.abs(zr[at + t] - z[at + t]));
                    }
            }
            for (float v : z) scale = Math.max(scale, Math.abs(v));
            System.out.printf("SalfCnn1d time reversal: invariant block error %.3g, asymmetric pairs vs swapped %.3g (unswapped %.3g)%n",
                    inv / scale, asym / scale, unswapped / scale);
            assertTrue(inv / scale < 1e-5 && asym / scale < 1e-5, "errors " + inv / scale + ", " + asym / scale);
            assertTrue(unswapped / scale > 1e-3, "negative control " + unswapped / scale);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {181, 91, 46, 23, 12, 187, 94, 47, 24, 1, 2})
    void halvingPoolCommutesWithReversalAtEveryParityWhereAFixedWindowDoesNot(int len) {
        try (Scope s = Scope.open(); HalvingMaxPool1d pool = new HalvingMaxPool1d()) {
            Tensor x = Fixtures.randn(len, 1.0, 2, 3, 2, len);
            Tensor y = pool.forward(x);
            assertEquals(Shape.of(2, 3, 2, (len + 1) / 2), y.shape());
            assertArrayEquals(PlaneActions.reverseTime(y.toFloatArray(), (int) y.dim(-1)), pool.forward(reversed(x)).toFloatArray());
            if (len % 2 == 1 && len > 1) {   // window 2, stride 2 drops the last sample and breaks the symmetry
                Tensor fixed = MaxPool2d.apply(x, 1, 2, 1, 2, 0, 0), fixedRev = MaxPool2d.apply(reversed(x), 1, 2, 1, 2, 0, 0);
                assertNotEquals(0.0, PlaneActions.relMaxError(fixedRev.toFloatArray(),
                        PlaneActions.reverseTime(fixed.toFloatArray(), (int) fixed.dim(-1))));
            }
        }
    }

    @Test
    void parameterCountsOfTheBeatModels() {
        try (Scope s = Scope.open(); Cnn1d plain = new Cnn1d(1, 32, 2, CPU, 1); GCnn1d g = new GCnn1d(1, 22, 2, CPU, 1);
             SalfCnn1d salf = new SalfCnn1d(1, 22, 2, 0.1f, false, CPU, 1)) {
            System.out.printf("parameters: Cnn1d(32) %d, GCnn1d(22) %d, SalfCnn1d(22) %d%n", plain.parameterCount(), g.parameterCount(),
                    salf.parameterCount());
            // C (k + 1) + 3 C (C k + 1) + 8 C + 2 (C + 1); F (k + 1) + 3 F (2 F k + 1) + 8 F + 2 (F + 1); k = 5
            assertEquals(32 * 6 + 3 * 32 * 161 + 8 * 32 + 2 * 33, plain.parameterCount());
            assertEquals(22 * 6 + 3 * 22 * 221 + 8 * 22 + 2 * 23, g.parameterCount());
            assertEquals(g.parameterCount() + 22 + 22 * 2 * 2, salf.parameterCount());
            assertTrue(Math.max(plain.parameterCount(), salf.parameterCount()) / (double) Math.min(plain.parameterCount(),
                    g.parameterCount()) < 1.1);
        }
    }

    @Test
    void evenKernelsAndNoBlocksAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GCnn1d(1, 4, 2, 4, 4, CPU, 1));
        assertTrue(e.getMessage().contains("kernel 4 must be odd"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Cnn1d(1, 4, 2, 0, 5, CPU, 1));
        assertTrue(e.getMessage().contains("blocks 0"), e.getMessage());
    }
}
