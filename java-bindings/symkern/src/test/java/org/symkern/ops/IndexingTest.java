package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** narrow, indexSelect, permute, transpose, cat, stack, argmax, (un)squeeze: values, gradients, errors. */
class IndexingTest {
    /** x[i0, i1, i2] of a row-major (d0, d1, d2) array. */
    private static float at(float[] x, long[] d, long i, long j, long k) {
        return x[(int) ((i * d[1] + j) * d[2] + k)];
    }

    @Test
    void narrowTakesTheSliceAlongEachAxis() {
        try (Scope s = Scope.open()) {
            long[] d = {3, 4, 5};
            float[] v = Fixtures.randn(1, 60, 1.0);
            Tensor x = Tensor.of(v, d);
            Tensor y = x.narrow(1, 1, 2);
            assertEquals(Shape.of(3, 2, 5), y.shape());
            float[] got = y.toFloatArray();
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 2; j++)
                    for (int k = 0; k < 5; k++) assertEquals(at(v, d, i, j + 1, k), got[(i * 2 + j) * 5 + k]);
            float[] last = x.narrow(-1, 3, 2).toFloatArray();
            assertEquals(at(v, d, 2, 3, 4), last[(2 * 4 + 3) * 2 + 1]);
            assertArrayEquals(v, x.narrow(0, 0, 3).toFloatArray());
        }
    }

    @Test
    void permuteMatchesTheIndexDefinition() {
        try (Scope s = Scope.open()) {
            long[] d = {2, 3, 4};
            float[] v = Fixtures.randn(2, 24, 1.0);
            Tensor x = Tensor.of(v, d);
            Tensor y = x.permute(2, 0, 1);                     // y[k, i, j] = x[i, j, k]
            assertEquals(Shape.of(4, 2, 3), y.shape());
            float[] got = y.toFloatArray();
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++)
                    for (int k = 0; k < 4; k++) assertEquals(at(v, d, i, j, k), got[(k * 2 + i) * 3 + j]);
            Tensor t = x.transpose(0, 1);                      // t[j, i, k] = x[i, j, k]: trailing axis moves as rows
            float[] tg = t.toFloatArray();
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++)
                    for (int k = 0; k < 4; k++) assertEquals(at(v, d, i, j, k), tg[(j * 2 + i) * 4 + k]);
            assertArrayEquals(v, x.permute(0, 1, 2).toFloatArray());
            assertArrayEquals(v, y.permute(1, 2, 0).toFloatArray(), "the inverse permutation restores x");
        }
    }

    @Test
    void indexSelectRepeatsAndReordersSlices() {
        try (Scope s = Scope.open()) {
            long[] d = {2, 3, 2};
            float[] v = Fixtures.randn(3, 12, 1.0);
            Tensor x = Tensor.of(v, d);
            Tensor y = x.indexSelect(1, Tensor.ofInts(new int[] {2, 0, 2}, 3));
            float[] got = y.toFloatArray();
            int[] k = {2, 0, 2};
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++)
                    for (int c = 0; c < 2; c++) assertEquals(at(v, d, i, k[j], c), got[(i * 3 + j) * 2 + c]);
        }
    }

    @Test
    void catAndStackJoinAlongTheAxis() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), b = Tensor.of(new float[] {5, 6}, 2, 1);
            assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, Tensor.cat(List.of(a, b), 1).toFloatArray());
            Tensor c = Tensor.of(new float[] {7, 8}, 1, 2);
            Tensor r = Tensor.cat(List.of(a, c), 0);
            assertEquals(Shape.of(3, 2), r.shape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 7, 8}, r.toFloatArray());
            Tensor p = Tensor.of(new float[] {1, 2}, 2), q = Tensor.of(new float[] {3, 4}, 2);
            assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.stack(List.of(p, q), 0).toFloatArray());
            Tensor st = Tensor.stack(List.of(p, q), 1);
            assertEquals(Shape.of(2, 2), st.shape());
            assertArrayEquals(new float[] {1, 3, 2, 4}, st.toFloatArray());
        }
    }

    @Test
    void argmaxReturnsTheFirstMaximumAsInt32() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1, 5, 5, 0, -1, -2, 3, 3}, 2, 4);
            Tensor a = x.argmax(1);
            assertEquals(DType.INT32, a.dtype());
            assertArrayEquals(new int[] {1, 2}, a.toIntArray());
            assertArrayEquals(new int[] {0, 0, 0, 1}, x.argmax(0).toIntArray());
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(4, 1.0, 2, 3, 4).requiresGrad(true);
            Tensor y = Fixtures.randn(5, 1.0, 2, 2, 4).requiresGrad(true);
            Tensor idx = Tensor.ofInts(new int[] {1, 1, 0, 2}, 4);
            GradCheck.assertGradients(in -> in[0].narrow(1, 1, 2), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
            GradCheck.assertGradients(in -> in[0].permute(2, 0, 1), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
            GradCheck.assertGradients(in -> in[0].transpose(0, 2), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
            GradCheck.assertGradients(in -> in[0].indexSelect(1, idx), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
            GradCheck.assertGradients(in -> Tensor.cat(List.of(in[0], in[1]), 1).mul(in[0].narrow(1, 0, 1).sum()),
                    new Tensor[] {x, y}, 1e-2, 2e-3, 2e-3);
            GradCheck.assertGradients(in -> Tensor.stack(List.of(in[0].narrow(1, 0, 2), in[1]), 3), new Tensor[] {x, y}, 1e-2,
                    1e-3, 1e-3);
        }
    }

    @Test
    void badShapesAndIndicesAreClearErrors() {
        long base = Native.memoryInUse(Device.CPU);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3);
            assertEquals("narrow: [2, 4) is outside axis 1 of size 3 of shape [2, 3]",
                    assertThrows(IllegalArgumentException.class, () -> x.narrow(1, 2, 2)).getMessage());
            assertEquals("narrow: axis 2 is out of range for shape [2, 3]",
                    assertThrows(IllegalArgumentException.class, () -> x.narrow(2, 0, 1)).getMessage());
            assertEquals("permute: [0, 0] must list each of the 2 axes of shape [2, 3] once",
                    assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0)).getMessage());
            assertEquals("indexSelect: index[1] = 3 is outside axis 1 of size 3 of shape [2, 3]",
                    assertThrows(IllegalArgumentException.class, () -> x.indexSelect(1, Tensor.ofInts(new int[] {0, 3}, 2))).getMessage());
            assertEquals("cat: tensor 1 has shape [3, 3] but tensor 0 has [2, 3]; all sizes but axis 1 must agree",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(x, Tensor.zeros(3, 3)), 1)).getMessage());
            assertEquals("stack: tensor 1 has shape [3, 2] but tensor 0 has [2, 3]",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.stack(List.of(x, Tensor.zeros(3, 2)), 0)).getMessage());
            assertEquals("squeeze: axis 0 of shape [2, 3] has size 2, not 1",
                    assertThrows(IllegalArgumentException.class, () -> x.squeeze(0)).getMessage());
            assertEquals(Shape.of(2, 1, 3), x.unsqueeze(1).shape());
        }
        assertEquals(base, Native.memoryInUse(Device.CPU));
    }
}
