package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MitBihTest {
    /** mitdb RECORDS: the 48 records. */
    static final int[] RECORDS = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 111, 112, 113, 114, 115, 116, 117, 118, 119, 121,
        122, 123, 124, 200, 201, 202, 203, 205, 207, 208, 209, 210, 212, 213, 214, 215, 217, 219, 220, 221, 222, 223, 228, 230, 231,
        232, 233, 234};

    static MitBih.Beats embedded;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        embedded = MitBih.embedded(MitBih.Options.defaults());
    }

    static int[] counts(MitBih.Beats b, int record) {
        int[] c = new int[b.classes];
        for (int i = 0; i < b.count; i++) if (b.records[i] == record) c[b.labels[i]]++;
        return c;
    }

    @Test
    void embeddedRecordsHoldTheirAamiBeats() {
        // AAMI class counts (N, S, V, F, Q) of the beat annotations of the three embedded .atr files (byte-identical
        // to PhysioNet's; data/mitdb/README.md); the beat set keeps those whose window fits in the record
        int[][] expected = {{1586, 2, 992, 373, 2}, {2621, 383, 1, 0, 0}, {2641, 28, 220, 362, 0}};
        for (int k = 0; k < 3; k++) {
            int r = MitBih.EMBEDDED_RECORDS[k];
            String atr = "/org/symkern/data/embedded/mitdb/" + r + ".atr";
            int[] annotated = new int[5], inWindow = new int[5];
            for (Wfdb.Annotation a : Wfdb.decodeAnnotations(MitBih.resource(atr, false), atr)) {
                int c = MitBih.aamiClass(a.symbol());
                if (c < 0) continue;
                annotated[c]++;
                if (a.sample() >= 90 && a.sample() + 90 < 650000) inWindow[c]++;
            }
            assertArrayEquals(expected[k], annotated, "record " + r);
            assertArrayEquals(inWindow, counts(embedded, r), "record " + r);
        }
        assertEquals(181, embedded.length);
        assertEquals(360.0, embedded.rate);
        assertEquals(List.of("N", "S", "V", "F", "Q"), List.of(embedded.classNames));
    }

    @Test
    void aamiMappingFollowsEc57() {
        String[][] byClass = {{"N", "L", "R", "e", "j"}, {"A", "a", "J", "S"}, {"V", "E"}, {"F"}, {"/", "f", "Q"}};
        for (int c = 0; c < byClass.length; c++)
            for (String s : byClass[c]) assertEquals(c, MitBih.aamiClass(s), s);
        for (String s : new String[] {"+", "~", "|", "!", "x", "\"", "[", "]", "B", "r", "n", "?"}) assertEquals(-1, MitBih.aamiClass(s), s);
    }

    @Test
    void beatWindowsAreCentredOnTheAnnotatedPeakInMillivolts() {
        String base = "/org/symkern/data/embedded/mitdb/209";
        Wfdb.Header h = Wfdb.parseHeader(new String(MitBih.resource(base + ".hea", false)), "209.hea");
        int[] adc = Wfdb.decode212(MitBih.resource(base + ".dat.gz", true), 0, 1, h.samples, "209.dat")[0];
        int i = Arrays.stream(MitBih.ofRecords(embedded, new int[] {209})).skip(100).findFirst().getAsInt();
        int peak = embedded.peaks[i];
        for (int t = 0; t < embedded.length; t++)
            assertEquals((adc[peak - 90 + t] - 1024) / 200.0, embedded.x[i * embedded.length + t], 1e-6, "t = " + t);
    }

    @Test
    void kaggleLikeBeatsAre187SamplesAt125Hz() {
        MitBih.Beats k = MitBih.embedded(MitBih.Options.kaggleLike());
        assertEquals(187, k.length);
        assertEquals(125.0, k.rate);
        // the wider window (267.84 samples each side at 360 Hz) drops the beats within that distance of an end
        long nearEnd = Arrays.stream(embedded.peaks).filter(p -> p < 267.84 || p + 267.84 > 649999).count();
        assertEquals(embedded.count - nearEnd, k.count);
        // the centre sample is the peak itself; its neighbours are interpolated 2.88 samples (at 360 Hz) away
        int i = 500, j = -1;
        for (int m = 0; m < embedded.count; m++) if (embedded.records[m] == k.records[i] && embedded.peaks[m] == k.peaks[i]) j = m;
        float[] e = Arrays.copyOfRange(embedded.x, j * 181, (j + 1) * 181);
        assertEquals(e[90], k.x[i * 187 + 93], 1e-6);
        double expected = 0.12 * e[92] + 0.88 * e[93];          // 90 + 2.88
        assertEquals(expected, k.x[i * 187 + 94], 1e-5);
    }

    @Test
    void zNormalizedBeatsHaveZeroMeanAndUnitVariance() {
        MitBih.Beats z = embedded.zNormalized();
        MitBih.Beats viaOption = MitBih.embedded(MitBih.Options.defaults().withZNormalize(true));
        assertArrayEquals(z.x, viaOption.x, 1e-5f);
        for (int i = 0; i < z.count; i += 97) {
            double m = 0, v = 0;
            for (int t = 0; t < z.length; t++) m += z.x[i * z.length + t];
            m /= z.length;
            for (int t = 0; t < z.length; t++) v += Math.pow(z.x[i * z.length + t] - m, 2);
            assertEquals(0, m, 1e-5);
            assertEquals(1, v / z.length, 1e-4);
        }
    }

    @Test
    void timeReversalMirrorsEachBeatAboutItsPeak() {
        MitBih.Beats r = embedded.timeReversed();
        int len = embedded.length;
        for (int i = 0; i < embedded.count; i += 53) {
            for (int t = 0; t < len; t++) assertEquals(embedded.x[i * len + t], r.x[i * len + len - 1 - t], 0f);
            assertEquals(embedded.x[i * len + 90], r.x[i * len + 90], 0f);
        }
        assertArrayEquals(embedded.labels, r.labels);
        assertArrayEquals(embedded.x, r.timeReversed().x);
    }

    @Test
    void binaryTaskIsNormalVersusArrhythmicWithoutQ() {
        MitBih.Beats b = embedded.binary();
        int[] five = embedded.classCounts();
        assertEquals(2, b.classes);
        assertArrayEquals(new int[] {five[0], five[1] + five[2] + five[3]}, b.classCounts());
        for (int i = 0; i < b.count; i++) assertEquals(b.symbols[i] == 'N' ? 0 : 1, b.labels[i], "only N among these records is normal");
        assertThrows(IllegalStateException.class, b::binary);
    }

    @Test
    void intraPatientSplitIsDisjointSizedStratifiedAndSeeded() {
        int[][] p = MitBih.intraPatient(embedded, 0.1, 0.2, 4);
        int n = embedded.count;
        assertEquals(Math.round(n * 0.1), p[1].length);
        assertEquals(Math.round(n * 0.2), p[2].length);
        assertEquals(n, p[0].length + p[1].length + p[2].length);
        Set<Integer> seen = new HashSet<>();
        for (int[] part : p) for (int i : part) assertTrue(seen.add(i), "beat " + i + " in two parts");
        int[] all = embedded.classCounts(), test = new int[5];
        for (int i : p[2]) test[embedded.labels[i]]++;
        for (int c = 0; c < 5; c++) assertEquals(0.2 * all[c], test[c], 1.0, "class " + c);
        assertArrayEquals(p[2], MitBih.intraPatient(embedded, 0.1, 0.2, 4)[2]);
        assertFalse(Arrays.equals(p[2], MitBih.intraPatient(embedded, 0.1, 0.2, 5)[2]));
        // the intra-patient split puts beats of every record on both sides
        for (int r : MitBih.EMBEDDED_RECORDS) {
            assertTrue(Arrays.stream(p[0]).anyMatch(i -> embedded.records[i] == r));
            assertTrue(Arrays.stream(p[2]).anyMatch(i -> embedded.records[i] == r));
        }
    }

    @Test
    void interPatientSplitKeepsEveryRecordOnOneSide() {
        int[][] p = MitBih.interPatient(embedded);
        assertEquals(Set.of(208, 209), recordsOf(embedded, p[0]));
        assertEquals(Set.of(213), recordsOf(embedded, p[1]));
        assertEquals(embedded.count, p[0].length + p[1].length);
        int[][] v = MitBih.interPatient(embedded, 1, 3);
        Set<Integer> train = recordsOf(embedded, v[0]), val = recordsOf(embedded, v[1]), test = recordsOf(embedded, v[2]);
        assertEquals(1, train.size());
        assertEquals(1, val.size());
        assertEquals(Set.of(208, 209), union(train, val));
        assertEquals(Set.of(213), test);
        assertThrows(IllegalArgumentException.class, () -> MitBih.interPatient(embedded, 2, 3));
    }

    static Set<Integer> recordsOf(MitBih.Beats b, int[] idx) {
        Set<Integer> s = new TreeSet<>();
        for (int i : idx) s.add(b.records[i]);
        return s;
    }

    static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }

    @Test
    void ds1AndDs2AreDisjointAndWithThePacedRecordsMakeTheDatabase() {
        assertEquals(22, MitBih.DS1.length);
        assertEquals(22, MitBih.DS2.length);
        Set<Integer> all = new TreeSet<>();
        for (int[] part : new int[][] {MitBih.DS1, MitBih.DS2, MitBih.PACED})
            for (int r : part) assertTrue(all.add(r), "record " + r + " listed twice");
        assertEquals(Arrays.stream(RECORDS).boxed().collect(java.util.stream.Collectors.toCollection(TreeSet::new)), all);
        assertEquals(44, MitBih.unpacedRecords().length);
    }

    @Test
    void missingLeadIsNamedWithTheSignalsPresent() throws Exception {
        Files.writeString(dir.resolve("9.hea"), "9 1 360 4\n9.dat 212 200 11 1024 0 0 0 V5\n");
        Files.write(dir.resolve("9.dat"), Wfdb.encode212(new int[][] {{0, 0, 0, 0}}));
        Files.write(dir.resolve("9.atr"), Wfdb.encodeAnnotations(List.of(new Wfdb.Annotation(2, 1))));
        DataFormatException e = assertThrows(DataFormatException.class, () -> MitBih.load(dir, new int[] {9}, MitBih.Options.defaults()));
        assertEquals(dir.resolve("9.hea") + ": no signal named MLII (signals: V5)", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ the full database

    @Test
    void embeddedRecordsEqualTheFullDatabasesRecords() {
        Path mitdb = SharedData.require("mitdb");
        MitBih.Beats full = MitBih.load(mitdb, MitBih.EMBEDDED_RECORDS, MitBih.Options.defaults());
        assertArrayEquals(full.x, embedded.x);
        assertArrayEquals(full.labels, embedded.labels);
        assertArrayEquals(full.peaks, embedded.peaks);
    }

    @Test
    void fullDatabaseDs1AndDs2HoldTheInterPatientClassCounts() {
        Path mitdb = SharedData.require("mitdb");
        MitBih.Beats all = MitBih.load(mitdb, MitBih.Options.defaults());
        int[][] p = MitBih.interPatient(all);
        // AAMI counts (N, S, V, F, Q) of the beat annotations of DS1 and DS2, counted from the .atr files: the counts
        // usually quoted from de Chazal et al. 2004 (recalled, not checked against the paper here)
        int[][] annotated = new int[2][5], inWindow = new int[2][5];
        int[][] sets = {MitBih.DS1, MitBih.DS2};
        for (int s = 0; s < 2; s++)
            for (int r : sets[s])
                for (Wfdb.Annotation a : Wfdb.readAnnotations(mitdb.resolve(r + ".atr"))) {
                    int c = MitBih.aamiClass(a.symbol());
                    if (c < 0) continue;
                    annotated[s][c]++;
                    if (a.sample() >= 90 && a.sample() + 90 < 650000) inWindow[s][c]++;
                }
        assertArrayEquals(new int[] {45866, 944, 3788, 415, 8}, annotated[0]);
        assertArrayEquals(new int[] {44259, 1837, 3221, 388, 7}, annotated[1]);
        // the beat set holds exactly the annotated beats whose 181-sample window fits in the record
        int[] ds1 = new int[5], ds2 = new int[5];
        for (int i : p[0]) ds1[all.labels[i]]++;
        for (int i : p[1]) ds2[all.labels[i]]++;
        assertArrayEquals(inWindow[0], ds1);
        assertArrayEquals(inWindow[1], ds2);
        assertEquals(all.count, p[0].length + p[1].length);
        Set<Integer> r1 = recordsOf(all, p[0]), r2 = recordsOf(all, p[1]);
        assertEquals(22, r1.size());
        assertEquals(22, r2.size());
        r1.retainAll(r2);
        assertTrue(r1.isEmpty(), "records on both sides: " + r1);
        for (int r : MitBih.PACED) assertFalse(Arrays.stream(all.records).anyMatch(x -> x == r), "paced record " + r + " loaded");
    }

    @Test
    void record114IsCutFromItsMliiLeadWhichIsSignal1() {
        Path mitdb = SharedData.require("mitdb");
        Wfdb.Header h = Wfdb.readHeader(mitdb.resolve("114.hea"));
        assertEquals(1, h.signalIndex("MLII"));
        int[] mlii = Wfdb.readSignals(h, mitdb)[1];
        MitBih.Beats b = MitBih.load(mitdb, new int[] {114}, MitBih.Options.defaults());
        int i = 10, peak = b.peaks[i];
        assertEquals((mlii[peak] - h.signals.get(1).baseline) / h.signals.get(1).gain, b.x[i * b.length + 90], 1e-6);
    }
}
