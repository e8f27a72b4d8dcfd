package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.symkern.asen.task.Tasks;
import org.symkern.asen.Asen;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** The transfer path: the target model gets the pretrained body, its task embedders stay fresh. */
class BodyTransferTest {
    static final Asen.Config SMALL = Asen.Config.reference().withHidden(16).withLayers(2);

    @Test
    void theTargetGetsThePretrainedBodyAndKeepsFreshEmbedders() {
        try (Scope s = Scope.open();
             Asen pretrained = new Asen(List.of(CandidateGroups.own(Tasks.equivariant("palindrome")), CandidateGroups.own(Tasks.equivariant("cyclicsum"))),
                     SMALL, Device.CPU, 5);
             Asen target = new Asen(List.of(CandidateGroups.own(Tasks.equivariant("intersect"))), SMALL, Device.CPU, 9);
             Asen fresh = new Asen(List.of(CandidateGroups.own(Tasks.equivariant("intersect"))), SMALL, Device.CPU, 9)) {
            List<String> copied = BodyTransfer.copyBody(pretrained, target);
            Map<String, Tensor> src = pretrained.namedParameters(), dst = target.namedParameters(), init = fresh.namedParameters();
            assertEquals(dst.size() - 2, copied.size(), "every parameter but the edge and token embedders is copied");
            int differedBefore = 0;
            for (Map.Entry<String, Tensor> e : dst.entrySet()) {
                float[] now = e.getValue().toFloatArray();
                if (BodyTransfer.isEmbedder(e.getKey())) {
                    assertArrayEquals(init.get(e.getKey()).toFloatArray(), now, e.getKey() + " is left at its fresh initialisation");
                } else {
                    assertArrayEquals(src.get(e.getKey()).toFloatArray(), now, e.getKey() + " equals the pretrained value");
                    if (!java.util.Arrays.equals(init.get(e.getKey()).toFloatArray(), now)) ++differedBefore;
                }
            }
            assertTrue(differedBefore > 0, "the pretrained body differs from the fresh one, so the copy changed something");
        }
    }

    @Test
    void modelsOfAnotherWidthAreRefused() {
        try (Scope s = Scope.open();
             Asen a = new Asen(Tasks.equivariant("palindrome"), SMALL, Device.CPU, 1);
             Asen b = new Asen(Tasks.equivariant("intersect"), SMALL.withHidden(32), Device.CPU, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BodyTransfer.copyBody(a, b));
            assertTrue(e.getMessage().contains("width"), e.getMessage());
        }
    }
}
