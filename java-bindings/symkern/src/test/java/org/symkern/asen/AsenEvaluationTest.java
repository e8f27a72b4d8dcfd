package org.symkern.asen;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.Tasks;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/** AsenTrainer.evaluate's per-node accuracy and per-sequence exact match equal a direct count over the model's outputs. */
class AsenEvaluationTest {
    @Test
    void exactMatchCountsSequencesWithEveryNodeRight() {
        Task t = Tasks.equivariant("palindrome");
        TaskSamples data = t.sample(50, 3);
        try (Scope s = Scope.open(); Asen model = new Asen(t, Asen.Config.reference().withHidden(8).withLayers(1), Device.CPU, 4)) {
            AsenTrainer.Evaluation e = AsenTrainer.evaluate(model, 0, data, 16);
            model.train(false);
            float[] y;
            try (GradMode.Guard g = GradMode.disable()) {
                y = model.forward(0, data.tokens()).toFloatArray();
            }
            int nodes = 0, sequences = 0;
            for (int b = 0; b < data.count(); ++b) {
                int[] lab = data.nodeLabels(b);
                boolean all = true;
                for (int i = 0; i < t.n(); ++i) {
                    int q = b * t.n() + i;
                    boolean right = (y[2 * q + 1] > y[2 * q] ? 1 : 0) == lab[i];
                    if (right) ++nodes;
                    all &= right;
                }
                if (all) ++sequences;
            }
            assertEquals(nodes / (double) (data.count() * t.n()), e.accuracy(), 1e-12);
            assertEquals(sequences / (double) data.count(), e.exactMatch(), 1e-12);
            assertTrue(e.exactMatch() <= e.accuracy());
        }
    }
}
