package org.symkern.spark;

import java.nio.file.Path;

import org.symkern.models.Models;
import org.symkern.tensor.Device;

/** The Grad-CAM layer the tests use: the model's last Conv2d module. */
final class GradCamLayer {
    private GradCamLayer() {}

    static String last(Path model) {
        try (Models.Loaded m = Models.load(model, Device.CPU)) {
            String best = null;
            for (var e : m.model().namedModules().entrySet()) if (e.getValue() instanceof org.symkern.nn.Conv2d) best = e.getKey();
            if (best == null) throw new IllegalStateException("no Conv2d module in " + m.model().namedModules().keySet());
            return best;
        }
    }
}
