package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class CrossEntropyTest {
    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of(false, 0f), Arguments.of(true, 0f), Arguments.of(false, 0.2f), Arguments.of(true, 0.35f));
    }

    static int[] labels(long seed, int rows, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) y[i] = r.nextInt(classes);
        return y;
    }

    static float[] weights(int classes) {
        float[] w = new float[classes];
        for (int c = 0; c < classes; c++) w[c] = 0.25f + 0.5f * c;
        return w;
    }

    /**
     * The formula of symkern.h from scratch, in double: with p = log_softmax(x),
     * loss = sum_i [(1-eps) w_{y_i} (-p_{i,y_i}) + eps/C sum_c w_c (-p_{i,c})] / sum_i w_{y_i}.
     */
    static double reference(float[] x, int[] y, float[] w, double eps, int classes) {
        double num = 0, den = 0;
        for (int i = 0; i < y.length; i++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int c = 0; c < classes; c++) m = Math.max(m, x[i * classes + c]);
            for (int c = 0; c < classes; c++) s += Math.exp(x[i * classes + c] - m);
            double lse = m + Math.log(s), smooth = 0;
            for (int c = 0; c < classes; c++) smooth += (w == null ? 1 : w[c]) * -(x[i * classes + c] - lse);
            double wy = w == null ? 1 : w[y[i]];
            num += (1 - eps) * wy * -(x[i * classes + y[i]] - lse) + eps / classes * smooth;
            den += wy;
        }
        return num / den;
    }

    @ParameterizedTest
    @MethodSource("variants")
    void forwardMatchesFloat64Reference(boolean weighted, float eps) {
        try (Scope s = Scope.open()) {
            int rows = 9, classes = 6;
            float[] x = Fixtures.randn(13, rows * classes, 2.0);
            int[] y = labels(3, rows, classes);
            float[] w = weighted ? weights(classes) : null;
            Tensor loss = CrossEntropy.apply(Tensor.of(x, rows, classes), Tensor.ofInts(y, rows),
                    w == null ? null : Tensor.of(w, classes), eps);
            assertEquals(Shape.scalar(), loss.shape());
            assertEquals(reference(x, y, w, eps, classes), loss.item(), 2e-6 * Math.abs(loss.item()) + 1e-6);
        }
    }

    @Test
    void handComputedCase() {
        // logits [[0,0,0],[0,ln2,ln5]], labels [1,2], w = [1,2,3], eps = 0.3:
        //   row 0: p_c = -ln3;  t_0 = 0.7*2*ln3 + 0.1*(1+2+3)*ln3 = 2 ln3
        //   row 1: p = ln(1/8), ln(2/8), ln(5/8);  t_1 = 0.7*3*ln1.6 + 0.1*(ln8 + 2 ln4 + 3 ln1.6) = 2.4 ln1.6 + 0.7 ln2
        //   loss = (t_0 + t_1) / (w_1 + w_2) = (2 ln3 + 2.4 ln1.6 + 0.7 ln2) / 5 = 0.7620873...
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.of(new float[] {0, 0, 0, 0, (float) Math.log(2), (float) Math.log(5)}, 2, 3);
            Tensor loss = CrossEntropy.apply(logits, Tensor.ofInts(new int[] {1, 2}, 2), Tensor.of(new float[] {1, 2, 3}, 3), 0.3f);
            assertEquals(0.7620873, loss.item(), 1e-6);
            // plain NLL of a uniform row is ln(classes)
            Tensor uniform = Tensor.zeros(4, 5).crossEntropy(Tensor.ofInts(new int[] {0, 1, 2, 4}, 4));
            assertEquals(Math.log(5), uniform.item(), 1e-6);
        }
    }

    @Test
    void largeLogitsGiveAFiniteLoss() {
        try (Scope s = Scope.open()) {
            float[] x = {1000, -1000, 0, -1000, 1000, 999};
            int[] y = {1, 2};
            Tensor loss = CrossEntropy.apply(Tensor.of(x, 2, 3), Tensor.ofInts(y, 2), null, 0.1f);
            assertTrue(Float.isFinite(loss.item()));
            assertEquals(reference(x, y, null, 0.1, 3), loss.item(), 1e-6 * Math.abs(loss.item()));
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void backwardMatchesFiniteDifferences(boolean weighted, float eps) {
        try (Scope s = Scope.open()) {
            int rows = 4, classes = 5;
            Tensor logits = Fixtures.randn(17, 1.0, rows, classes).requiresGrad(true);
            Tensor y = Tensor.ofInts(labels(8, rows, classes), rows);
            Tensor w = weighted ? Tensor.of(weights(classes), classes) : null;
            GradCheck.assertGradients(in -> CrossEntropy.apply(in[0], y, w, eps), new Tensor[] {logits}, 1e-2, 2e-4, 2e-3);
        }
    }

    @Test
    void labelsAndWeightsGetNoGradient() {
        try (Scope s = Scope.open()) {
            Tensor logits = Fixtures.randn(2, 1.0, 3, 4).requiresGrad(true);
            Tensor w = Tensor.of(weights(4), 4).requiresGrad(true);
            Tensor loss = CrossEntropy.apply(logits, Tensor.ofInts(new int[] {0, 3, 1}, 3), w, 0.1f);
            loss.backward();
            assertNull(w.grad());
            assertEquals(Shape.of(3, 4), logits.grad().shape());
            // each row of dlogits sums to zero (softmax minus a distribution of the same total)
            float[] g = logits.grad().toFloatArray();
            for (int r = 0; r < 3; r++) assertEquals(0, g[4 * r] + g[4 * r + 1] + g[4 * r + 2] + g[4 * r + 3], 1e-6);
        }
    }

    @Test
    void labelOutOfRangeIsAClearException() {
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.zeros(4, 5);
            SymkernException e = assertThrows(SymkernException.class,
                    () -> logits.crossEntropy(Tensor.ofInts(new int[] {0, 2, 5, 1}, 4)));
            assertEquals(SymkernException.Status.BAD_ARGUMENT, e.status());
            assertTrue(e.getMessage().contains("label 5 at row 2"), e.getMessage());
            e = assertThrows(SymkernException.class, () -> logits.crossEntropy(Tensor.ofInts(new int[] {0, 1, 2, -7}, 4)));
            assertTrue(e.getMessage().contains("label -7 at row 3"), e.getMessage());
        }
    }

    @Test
    void invalidArgumentsNameShapesAndDtypes() {
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.zeros(4, 5), y = Tensor.ofInts(new int[] {0, 1, 2, 3}, 4);
            assertMessage("logits must have rank 2 (rows, classes), got shape [20]",
                    () -> CrossEntropy.apply(Tensor.zeros(20), y, null, 0f));
            assertMessage("labels must be int32, got float32[4] on cpu", () -> CrossEntropy.apply(logits, Tensor.zeros(4), null, 0f));
            assertMessage("labels must have shape [4] for logits [4, 5], got [3]",
                    () -> CrossEntropy.apply(logits, Tensor.ofInts(new int[] {0, 1, 2}, 3), null, 0f));
            assertMessage("logits must be float32, got int32[4, 5]",
                    () -> CrossEntropy.apply(Tensor.ofInts(new int[20], 4, 5), y, null, 0f));
            assertMessage("weights must have shape [5] for logits [4, 5], got [4]",
                    () -> CrossEntropy.apply(logits, y, Tensor.zeros(4), 0f));
            assertMessage("weights must be float32", () -> CrossEntropy.apply(logits, y, Tensor.ofInts(new int[5], 5), 0f));
            assertMessage("smoothing must be in [0, 1), got 1.0", () -> CrossEntropy.apply(logits, y, null, 1f));
            assertMessage("smoothing must be in [0, 1), got -0.1", () -> CrossEntropy.apply(logits, y, null, -0.1f));
            assertMessage("smoothing must be in [0, 1), got NaN", () -> CrossEntropy.apply(logits, y, null, Float.NaN));
        }
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device gpu = Device.cuda(0);
        try (Scope s = Scope.open()) {
            for (int classes : new int[] {7, 2000}) {
                int rows = 37;
                Tensor xc = Fixtures.randn(31, 2.0, rows, classes).requiresGrad(true);
                Tensor xg = xc.to(gpu).detach().requiresGrad(true);
                Tensor yc = Tensor.ofInts(labels(5, rows, classes), rows), w = Tensor.of(weights(classes), classes);
                Tensor lc = CrossEntropy.apply(xc, yc, w, 0.1f), lg = CrossEntropy.apply(xg, yc.to(gpu), w.to(gpu), 0.1f);
                assertEquals(lc.item(), lg.to(Device.CPU).item(), 1e-5 * Math.abs(lc.item()));
                lc.backward();
                lg.backward();
                float[] gc = xc.grad().toFloatArray();
                double[] g = new double[gc.length];
                for (int i = 0; i < g.length; i++) g[i] = gc[i];
                Fixtures.assertClose(g, xg.grad().to(Device.CPU).toFloatArray(), 1e-7, 1e-5);
            }
            Tensor bad = Tensor.ofInts(new int[] {0, 9, 1}, Shape.of(3), gpu);
            SymkernException e = assertThrows(SymkernException.class,
                    () -> Tensor.zeros(Shape.of(3, 4), gpu).crossEntropy(bad));
            assertTrue(e.getMessage().contains("label 9 at row 1"), e.getMessage());
        }
    }
}
