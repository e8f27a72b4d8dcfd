package org.symkern.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.symkern.data.DataFormatException;

class DatasetFolderTest {
    @TempDir
    Path dir;

    @Test
    void namesInsideTheFolderResolve() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        assertEquals(dir.resolve("a.dat"), DatasetFolder.resolve(dir, "a.dat", "h", "line 2"));
        assertEquals(dir.resolve("sub/b.dat"), DatasetFolder.resolve(dir, "sub/./b.dat", "h", "line 2"));
    }

    @Test
    void absoluteAndParentPathsAreRejected() {
        assertEquals("h: line 2: '/dev/zero' is an absolute path; referenced files must lie in the folder " + dir,
                assertThrows(DataFormatException.class, () -> DatasetFolder.resolve(dir, "/dev/zero", "h", "line 2")).getMessage());
        assertEquals("h: line 2: '../../etc/passwd' leads outside the folder " + dir,
                assertThrows(DataFormatException.class, () -> DatasetFolder.resolve(dir, "../../etc/passwd", "h", "line 2")).getMessage());
        assertThrows(DataFormatException.class, () -> DatasetFolder.resolve(dir, "a/../../x", "h", "line 2"));
        assertThrows(DataFormatException.class, () -> DatasetFolder.resolve(dir, "", "h", "line 2"));
        assertThrows(DataFormatException.class, () -> DatasetFolder.resolve(dir, "a\0b", "h", "line 2"));
    }

    @Test
    void symbolicLinksLeadingOutsideAreRejected() throws IOException {
        Path outside = Files.writeString(Files.createTempFile("outside", ".txt"), "secret");
        try {
            Path inner = dir.resolve("ok.txt");
            Files.writeString(inner, "x");
            Files.createSymbolicLink(dir.resolve("inside-link.dat"), inner);
            Files.createSymbolicLink(dir.resolve("escape.dat"), outside);
            assertEquals(dir.resolve("inside-link.dat"), DatasetFolder.resolve(dir, "inside-link.dat", "h", "line 2"));
            DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetFolder.resolve(dir, "escape.dat", "h", "line 2"));
            assertEquals("h: line 2: 'escape.dat' is a symbolic link to " + outside.toRealPath() + ", outside the folder " + dir, e.getMessage());
            assertThrows(DataFormatException.class, () -> DatasetFolder.inside(dir, dir.resolve("escape.dat"), dir.toString()));
        } finally {
            Files.deleteIfExists(outside);
        }
    }
}
