package org.symkern.train;

import java.io.PrintStream;

/**
 * Where {@link Fit} reports its progress: one line per event (epoch summaries, a resumed checkpoint) and, if the
 * implementation wants them, per-step updates within an epoch (a progress bar on a terminal). The library ships the
 * line-only form {@link #lines(PrintStream)}; the command line adds a terminal progress bar.
 */
public interface Progress {
    /** One finished line of text (no trailing newline). */
    void line(String text);

    /** Starts the step display of one epoch of `steps` steps named `name`; the default shows nothing per step. */
    default Steps epoch(String name, int steps) {
        return Steps.NONE;
    }

    /** Per-step updates within one epoch; closed when the epoch ends. */
    interface Steps extends AutoCloseable {
        /** One step done; `extra` is a short status such as the running loss. */
        void step(String extra);

        @Override
        void close();

        /** Shows nothing. */
        Steps NONE = new Steps() {
            @Override
            public void step(String extra) {}

            @Override
            public void close() {}
        };
    }

    /** One line per event on `out`, no per-step output (the right form for redirected output and logs). */
    static Progress lines(PrintStream out) {
        if (out == null) throw new IllegalArgumentException("Progress.lines: out is null");
        return out::println;
    }
}
