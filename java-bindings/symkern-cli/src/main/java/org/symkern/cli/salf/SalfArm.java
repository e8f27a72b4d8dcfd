package org.symkern.cli.salf;

/**
 * The compared configurations of the SALF experiments, one per row of the paper's ablation (seed paper, Table
 * "ablation"): the plain baseline, the symmetry-aware encoder alone, the asymmetry head without the regularizer,
 * and full SALF. Within a domain, every arm but the baseline shares the symmetry-aware encoder.
 */
public enum SalfArm {
    /** Plain CNN / 1D CNN / GCN: no symmetry beyond translations or node relabelling. */
    BASELINE("baseline", "CNN baseline"),
    /** Symmetry-aware encoder with the invariant head (gamma = 0, lambda = 0): exactly invariant. */
    SYMMETRIC("symmetric", "symmetry-aware encoder (gamma = 0, lambda = 0)"),
    /** Symmetry-aware encoder with the gated asymmetric head, no L_asym (lambda = 0). */
    HEAD("asym-head", "+ asymmetric head (lambda = 0)"),
    /** Full SALF: asymmetric head and L = L_task + lambda L_asym. */
    SALF("salf", "SALF (head + L_asym)");

    public final String key, description;

    SalfArm(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** Whether the arm's loss includes lambda L_asym. */
    public boolean regularized() {
        return this == SALF;
    }

    public static SalfArm parse(String s) {
        for (SalfArm a : values()) if (a.key.equalsIgnoreCase(s) || a.name().equalsIgnoreCase(s)) return a;
        throw new IllegalArgumentException("unknown SALF arm '" + s + "' (expected baseline, symmetric, asym-head or salf)");
    }
}
