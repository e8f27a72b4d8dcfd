package org.symkern.cli.explain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.nn.Activation;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * The experiment's default Grad-CAM layer of the image models is the ReLU of the third convolution block (a 10 x 10
 * map on 28 x 28 digits), found by walking the model's modules, for the plain CNN and the G-CNN alike; the ECG
 * models keep their encoder / feature body.
 */
class CamLayerTest {
    @Test
    void imageModelsUseTheThirdBlocksReluAndEcgModelsTheirEncoder() {
        ModelSpec z2 = ModelSpec.z2cnn(1, 20, 10, 0.3f), g = ModelSpec.salfCnn(org.symkern.nn.GSpace.P4, 1, 10, 10, 0.1f, false);
        try (Module a = Models.build(z2, Device.CPU, 1); Module b = Models.build(g, Device.CPU, 1)) {
            assertEquals("body.10", GridExplainer.camLayer(a, z2));
            assertEquals("encoder.9", GridExplainer.camLayer(b, g));
            assertInstanceOf(Activation.class, a.namedModules().get("body.10"));
            assertInstanceOf(Activation.class, b.namedModules().get("encoder.9"));
            // three blocks of valid 3x3 convolutions with a 2x2 pool after the second: 28 -> 26 -> 24 -> 12 -> 10
            try (Scope s = Scope.open(); GradMode.Guard ng = GradMode.disable()) {
                Tensor h = Tensor.zeros(1, 1, 28, 28);
                for (int k = 0; k <= 10; k++) h = a.namedModules().get("body." + k).forward(h);
                assertArrayEquals(new long[] {1, 20, 10, 10}, h.dims());
            }
        }
        ModelSpec c1 = ModelSpec.cnn1d(1, 8, 2), s1 = ModelSpec.salfCnn1d(1, 4, 2, 0.1f, false);
        try (Module a = Models.build(c1, Device.CPU, 1); Module b = Models.build(s1, Device.CPU, 1)) {
            assertEquals("body", GridExplainer.camLayer(a, c1));
            assertEquals("encoder", GridExplainer.camLayer(b, s1));
        }
    }
}
