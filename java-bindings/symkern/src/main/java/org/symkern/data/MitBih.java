package org.symkern.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.symkern.io.BoundedReads;
import org.symkern.io.DatasetFolder;
import org.symkern.io.InputLimits;

/**
 * Heartbeats of the MIT-BIH Arrhythmia Database (PhysioNet mitdb 1.0.0; Moody and Mark 2001, ODC-By
 * 1.0): one fixed window of lead MLII around every beat annotation of the reference {@code .atr} files,
 * labelled with the AAMI EC57 classes.
 *
 * <p>Choices, stated once:
 * <ul>
 *   <li><b>Window.</b> {@link Options#defaults()}: 90 samples before the annotated R peak, the peak, and 90
 *       after (181 samples, 0.5 s at 360 Hz), in millivolts ((adc - baseline) / gain). The peak sits at the
 *       centre, so {@link Beats#timeReversed()} keeps it there. {@link Options#kaggleLike()}: 187 samples at
 *       125 Hz centred on the peak (93 + 1 + 93), by linear interpolation of the 360 Hz signal without an
 *       anti-aliasing filter. This only matches the popular CSVs in rate and length: those beats start at
 *       the R peak, span 1.2 median RR intervals, are zero-padded and min-max scaled per 10 s window; that
 *       pipeline is not reproduced here.</li>
 *   <li><b>Lead.</b> The signal named MLII (signal 1 in record 114, where the leads are swapped; records 102
 *       and 104 have no MLII and are paced anyway).</li>
 *   <li><b>Beats.</b> Annotations whose symbol has an AAMI class: N (N, L, R, e, j), S (A, a, J, S), V (V, E),
 *       F (F), Q (/, f, Q). Other annotations (rhythm, noise, flutter waves '!', non-conducted P waves 'x',
 *       artifacts '|') are not beats. Beats whose window reaches past either end of the record are dropped.</li>
 *   <li><b>Records.</b> The paced records 102, 104, 107 and 217 are excluded by default, leaving DS1 + DS2.</li>
 *   <li><b>Binary task</b> ({@link Beats#binary()}): normal (AAMI N) vs arrhythmic (S, V, F). Q beats
 *       (unclassifiable, and paced ones when paced records are loaded) are neither and are dropped.</li>
 *   <li><b>Splits.</b> {@link #intraPatient}: beats stratified by class and split at random, so beats of one
 *       patient fall on both sides (the protocol of the popular CSVs; optimistic). {@link #interPatient}:
 *       de Chazal et al. (2004) DS1 for training, DS2 for testing, no record on both sides; validation, when
 *       wanted, holds out whole DS1 records. Records 201 and 202 come from the same subject and sit in DS1 and
 *       DS2 respectively; this is the published split and is kept as is.</li>
 * </ul>
 *
 * <p>The embedded default ({@link #embedded}) holds records 208 and 209 (DS1) and 213 (DS2), lead MLII
 * only, full length; see data/mitdb/README.md.
 */
public final class MitBih {
    /** Sampling rate of the MIT-BIH records in Hz. */
    public static final double FREQUENCY = 360;
    /** The paced records, excluded by default. */
    public static final int[] PACED = {102, 104, 107, 217};
    /** de Chazal, O'Dwyer, Reilly (2004), training set. */
    public static final int[] DS1 = {101, 106, 108, 109, 112, 114, 115, 116, 118, 119, 122, 124, 201, 203, 205, 207, 208, 209, 215, 220, 223, 230};
    /** de Chazal, O'Dwyer, Reilly (2004), test set. */
    public static final int[] DS2 = {100, 103, 105, 111, 113, 117, 121, 123, 200, 202, 210, 212, 213, 214, 219, 221, 222, 228, 231, 232, 233, 234};
    /** The AAMI EC57 heartbeat classes, by label. */
    public static final String[] AAMI_CLASSES = {"N", "S", "V", "F", "Q"};
    /** The class names of the binary task, by label. */
    public static final String[] BINARY_CLASSES = {"normal", "arrhythmic"};
    /** The AAMI class labels. */
    public static final int N = 0, S = 1, V = 2, F = 3, Q = 4;
    /** The records embedded in the symkern-cli jar. */
    public static final int[] EMBEDDED_RECORDS = {208, 209, 213};
    private static final String EMBEDDED = "/org/symkern/data/embedded/mitdb/";

