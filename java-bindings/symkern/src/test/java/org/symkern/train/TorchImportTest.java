package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.nn.Activation;
import org.symkern.nn.Conv2d;
import org.symkern.nn.Flatten;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.PlaneMaxPool;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * A PyTorch state_dict saved as safetensors (by src/test/python/make_torch_fixture.py with torch 1.13) loads into the
 * same architecture built from symkern layers, and the logits match the ones PyTorch recorded to 1e-5.
 */
class TorchImportTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchImportTest.class.getResource(name).toURI());
    }

    @Test
    void pyTorchStateDictGivesPyTorchsLogits() throws Exception {
        Path weights = resource("torch_cnn.safetensors"), io = resource("torch_cnn_io.safetensors");
        try (Sequential net = new Sequential(new Conv2d(1, 4, 3, 1, 1, Device.CPU, 0), new InnerBatchNorm(4, 1, Device.CPU),
                Activation.relu(), new PlaneMaxPool(2, 2, 0), new Flatten(), new Linear(64, 3, Device.CPU, 0))) {
            Checkpoint.loadModule(weights, net);
            assertEquals(3, ((InnerBatchNorm) net.get(1)).batchesTracked(), "num_batches_tracked comes from the file");
            net.train(false);
            Checkpoint.Contents c = Checkpoint.load(io);
            try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
                float[] got = net.forward(c.get("x").toTensor(Device.CPU)).toFloatArray();
                float[] want = c.get("logits").floats();
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5, "logit " + i);
            }
        }
    }
}
