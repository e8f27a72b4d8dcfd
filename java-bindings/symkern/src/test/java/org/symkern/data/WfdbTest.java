package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WfdbTest {
    @TempDir
    Path dir;

    static final String HEADER_100 = "100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\r\n"
            + "100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n# Aldomet, Inderal\r\n";

    static DataFormatException headerError(String text) {
        return assertThrows(DataFormatException.class, () -> Wfdb.parseHeader(text, "t.hea"));
    }

    static DataFormatException annotationError(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return assertThrows(DataFormatException.class, () -> Wfdb.decodeAnnotations(b, "t.atr"));
    }

    static void assertMessage(DataFormatException e, String file, String problem) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ headers

    @Test
    void mitBihHeaderFieldsAreParsed() {
        Wfdb.Header h = Wfdb.parseHeader(HEADER_100, "100.hea");
        assertEquals("100", h.record);
        assertEquals(360.0, h.frequency);
        assertEquals(650000, h.samples);
        assertEquals(2, h.signals.size());
        Wfdb.Signal s = h.signals.get(0);
        assertEquals("100.dat", s.file);
        assertEquals(212, s.format);
        assertEquals(200.0, s.gain);
        assertEquals(1024, s.baseline);                          // no baseline given: the ADC zero
        assertEquals(11, s.resolution);
        assertEquals(1024, s.adcZero);
        assertEquals(995, s.initialValue);
        assertEquals(-22131, s.checksum);
        assertEquals("MLII", s.description);
        assertEquals("mV", s.units);
        assertEquals(1, h.signalIndex("V5"));
        assertEquals(-1, h.signalIndex("V1"));
        assertEquals(List.of("69 M 1085 1629 x1", "Aldomet, Inderal"), h.comments);
        assertEquals(0.5, s.physical(1124), 1e-12);
    }

    @Test
    void optionalHeaderFieldsTakeTheirSpecifiedDefaults() {
        Wfdb.Header h = Wfdb.parseHeader("rec_1 1\nrec_1.dat 212+6 100(-3)/uV 12 0 5 0 0 lead II, modified\n", "t.hea");
        assertEquals(250.0, h.frequency);                        // absent frequency
        assertEquals(0, h.samples);
        Wfdb.Signal s = h.signals.get(0);
        assertEquals(6, s.byteOffset);
        assertEquals(-3, s.baseline);
        assertEquals("uV", s.units);
        assertEquals("lead II, modified", s.description);
        Wfdb.Signal bare = Wfdb.parseHeader("r 1 500/1000(3) 10\nr.dat 212\n", "t.hea").signals.get(0);
        assertEquals(200.0, bare.gain);                          // uncalibrated
        assertEquals(12, bare.resolution);
        assertNull(bare.checksum);
        assertEquals("", bare.description);
    }

    @Test
    void malformedHeadersNameTheFileLineAndField() {
        assertMessage(headerError("100\n"), "t.hea", "line 1: record line lacks the number of signals");
        assertMessage(headerError("100 two 360\n"), "t.hea", "line 1, field 'number of signals': 'two' is not an integer in -2147483648..2147483647");
        assertMessage(headerError("100 1 fast 10\nx.dat 212\n"), "t.hea", "line 1, field 'sampling frequency': 'fast' is not a finite number");
        assertMessage(headerError("100 1 360 10\nx.dat 16 200\n"), "t.hea", "line 2: signal format 16 is not supported (only format 212");
        assertMessage(headerError("100 1 360 10\nx.dat 212x2 200\n"), "t.hea", "line 2: 2 samples per frame are not supported");
        assertMessage(headerError("100 1 360 10\nx.dat 212 2oo 11\n"), "t.hea", "line 2, field 'ADC gain': '2oo' is not a finite number");
        assertMessage(headerError("100 1 360 10\nx.dat 212 200 11 1024 9 chk\n"), "t.hea", "line 2, field 'checksum': 'chk' is not an integer in -2147483648..2147483647");
        assertMessage(headerError("100 1 360 10\nx.dat\n"), "t.hea", "line 2: signal line lacks the format field");
        assertMessage(headerError("100 2 360 10\nx.dat 212\n# only one\n"), "t.hea", "record line announces 2 signals but 1 signal lines follow");
        assertMessage(headerError("100/3 2 360\n"), "t.hea", "multi-segment record '100/3' is not supported");
        assertMessage(headerError("# nothing\n\n"), "t.hea", "no record line");
        assertMessage(headerError("100 1 360 -5\nx.dat 212\n"), "t.hea", "negative number of samples");
    }

    // ------------------------------------------------------------------------------------------ format 212

    @Test
    void format212UnpacksTwelveBitTwosComplementPairs() {
        // b0 = 0x12, b1 = 0x34, b2 = 0x56: s0 = 0x412 = 1042, s1 = 0x356 = 854
        int[][] s = Wfdb.decode212(new byte[] {0x12, 0x34, 0x56, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x08, 0x00}, 0, 2, 3, "t.dat");
        assertArrayEquals(new int[] {1042, -1, -2048}, s[0]);
        assertArrayEquals(new int[] {854, -1, 0}, s[1]);
    }

    @Test
    void format212RoundTripsForOddAndEvenSampleCounts() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] shape : new int[][] {{1, 7}, {1, 8}, {2, 5}, {3, 5}, {2, 1000}}) {
            int[][] sig = new int[shape[0]][shape[1]];
            for (int[] row : sig) for (int i = 0; i < row.length; i++) row[i] = r.nextInt(4096) - 2048;
            sig[0][0] = -2048;
            sig[shape[0] - 1][shape[1] - 1] = 2047;
            byte[] bytes = Wfdb.encode212(sig);
            assertArrayEquals(sig, Wfdb.decode212(bytes, 0, shape[0], shape[1], "t.dat"));
            assertArrayEquals(sig, Wfdb.decode212(bytes, 0, shape[0], 0, "t.dat"), "length from the file size");
        }
        assertThrows(IllegalArgumentException.class, () -> Wfdb.encode212(new int[][] {{2048}}));
    }

    int[][] writeRecord(String name, int n, int checksumDelta, int keepBytes) throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        int[][] sig = new int[2][n];
        for (int[] row : sig) for (int i = 0; i < n; i++) row[i] = r.nextInt(2000) - 1000;
        byte[] dat = Wfdb.encode212(sig);
        Files.write(dir.resolve(name + ".dat"), keepBytes < 0 ? dat : java.util.Arrays.copyOf(dat, keepBytes));
        Files.writeString(dir.resolve(name + ".hea"), name + " 2 360 " + n + "\n"
                + name + ".dat 212 200 11 1024 " + sig[0][0] + " " + (Wfdb.checksum(sig[0]) + checksumDelta) + " 0 MLII\n"
                + name + ".dat 212 200 11 1024 " + sig[1][0] + " " + Wfdb.checksum(sig[1]) + " 0 V1\n");
        return sig;
    }

    @Test
    void recordsAreReadThroughTheirHeaderAndChecksumsVerified() throws IOException {
        int[][] sig = writeRecord("r1", 301, 0, -1);
        assertArrayEquals(sig, Wfdb.readSignals(dir.resolve("r1.hea")));
        // the same record with its signal file gzipped (as the embedded records are stored)
        Files.write(dir.resolve("r1.dat.gz"), gzip(Files.readAllBytes(dir.resolve("r1.dat"))));
        Files.delete(dir.resolve("r1.dat"));
        assertArrayEquals(sig, Wfdb.readSignals(dir.resolve("r1.hea")));
    }

    @Test
    void checksumMismatchNamesTheHeaderAndSignal() throws IOException {
        writeRecord("r2", 100, 1, -1);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Wfdb.readSignals(dir.resolve("r2.hea")));
        assertMessage(e, dir.resolve("r2.hea").toString(), "signal 0 (MLII, file r2.dat): checksum of the samples is");
    }

    @Test
    void truncatedOrOverlongSignalFilesAreNamed() throws IOException {
        writeRecord("r3", 100, 0, 250);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Wfdb.readSignals(dir.resolve("r3.hea")));
        assertMessage(e, dir.resolve("r3.dat").toString(), "250 bytes, but the header " + dir.resolve("r3.hea") + " declares 100 samples x 2 signals in format 212 from byte 0: 300 bytes (truncated)");
        writeRecord("r4", 100, 0, -1);
        Files.write(dir.resolve("r4.dat"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        DataFormatException l = assertThrows(DataFormatException.class, () -> Wfdb.readSignals(dir.resolve("r4.hea")));
        assertMessage(l, dir.resolve("r4.dat").toString(), "303 bytes, but the header " + dir.resolve("r4.hea") + " declares 100 samples x 2 signals in format 212 from byte 0: 300 bytes (trailing bytes)");
        Files.writeString(dir.resolve("r5.hea"), "r5 1 360 10\nr5.dat 212\n");
        assertMessage(assertThrows(DataFormatException.class, () -> Wfdb.readSignals(dir.resolve("r5.hea"))),
                dir.resolve("r5.dat").toString(), "cannot read: file not found");
    }

    // ------------------------------------------------------------------------------------------ annotations

    @Test
    void annotationStreamOfRecord100Decodes() {
        // the first 16 bytes of mitdb 100.atr: '+' at 18 with aux "(N", then N at 77 and N at 370; then the end word
        byte[] b = {0x12, 0x70, 0x03, (byte) 0xfc, 0x28, 0x4e, 0x00, 0x00, 0x3b, 0x04, 0x25, 0x05, 0, 0};
        List<Wfdb.Annotation> a = Wfdb.decodeAnnotations(b, "100.atr");
        assertEquals(3, a.size());
        assertEquals(new Wfdb.Annotation(18, 28, 0, 0, 0, "(N"), a.get(0));
        assertEquals("+", a.get(0).symbol());
        assertEquals(77, a.get(1).sample());
        assertEquals("N", a.get(1).symbol());
        assertEquals(370, a.get(2).sample());
    }

    @Test
    void annotationsRoundTripThroughSkipNumSubChnAndAux() {
        List<Wfdb.Annotation> in = new ArrayList<>();
        in.add(new Wfdb.Annotation(0, 28, 0, 0, 0, "(AFL"));
        in.add(new Wfdb.Annotation(5, 1));
        in.add(new Wfdb.Annotation(1029, 5, 2, 1, 3, null));           // gap of 1024 > 1023: needs a SKIP
        in.add(new Wfdb.Annotation(1031, 8, 0, 1, 3, "odd"));          // chan and num carry over
        in.add(new Wfdb.Annotation(71031, 14, -1, 0, -2, "x"));        // negative sub and num, a SKIP over 2^16
        in.add(new Wfdb.Annotation(71031, 12));                        // same sample
        assertEquals(in, Wfdb.decodeAnnotations(Wfdb.encodeAnnotations(in), "t.atr"));
        assertEquals(List.of(), Wfdb.decodeAnnotations(new byte[] {0, 0}, "t.atr"));
    }

    @Test
    void malformedAnnotationStreamsAreNamed() {
        assertMessage(annotationError(0x3b, 0x04), "t.atr", "truncated: no end-of-annotations word (0) after byte 2");
        assertMessage(annotationError(0x3b, 0x04, 0x00), "t.atr", "truncated: odd final byte at 2");
        assertMessage(annotationError(0x00, 0xec, 0x01, 0x00), "t.atr", "truncated: SKIP word at byte 0 lacks its 4-byte interval");
        assertMessage(annotationError(0x3b, 0x04, 0x05, 0xfc, 0x41, 0x42), "t.atr", "AUX word at byte 2 announces 5 bytes, 2 remain");
        assertMessage(annotationError(0x01, 0xd4, 0, 0), "t.atr", "code 53, neither an annotation code (1-49) nor a pseudo-code (59-63)");
        assertMessage(annotationError(0x07, 0x00, 0, 0), "t.atr", "code 0 with time increment 7");
        assertMessage(annotationError(0x02, 0xf0, 0, 0), "t.atr", "NUM word (code 60) at byte 0 precedes any annotation");
        assertMessage(annotationError(0x3b, 0x04, 0, 0, 0x3b, 0x04), "t.atr", "2 bytes after the end-of-annotations word at byte 2");
        // a SKIP back before sample 0
        assertMessage(annotationError(0x00, 0xec, 0xff, 0xff, 0xf0, 0xff, 0, 0), "t.atr", "moves the time before sample 0");
    }

    @Test
    void annotationCodesMapToTheEcgcodesMnemonics() {
        String[] expected = {" ", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~"};
        for (int c = 0; c < expected.length; c++) assertEquals(expected[c], Wfdb.symbol(c), "code " + c);
        assertEquals("|", Wfdb.symbol(16));
        assertEquals("+", Wfdb.symbol(28));
        assertEquals("!", Wfdb.symbol(31));
        assertEquals("e", Wfdb.symbol(34));
        assertEquals("x", Wfdb.symbol(37));
        assertEquals("f", Wfdb.symbol(38));
        assertEquals("[15]", Wfdb.symbol(15));
        assertEquals("[45]", Wfdb.symbol(45));
        assertEquals(8, Wfdb.code("A"));
        assertEquals(-1, Wfdb.code("?!"));
        assertThrows(IllegalArgumentException.class, () -> Wfdb.symbol(59));
    }

    // ------------------------------------------------------------------------------------------ the real database

    @Test
    void record100HasItsDocumentedLengthAndBeats() {
        Path mitdb = SharedData.require("mitdb");
        Wfdb.Header h = Wfdb.readHeader(mitdb.resolve("100.hea"));
        int[][] s = Wfdb.readSignals(h, mitdb);                  // checksums verified against the header
        assertEquals(360.0, h.frequency);
        assertEquals(2, s.length);
        assertEquals(650000, s[0].length);
        assertEquals(650000, s[1].length);
        assertEquals(995, s[0][0]);                             // the header's initial values
        assertEquals(1011, s[1][0]);
        Map<String, Integer> counts = new TreeMap<>();
        for (Wfdb.Annotation a : Wfdb.readAnnotations(mitdb.resolve("100.atr"))) counts.merge(a.symbol(), 1, Integer::sum);
        // 2273 beats in record 100 agrees with several public per-record tables (e.g. QRS-detector evaluations);
        // the split 2239 N + 33 A + 1 V is this reader's count (consistent with the database totals below)
        assertEquals(Map.of("N", 2239, "A", 33, "V", 1, "+", 1), counts);
    }

    @Test
    void wholeDatabaseAnnotationCountsMatchAnIndependentReader() throws IOException {
        Path mitdb = SharedData.require("mitdb");
        Map<String, Integer> counts = new TreeMap<>();
        int records = 0;
        for (String rec : Files.readAllLines(mitdb.resolve("RECORDS"))) {
            if (rec.isBlank()) continue;
            records++;
            for (Wfdb.Annotation a : Wfdb.readAnnotations(mitdb.resolve(rec.strip() + ".atr"))) counts.merge(a.symbol(), 1, Integer::sum);
        }
        assertEquals(48, records);
        // per-symbol totals over the 48 .atr files as counted with wfdb-python's rdann in a public exploration
        // report (109,494 beats, 3,153 other annotations); they also match PhysioNet's published beat table
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("N", 75052), Map.entry("L", 8075), Map.entry("R", 7259), Map.entry("V", 7130), Map.entry("/", 7028),
                Map.entry("A", 2546), Map.entry("f", 982), Map.entry("F", 803), Map.entry("j", 229), Map.entry("a", 150),
                Map.entry("E", 106), Map.entry("J", 83), Map.entry("Q", 33), Map.entry("e", 16), Map.entry("S", 2),
                Map.entry("+", 1291), Map.entry("~", 616), Map.entry("!", 472), Map.entry("\"", 437), Map.entry("x", 193),
                Map.entry("|", 132), Map.entry("[", 6), Map.entry("]", 6)));
        assertEquals(expected, counts);
        assertEquals(112647, counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void everyMitBihSignalFileMatchesItsHeaderChecksums() throws IOException {
        Path mitdb = SharedData.require("mitdb");
        for (String rec : Files.readAllLines(mitdb.resolve("RECORDS"))) {
            if (rec.isBlank()) continue;
            Wfdb.Header h = Wfdb.readHeader(mitdb.resolve(rec.strip() + ".hea"));
            assertEquals(650000, h.samples, rec);
            int[][] s = Wfdb.readSignals(h, mitdb);                  // throws on a checksum mismatch
            for (int k = 0; k < s.length; k++) assertEquals(h.signals.get(k).initialValue, s[k][0], rec + " signal " + k);
        }
    }

    static byte[] gzip(byte[] raw) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }
}
