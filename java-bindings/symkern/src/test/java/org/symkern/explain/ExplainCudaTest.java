package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.symkern.explain.metrics.DeletionInsertion;
import org.symkern.explain.metrics.GridActions;
import org.symkern.nn.GSpace;
import org.symkern.salf.GCnn;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Every method and the batched metrics on a model that lives on the GPU: results on the input's device, equal to
 * the CPU results (same seeds, same coalitions) up to float rounding.
 */
class ExplainCudaTest {
    static void close(float[] cpu, float[] gpu, double rtol, String what) {
        double err = 0, scale = 0;
        for (int i = 0; i < cpu.length; i++) {
            err = Math.max(err, Math.abs(cpu[i] - gpu[i]));
            scale = Math.max(scale, Math.abs(cpu[i]));
        }
        assertTrue(err <= rtol * Math.max(scale, 1e-12), what + ": CUDA vs CPU max error " + err + " of " + scale);
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device[] devs = {Device.CPU, Device.cuda(0)};
        float[] xs = Fixtures.randn(3, 28 * 28, 1.0), bgs = Fixtures.randn(4, 2 * 28 * 28, 0.5);
        float[][] cam = new float[2][], ori = new float[2][], ig = new float[2][], gs = new float[2][], del = new float[2][], rot = new float[2][];
        double[][] shap = new double[2][];
        for (int d = 0; d < 2; d++) {
            try (Scope s = Scope.open(); GCnn net = new GCnn(GSpace.P4, 1, 3, 4, devs[d], 5)) {
                Tensor x = Tensor.of(xs, org.symkern.tensor.Shape.of(1, 1, 28, 28), devs[d]);
                Tensor bg = Tensor.of(bgs, org.symkern.tensor.Shape.of(2, 1, 28, 28), devs[d]);
                GradCam.Maps m = new GradCam(net, "encoder.12").relu(false).compute(x, new int[] {1});
                assertEquals(devs[d], m.cam().device());
                cam[d] = m.cam().toFloatArray();
                ori[d] = m.orientations().toFloatArray();
                Attribution a = new IntegratedGradients().steps(8).explain(net, x, 1);
                assertEquals(devs[d], a.values().device());
                ig[d] = a.values().toFloatArray();
                gs[d] = new GradientShap().samples(8).seed(2).explain(net, x, 1, bg).values().toFloatArray();
                shap[d] = new KernelShap().samples(100).seed(3).explain(net, x, 1, Output.PROBABILITY, Players.superpixels(7),
                        Background.samples(bg)).phi();
                double[] curve = new DeletionInsertion(49).deletion(net, x, 1, cam[0]).scores();
                del[d] = new float[curve.length];
                for (int i = 0; i < curve.length; i++) del[d][i] = (float) curve[i];
                rot[d] = GridActions.dihedral(28).get(4).onInput(x).toFloatArray();
            }
        }
        close(cam[0], cam[1], 1e-4, "Grad-CAM");
        close(ori[0], ori[1], 1e-4, "orientation maps");
        close(ig[0], ig[1], 1e-4, "integrated gradients");
        close(gs[0], gs[1], 1e-4, "GradientSHAP");
        close(del[0], del[1], 1e-4, "deletion curve");
        assertArrayEquals(rot[0], rot[1], 0f, "grid action");
        float[] s0 = new float[shap[0].length], s1 = new float[shap[0].length];
        for (int i = 0; i < s0.length; i++) {
            s0[i] = (float) shap[0][i];
            s1[i] = (float) shap[1][i];
        }
        close(s0, s1, 1e-3, "Kernel SHAP");
    }
}
