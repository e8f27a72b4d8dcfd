package org.symkern.io;

import java.nio.file.Path;

/**
 * Child process of {@link AtomicFilesTest}: writes 64 MB checkpoints-like files to args[0] through
 * {@link AtomicFiles}, slowly (1 MB every 20 ms), over and over until it is killed.
 */
public final class SlowAtomicWriter {
    private SlowAtomicWriter() {}

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        byte[] mb = new byte[1 << 20];
        while (true) {
            AtomicFiles.write(target, out -> {
                for (int i = 0; i < 64; i++) {
                    out.write(mb);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
            });
        }
    }
}