    /**
     * How beats are cut: `half` samples at `rate` Hz on each side of the peak (window length 2 half + 1),
     * the lead by name, and whether each beat is z-normalized (zero mean, unit variance).
     */
    public record Options(double rate, int half, String lead, boolean zNormalize) {
        /** Checks the window and the sampling rate. */
        public Options {
            if (!(rate > 0 && rate <= FREQUENCY)) throw new IllegalArgumentException("rate " + rate + " Hz is outside (0, 360]");
            if (half < 1) throw new IllegalArgumentException("half window " + half + " < 1");
        }

        /** 90 + 1 + 90 samples at 360 Hz, lead MLII, millivolts. */
        public static Options defaults() {
            return new Options(FREQUENCY, 90, "MLII", false);
        }

        /** 93 + 1 + 93 = 187 samples at 125 Hz, lead MLII, millivolts. */
        public static Options kaggleLike() {
            return new Options(125, 93, "MLII", false);
        }

        /** These options with z-normalisation of each beat on or off. */
        public Options withZNormalize(boolean z) {
            return new Options(rate, half, lead, z);
        }

        /** Samples per beat window. */
        public int length() {
            return 2 * half + 1;
        }
    }

    /** Beat windows with labels and where each came from. */
    public static final class Beats {
        /** count x length samples, row-major. */
        public final float[] x;
        /** Number of beats and samples per beat. */
        public final int count, length;
        /** Sampling rate of the beats in Hz. */
        public final double rate;
        /** The label of each beat. */
        public final int[] labels;
        /** Number of classes. */
        public final int classes;
        /** The class names, by label. */
        public final String[] classNames;
        /** Record number and annotated peak (sample index at 360 Hz) of each beat. */
        public final int[] records, peaks;
        /** The annotation symbol of each beat ('N', 'V', ...). */
        public final char[] symbols;

        Beats(float[] x, int length, double rate, int[] labels, String[] classNames, int[] records, int[] peaks, char[] symbols) {
            this.x = x;
            this.length = length;
            this.count = labels.length;
            this.rate = rate;
            this.labels = labels;
            this.classes = classNames.length;
            this.classNames = classNames;
            this.records = records;
            this.peaks = peaks;
            this.symbols = symbols;
        }

        /**
         * Offset of the annotated R peak ({@code .atr} beat annotation, {@link #peaks}) inside every window: windows are cut
         * symmetrically around it (half samples before, half after), so it is the centre (length - 1) / 2, 90 for
         * {@link Options#defaults()}, and stays there under {@link #timeReversed()}.
         */
        public int peakOffset() {
            return (length - 1) / 2;
        }

        /** The number of beats of each class. */
        public int[] classCounts() {
            int[] c = new int[classes];
            for (int l : labels) c[l]++;
            return c;
        }

        /** The beats at `idx` (copies). */
        public Beats subset(int[] idx) {
            float[] px = new float[idx.length * length];
            int[] lb = new int[idx.length], rec = new int[idx.length], pk = new int[idx.length];
            char[] sy = new char[idx.length];
            for (int i = 0; i < idx.length; i++) {
                System.arraycopy(x, idx[i] * length, px, i * length, length);
                lb[i] = labels[idx[i]];
                rec[i] = records[idx[i]];
                pk[i] = peaks[idx[i]];
                sy[i] = symbols[idx[i]];
            }
            return new Beats(px, length, rate, lb, classNames, rec, pk, sy);
        }

        /** The binary task: AAMI N -> 0 (normal), S, V, F -> 1 (arrhythmic); Q beats dropped. */
        public Beats binary() {
            if (classes != AAMI_CLASSES.length) throw new IllegalStateException("binary() needs the 5 AAMI classes, these beats have " + classes);
            int kept = 0;
            for (int l : labels) if (l != Q) kept++;
            int[] idx = new int[kept];
            for (int i = 0, k = 0; i < count; i++) if (labels[i] != Q) idx[k++] = i;
            Beats b = subset(idx);
            int[] lb = new int[kept];
            for (int i = 0; i < kept; i++) lb[i] = b.labels[i] == N ? 0 : 1;
            return new Beats(b.x, length, rate, lb, BINARY_CLASSES, b.records, b.peaks, b.symbols);
        }

        /** Every beat reversed in time (the peak stays at the centre); labels unchanged. */
        public Beats timeReversed() {
            float[] px = new float[x.length];
            for (int i = 0; i < count; i++)
                for (int t = 0; t < length; t++) px[i * length + t] = x[i * length + length - 1 - t];
            return new Beats(px, length, rate, labels.clone(), classNames, records.clone(), peaks.clone(), symbols.clone());
        }

