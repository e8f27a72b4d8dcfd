package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size-field and confinement defects of issue 10, each checked in a child JVM with a 1 GB heap (-Xmx1g), where an
 * allocation of a declared size or an unbounded decompression would be an OutOfMemoryError: an 800-byte IDX file that
 * declares 2.7M images (raw, gzip, stream), a 24-byte labels file that declares 2e9 labels, gzip bombs of 1 GiB as
 * 100.dat.gz and PROTEINS_A.txt.gz, WFDB headers naming /dev/zero, ../../../etc/passwd or a symbolic link leading
 * out of the folder, a safetensors header nested 200,000 deep and a shape of [2^40, 2^40]. Every case must end in a
 * {@link DataFormatException} whose message starts with the offending file and gives the reason.
 */
class AdversarialInputsTest {
    @TempDir
    static Path dir;
    static Map<String, String[]> results = new LinkedHashMap<>();

    @BeforeAll
    @Timeout(300)
    static void runTheProbeWithASmallHeap() throws Exception {
        write("idx/images-2.7M.idx", idx(new int[] {2_700_000, 28, 28}, 784));
        write("idx/images-2.7M.idx.gz", gzip(idx(new int[] {2_700_000, 28, 28}, 784)));
        write("idx/labels-2e9.idx", idx(new int[] {2_000_000_000}, 16));
        String hea = "100 1 360 650000\n100.dat 212 200 11 1024 0 0 0 MLII\n";
        bomb(dir.resolve("bomb/100.dat.gz"), 1L << 30);
        write("bomb/100.hea", hea.getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(dir.resolve("bomb-nolen"));
        Files.copy(dir.resolve("bomb/100.dat.gz"), dir.resolve("bomb-nolen/100.dat.gz"));
        write("bomb-nolen/100.hea", "100 1 360\n100.dat 212 200 11 1024 0 0 0 MLII\n".getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(dir.resolve("tu"));
        Files.copy(dir.resolve("bomb/100.dat.gz"), dir.resolve("tu/PROTEINS_A.txt.gz"));
        write("tu/PROTEINS_graph_indicator.txt", "1\n1\n".getBytes(StandardCharsets.US_ASCII));
        write("tu/PROTEINS_graph_labels.txt", "1\n".getBytes(StandardCharsets.US_ASCII));
        write("devzero/100.hea", "100 1 360 650000\n/dev/zero 212 200 11 1024 0 0 0 MLII\n".getBytes(StandardCharsets.US_ASCII));
        write("escape/a/b/100.hea", "100 1 360\n../../../etc/passwd 212 200 11 1024 0 0 0 MLII\n".getBytes(StandardCharsets.US_ASCII));
        write("symlink/100.hea", hea.getBytes(StandardCharsets.US_ASCII));
        write("symlink/100.atr", new byte[] {0, 0});
        Path outside = write("outside.dat", new byte[975_000]);
        Files.createSymbolicLink(dir.resolve("symlink/100.dat"), outside);
        write("st/deep.safetensors", safetensors("{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}", 0));
        write("st/shape40.safetensors", safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],\"data_offsets\":[0,4]}}", 4));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-Xss512k", "-cp", System.getProperty("java.class.path"), AdversarialProbe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 3) results.put(f[0], new String[] {f[1], f[2]});
        }
        assertEquals(13, results.size(), out);
    }

    private static void expect(String name, String file, String... phrases) {
        String[] r = results.get(name);
        assertNotNull(r, name + " did not run");
        assertEquals(DataFormatException.class.getName(), r[0], name + ": " + r[1]);
        assertTrue(r[1].startsWith(file.startsWith("stream") ? file : dir.resolve(file).toString()), name + ": " + r[1]);
        for (String p : phrases) assertTrue(r[1].contains(p), name + " lacks '" + p + "': " + r[1]);
    }

    @Test
    void idxDeclaredSizesAreCheckedAgainstTheFile() {
        expect("idx-images-raw", "idx/images-2.7M.idx", "declares [2700000, 28, 28] = 2116800000 elements but the file holds 784 bytes");
        expect("idx-images-gz", "idx/images-2.7M.idx.gz", "more than the 268435456-byte cap on decompressed data");
        expect("idx-labels-2e9", "idx/labels-2e9.idx", "declares [2000000000] = 2000000000 elements but the file holds 16 bytes");
    }

    @Test
    void anIdxStreamThatLiesAboutItsLengthCostsOnlyWhatItDelivers() {
        String[] r = results.get("idx-images-stream");
        assertEquals(DataFormatException.class.getName(), r[0], r[1]);
        assertTrue(r[1].startsWith("stream images-2.7M.idx.gz"), r[1]);
    }

    @Test
    void gzipBombsStopAtTheCap() {
        expect("wfdb-dat-gz-bomb", "bomb/100.dat.gz", "too large: more than 975001 bytes (the 975000 bytes the header");
        expect("wfdb-dat-gz-bomb-unspecified-length", "bomb-nolen/100.dat.gz", "too large: more than 268435456 bytes (the decompressed-size cap");
        expect("tu-a-gz-bomb", "tu/PROTEINS_A.txt.gz", "too large: more than 268435456 bytes");
    }

    @Test
    void signalFilesAreConfinedToTheRecordFolder() {
        expect("wfdb-dev-zero", "devzero/100.hea", "signal 0, field 'file name': '/dev/zero' is an absolute path");
        expect("wfdb-parent-path", "escape/a/b/100.hea", "'../../../etc/passwd' leads outside the folder");
        expect("wfdb-symlink-escape", "symlink/100.hea", "'100.dat' is a symbolic link to", "outside the folder");
        expect("mitbih-symlink-escape", "symlink/100.hea", "is a symbolic link to");
    }

    @Test
    void safetensorsHeadersAreBoundedBeforeParsing() {
        expect("safetensors-deep", "st/deep.safetensors", "bad JSON header: nested more than 32 deep at byte 44");
        expect("safetensors-shape-2^40", "st/shape40.safetensors", "tensor 'w', field shape: [1099511627776, 1099511627776] x 4 bytes is more than 2^63 bytes");
    }

    // ------------------------------------------------------------------ files

    static Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    static byte[] idx(int[] dims, int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload);
        b.putInt(0x800 | dims.length);
        for (int d : dims) b.putInt(d);
        return b.array();
    }

    static byte[] gzip(byte[] b) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** `n` zero bytes, gzip-compressed (about 1 MB per GiB). */
    static void bomb(Path file, long n) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            byte[] zeros = new byte[1 << 20];
            for (long k = 0; k < n; k += zeros.length) out.write(zeros);
        }
    }

    static byte[] safetensors(String header, int data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int n = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + n + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(h);
        for (int i = h.length; i < n; i++) b.put((byte) ' ');
        return b.array();
    }
}
