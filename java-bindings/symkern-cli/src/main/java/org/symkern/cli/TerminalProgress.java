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
    static {
        quietJline();
    }

    /**
     * The bar width: $COLUMNS when the shell exported it, else 80. Giving progressbar a width keeps it from asking JLine
     * for the terminal's, and JLine never opens a terminal: with progressbar 0.10.1 that terminal extracted
     * jlinenative-*.so (and a .lck) into the temporary folder on every run, left behind when the JVM did not end normally.
     */
    static int width() {
        String c = System.getenv("COLUMNS");
        try {
            int w = c == null ? 80 : Integer.parseInt(c.strip());
            return w >= 20 && w <= 1000 ? w : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /**
     * Belt and braces for anything else that touches JLine: its JNI, JNA, Jansi and FFM providers (the ones that load a
     * native library) are switched off unless the user set these properties.
     */
    static void quietJline() {
        for (String p : new String[] {"org.jline.terminal.jni", "org.jline.terminal.jna", "org.jline.terminal.jansi", "org.jline.terminal.ffm"})
            if (System.getProperty(p) == null) System.setProperty(p, "false");
    }

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
                .setConsumer(new ConsoleProgressBarConsumer(out, width() - 1)).setUpdateIntervalMillis(250).build();
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