        /** Every beat shifted and scaled to zero mean and unit variance (a flat beat only to zero mean). */
        public Beats zNormalized() {
            float[] px = x.clone();
            for (int i = 0; i < count; i++) zNormalize(px, i * length, length);
            return new Beats(px, length, rate, labels.clone(), classNames, records.clone(), peaks.clone(), symbols.clone());
        }

        /** As an {@link ImageDataset} of count x (1 channel, 1 row, length columns), for batching into tensors. */
        public ImageDataset dataset() {
            return new ImageDataset(x, labels, 1, 1, length, classes);
        }
    }

    private MitBih() {}

    /** AAMI class of an annotation symbol (N=0, S=1, V=2, F=3, Q=4), or -1 when it is not a beat. */
    public static int aamiClass(String symbol) {
        return switch (symbol) {
            case "N", "L", "R", "e", "j" -> N;
            case "A", "a", "J", "S" -> S;
            case "V", "E" -> V;
            case "F" -> F;
            case "/", "f", "Q" -> Q;
            default -> -1;
        };
    }

    /** DS1 and DS2 together: the 44 records that are not paced, in ascending order. */
    public static int[] unpacedRecords() {
        TreeSet<Integer> all = new TreeSet<>();
        for (int r : DS1) all.add(r);
        for (int r : DS2) all.add(r);
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Beats of all unpaced records (DS1 + DS2) of a mitdb folder (e.g. ../shared/data/mitdb). */
    public static Beats load(Path dir, Options options) {
        return load(dir, unpacedRecords(), options);
    }

    /** Beats of the given records of a mitdb folder ({@code NNN.hea}, {@code NNN.dat} or {@code NNN.dat.gz}, {@code NNN.atr}). */
    public static Beats load(Path dir, int[] records, Options options) {
        List<Beats> parts = new ArrayList<>();
        for (int r : records) {
            Path hea = DatasetFolder.inside(dir, dir.resolve(r + ".hea"), dir.toString());
            Path atr = DatasetFolder.inside(dir, dir.resolve(r + ".atr"), dir.toString());
            Wfdb.Header h = Wfdb.readHeader(hea);
            parts.add(cut(h, Wfdb.readSignals(h, dir), Wfdb.readAnnotations(atr), r, options));
        }
        return concat(parts, options);
    }

    /** Beats of the embedded records 208, 209 (DS1) and 213 (DS2), read from the jar. */
    public static Beats embedded(Options options) {
        List<Beats> parts = new ArrayList<>();
        for (int r : EMBEDDED_RECORDS) {
            String base = EMBEDDED + r;
            Wfdb.Header h = Wfdb.parseHeader(new String(resource(base + ".hea", false), StandardCharsets.UTF_8), base + ".hea");
            if (h.signals.size() != 1) throw new DataFormatException(base + ".hea", "embedded record should hold 1 signal, has " + h.signals.size());
            int[][] sig = Wfdb.decode212(resource(base + ".dat.gz", true), 0, 1, h.samples, base + ".dat.gz");
            Wfdb.verify(h, sig);
            parts.add(cut(h, sig, Wfdb.decodeAnnotations(resource(base + ".atr", false), base + ".atr"), r, options));
        }
        return concat(parts, options);
    }

    /** The beats of one record: windows of the named lead around every beat annotation. */
    public static Beats cut(Wfdb.Header h, int[][] signals, List<Wfdb.Annotation> annotations, int record, Options o) {
        int lead = h.signalIndex(o.lead());
        if (lead < 0) {
            List<String> names = new ArrayList<>();
            for (Wfdb.Signal s : h.signals) names.add(s.description);
            throw new DataFormatException(h.source, "no signal named " + o.lead() + " (signals: " + String.join(", ", names) + ")");
        }
        if (h.frequency != FREQUENCY) throw new DataFormatException(h.source, "sampling frequency " + h.frequency + " Hz, expected 360 (MIT-BIH)");
        Wfdb.Signal sig = h.signals.get(lead);
        int[] adc = signals[lead];
        int len = o.length();
        double step = FREQUENCY / o.rate();
        List<float[]> windows = new ArrayList<>();
        List<int[]> info = new ArrayList<>();
        for (Wfdb.Annotation a : annotations) {
            int c = aamiClass(a.symbol());
            if (c < 0) continue;
            double first = a.sample() - o.half() * step, last = a.sample() + o.half() * step;
            if (first < 0 || last > adc.length - 1) continue;          // window leaves the record
            float[] w = new float[len];
            for (int t = 0; t < len; t++) {
                double p = a.sample() + (t - o.half()) * step;
                int i0 = (int) Math.floor(p);
                double f = p - i0;
                double v = i0 + 1 < adc.length && f > 0 ? (1 - f) * adc[i0] + f * adc[i0 + 1] : adc[i0];
                w[t] = (float) ((v - sig.baseline) / sig.gain);
            }
            if (o.zNormalize()) zNormalize(w, 0, len);
            windows.add(w);
            info.add(new int[] {c, (int) a.sample(), a.symbol().charAt(0)});
        }
        int n = windows.size();
        float[] x = new float[n * len];
        int[] lb = new int[n], rec = new int[n], pk = new int[n];
        char[] sy = new char[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(windows.get(i), 0, x, i * len, len);
            lb[i] = info.get(i)[0];
            pk[i] = info.get(i)[1];
            sy[i] = (char) info.get(i)[2];
            rec[i] = record;
        }
        return new Beats(x, len, o.rate(), lb, AAMI_CLASSES, rec, pk, sy);
    }

    /**
     * Intra-patient split: indices of {train, validation, test}, stratified by class and seeded, with
     * round(count * fraction) beats in validation and test. Beats of one record land in every part.
     */
    public static int[][] intraPatient(Beats b, double validationFraction, double testFraction, long seed) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction > 1)
            throw new IllegalArgumentException("fractions " + validationFraction + " + " + testFraction + " are not a split");
        int val = (int) Math.round(b.count * validationFraction), test = (int) Math.round(b.count * testFraction);
        return Split.stratified(b.labels, new int[] {b.count - val - test, val, test}, seed);
    }

    /** Inter-patient split: indices of {DS1 beats, DS2 beats}; beats of other (paced) records are in neither. */
    public static int[][] interPatient(Beats b) {
        return new int[][] {ofRecords(b, DS1), ofRecords(b, DS2)};
    }

    /**
     * Inter-patient split with patient-wise validation: {train, validation, test} where validation is
     * `validationRecords` whole DS1 records chosen with the seed, train the other DS1 records, test DS2.
     */
    public static int[][] interPatient(Beats b, int validationRecords, long seed) {
        TreeSet<Integer> present = new TreeSet<>();
        for (int r : b.records) if (contains(DS1, r)) present.add(r);
        int[] ds1 = present.stream().mapToInt(Integer::intValue).toArray();
        if (validationRecords < 0 || validationRecords >= ds1.length)
            throw new IllegalArgumentException(validationRecords + " validation records out of the " + ds1.length + " DS1 records present");
        Split.shuffle(ds1, seed);
        int[] val = Arrays.copyOf(ds1, validationRecords), train = Arrays.copyOfRange(ds1, validationRecords, ds1.length);
        return new int[][] {ofRecords(b, train), ofRecords(b, val), ofRecords(b, DS2)};
    }

    /** Indices of the beats that come from the given records. */
    public static int[] ofRecords(Beats b, int[] recordList) {
        return java.util.stream.IntStream.range(0, b.count).filter(i -> contains(recordList, b.records[i])).toArray();
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    static void zNormalize(float[] a, int from, int len) {
        double mean = 0, sq = 0;
        for (int t = 0; t < len; t++) mean += a[from + t];
        mean /= len;
        for (int t = 0; t < len; t++) sq += (a[from + t] - mean) * (a[from + t] - mean);
        double sd = Math.sqrt(sq / len);
        double scale = sd > 1e-8 ? 1 / sd : 1;
        for (int t = 0; t < len; t++) a[from + t] = (float) ((a[from + t] - mean) * scale);
    }

    private static Beats concat(List<Beats> parts, Options o) {
        int n = 0;
        for (Beats p : parts) n += p.count;
        int len = o.length();
        float[] x = new float[n * len];
        int[] lb = new int[n], rec = new int[n], pk = new int[n];
        char[] sy = new char[n];
        int at = 0;
        for (Beats p : parts) {
            System.arraycopy(p.x, 0, x, at * len, p.count * len);
            System.arraycopy(p.labels, 0, lb, at, p.count);
            System.arraycopy(p.records, 0, rec, at, p.count);
            System.arraycopy(p.peaks, 0, pk, at, p.count);
            System.arraycopy(p.symbols, 0, sy, at, p.count);
            at += p.count;
        }
        return new Beats(x, len, o.rate(), lb, AAMI_CLASSES, rec, pk, sy);
    }

    static byte[] resource(String name, boolean gzip) {
        try (InputStream in = EmbeddedData.open(name)) {
            byte[] bytes = BoundedReads.readUpTo(in, InputLimits.maxFileBytes(), name, "the file-size cap");
            return gzip ? BoundedReads.gunzip(bytes, name, InputLimits.maxInflatedBytes()) : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }
}
