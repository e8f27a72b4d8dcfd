package org.symkern.cli;

import java.io.PrintStream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.symkern.train.Progress;

/**
 * Training progress for the command line: an ASCII progress bar per epoch when the process runs on a terminal, one
 * line per epoch otherwise (redirected output then holds no carriage returns). Epoch lines always go to the same
 * stream as the bars.
 */
public final class TerminalProgress implements Progress {
    private final PrintStream out;
    private final boolean bars;

    private TerminalProgress(PrintStream out, boolean bars) {
        this.out = out;
        this.bars = bars;
    }

    /** Bars when a console is attached (System.console() != null), lines otherwise. */
    public static Progress on(PrintStream out) {
        return new TerminalProgress(out, System.console() != null);
    }

    /** Always bars (tests, forced terminals). */
    public static Progress withBars(PrintStream out) {
        return new TerminalProgress(out, true);
    }

    @Override
    public void line(String text) {
        out.println(text);
    }

    @Override
    public Steps epoch(String name, int steps) {
        if (!bars) return Steps.NONE;
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250).build();
        return new Steps() {
            @Override
            public void step(String extra) {
                bar.step();
                bar.setExtraMessage(extra);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
