package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.symkern.asen.Asen;
import org.symkern.tensor.Tensor;

/**
 * Transfer of the shared ASEN body (input map, GATv2 layers, projections, norms, head) from a pretrained model to a
 * new model: every parameter of the target that is not a per-task embedder ("edge." / "token." paths) is overwritten
 * with the source parameter of the same path. The target's task embedders keep their fresh initialisation (the
 * reference's fine-tuning task has embedders that pretraining never trained).
 */
public final class BodyTransfer {
    private BodyTransfer() {}

    /** Copies the body; returns the copied parameter paths. Both models must have the same kind, width and depth. */
    public static List<String> copyBody(Asen from, Asen to) {
        if (from.kind() != to.kind() || from.config().hidden() != to.config().hidden() || from.config().layers() != to.config().layers()
                || from.config().heads() != to.config().heads())
            throw new IllegalArgumentException("cannot transfer the body of " + from.name() + " into " + to.name() + ": kind, width, depth or heads differ");
        Map<String, Tensor> src = from.namedParameters();
        List<String> copied = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : to.namedParameters().entrySet()) {
            if (isEmbedder(e.getKey())) continue;
            Tensor s = src.get(e.getKey());
            if (s == null) throw new IllegalArgumentException(from.name() + " has no body parameter '" + e.getKey() + "'");
            e.getValue().copyFrom(s);
            copied.add(e.getKey());
        }
        return copied;
    }

    /** Whether the parameter path belongs to a per-task edge or token embedder. */
    public static boolean isEmbedder(String path) {
        return path.startsWith("edge.") || path.startsWith("token.");
    }
}
