package org.symkern.autograd;

/**
 * Whether operations record the graph on this thread. Inference code disables it:
 * <pre>{@code try (GradMode.Guard g = GradMode.disable()) { logits = model.forward(x); } }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** true when operations on this thread record the graph for backward. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables recording until the guard is closed (restoring the previous state). */
    public static Guard disable() {
        return set(false);
    }

    /** Enables recording until the guard is closed (restoring the previous state). */
    public static Guard enable() {
        return set(true);
    }

    private static Guard set(boolean on) {
        boolean[] cell = ENABLED.get();
        Guard g = new Guard(cell, cell[0]);
        cell[0] = on;
        return g;
    }

    /** Restores the previous mode on close. */
    public static final class Guard implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;

        private Guard(boolean[] cell, boolean previous) {
            this.cell = cell;
            this.previous = previous;
        }

        @Override
        public void close() {
            cell[0] = previous;
        }
    }
}
