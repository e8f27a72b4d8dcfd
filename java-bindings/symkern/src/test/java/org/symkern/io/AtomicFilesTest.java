package org.symkern.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesGetTheModeOfAnOrdinaryNewFile() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");     // 0666 & ~umask
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.writeString(atomic, "y");
        Set<PosixFilePermission> want = Files.getPosixFilePermissions(plain);
        assertEquals(want, Files.getPosixFilePermissions(atomic));
        AtomicFiles.writeString(atomic, "z");                                // replacing keeps it
        assertEquals(want, Files.getPosixFilePermissions(atomic));
        assertEquals("z", Files.readString(atomic));
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        AtomicFiles.writeString(f, "old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("cannot write " + f + ": IOException (disk full)", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aDirectoryTargetIsNamed() throws IOException {
        Path d = Files.createDirectories(dir.resolve("out"));
        assertEquals("cannot write " + d + ": IOException (the target is a directory)",
                assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(d, "x")).getMessage());
    }

    @Test
    @Timeout(120)
    void aKilledWriterLeavesAStaleTemporaryThatTheNextWriteRemoves() throws Exception {
        Path target = dir.resolve("ckpt.safetensors");
        for (int round = 0; round < 3; round++) {
            Process p = child(target);
            waitForTemporary(p);
            p.destroyForcibly();                                            // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(temporaries().isEmpty(), "a SIGKILL during a write leaves its temporary file (nothing can remove it then)");
        AtomicFiles.writeString(target, "fresh");
        assertEquals(List.of(), temporaries(), "the next successful write of the same file removes the stale temporaries");
        assertEquals("fresh", Files.readString(target));
    }

    @Test
    @Timeout(120)
    void aTerminatedWriterRemovesItsTemporary() throws Exception {
        Path target = dir.resolve("ckpt.safetensors");
        Process p = child(target);
        waitForTemporary(p);
        p.destroy();                                                        // SIGTERM: the shutdown hook runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void temporariesOfALiveWriterAreLeftAlone() throws IOException {
        Path target = dir.resolve("a.bin");
        long me = ProcessHandle.current().pid();
        Path live = Files.writeString(dir.resolve(".a.bin." + ProcessHandle.current().parent().orElseThrow().pid() + ".1.tmp"), "");
        Path dead = Files.writeString(dir.resolve(".a.bin.999999999.2.tmp"), "");
        Path other = Files.writeString(dir.resolve(".b.bin.999999999.3.tmp"), "");
        AtomicFiles.writeString(target, "x");
        assertTrue(Files.exists(live), "the parent process (pid of a live writer) still runs");
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(other), "only temporaries of the same target are cleaned");
        assertTrue(me > 0);
    }

    private Process child(Path target) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), SlowAtomicWriter.class.getName(), target.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private void waitForTemporary(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Path t : temporaries()) {
                try {
                    if (Files.size(t) > (8 << 20)) return;                      // mid-write: 8 of 64 MB written
                } catch (java.nio.file.NoSuchFileException gone) {
                    // renamed into place between the listing and the size
                }
            }
            assertTrue(p.isAlive(), () -> "the writer died: " + log());
            Thread.sleep(20);
        }
        fail("no temporary file appeared: " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }
}
