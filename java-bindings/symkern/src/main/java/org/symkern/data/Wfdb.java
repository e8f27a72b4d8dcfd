package org.symkern.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.symkern.io.BoundedReads;
import org.symkern.io.DatasetFolder;
import org.symkern.io.InputLimits;

/**
 * Reader for the parts of PhysioNet's WFDB format that the MIT-BIH Arrhythmia Database uses: the text
 * header ({@code .hea}), signal files in format 212, and annotation files in the MIT format
 * ({@code .atr}). Written from the WFDB header specification (wfdb/wfdb-spec, spec/HEADERS.md), the
 * annotation reader of wfdb-python ({@code rdann}: byte pairs, SKIP, NUM, SUB, CHN, AUX) and the
 * annotation codes of the WFDB library's {@code ecgcodes.h}; checked against all 48 MIT-BIH records
 * (header checksums of every signal, and annotation counts of an independent reader; see WfdbTest).
 *
 * <p>Supported: single-segment records; signal format 212 only (two 12-bit two's-complement samples
 * packed in three bytes, samples of the signals of one file interleaved frame by frame) with an optional
 * byte offset; one sample per frame, no skew. Anything else (other formats, multi-segment records,
 * oversampled signals) is rejected with a {@link DataFormatException} that names the file and the field.
 * Signal files must hold exactly the samples the header promises, and a header checksum, when present,
 * must match the decoded samples.
 */
public final class Wfdb {
    /** Pseudo-codes of the MIT annotation format. */
    public static final int SKIP = 59, NUM = 60, SUB = 61, CHN = 62, AUX = 63;
    /** Largest real annotation code (ecgcodes.h ACMAX). */
    public static final int ACMAX = 49;

    /** Mnemonic of each annotation code 0..41 (ecgcodes.h, as printed by rdann); null for unused codes. */
    private static final String[] SYMBOLS = {
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S",      // 0 NOTQRS, NORMAL, LBBB, RBBB, ABERR, PVC, FUSION, NPC, APC, SVPB
        "E", "j", "/", "Q", "~", null, "|", null, "s", "T",    // 10 VESC, NESC, PACE, UNKNOWN, NOISE, -, ARFCT, -, STCH, TCH
        "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u",     // 20 SYSTOLE, DIASTOLE, NOTE, MEASURE, PWAVE, BBB, PACESP, TWAVE, RHYTHM, UWAVE
        "?", "!", "[", "]", "e", "n", "@", "x", "f", "(",      // 30 LEARN, FLWAV, VFON, VFOFF, AESC, SVESC, LINK, NAPC, PFUS, WFON
        ")", "r"                                               // 40 WFOFF, RONT
    };

    /** One signal line of a header. */
    public static final class Signal {
        /** The signal file name, relative to the header. */
        public final String file;
        /** The storage format (212 for MIT-BIH). */
        public final int format;
        /** ADC units per physical unit (200 when the header leaves it 0 or out). */
        public final double gain;
        /** ADC value of 0 physical units (the ADC zero when the header gives no baseline). */
        public final int baseline;
        /** The physical units, e.g. "mV". */
        public final String units;
        /** ADC resolution in bits, ADC zero and the first sample value. */
        public final int resolution, adcZero, initialValue;
        /** The header's 16-bit checksum of all samples, or null when absent. */
        public final Integer checksum;
        /** Block size of the signal file (0 when not blocked). */
        public final int blockSize;
        /** Bytes to skip at the start of the signal file. */
        public final long byteOffset;
        /** The signal's name, e.g. "MLII" ("" when absent). */
        public final String description;

        Signal(String file, int format, long byteOffset, double gain, int baseline, String units, int resolution, int adcZero,
               int initialValue, Integer checksum, int blockSize, String description) {
            this.file = file;
            this.format = format;
            this.byteOffset = byteOffset;
            this.gain = gain;
            this.baseline = baseline;
            this.units = units;
            this.resolution = resolution;
            this.adcZero = adcZero;
            this.initialValue = initialValue;
            this.checksum = checksum;
            this.blockSize = blockSize;
            this.description = description;
        }

        /** An ADC value in physical units (millivolts for MIT-BIH). */
        public double physical(int adc) {
            return (adc - baseline) / gain;
        }
    }

    /** A parsed header: the record line and one {@link Signal} per signal. */
    public static final class Header {
        /** Where it was read from (used in error messages). */
        public final String source;
        /** The record name. */
        public final String record;
        /** Sampling frequency in Hz. */
        public final double frequency;
        /** Samples per signal (0 when the header leaves it unspecified). */
        public final long samples;
        /** The signals, in header order. */
        public final List<Signal> signals;
        /** Comment lines, without the leading '#'. */
        public final List<String> comments;

        Header(String source, String record, double frequency, long samples, List<Signal> signals, List<String> comments) {
            this.source = source;
            this.record = record;
            this.frequency = frequency;
            this.samples = samples;
            this.signals = Collections.unmodifiableList(signals);
            this.comments = Collections.unmodifiableList(comments);
        }

        /** Index of the signal with this description (e.g. "MLII"), or -1. */
        public int signalIndex(String description) {
            for (int i = 0; i < signals.size(); i++) if (signals.get(i).description.equals(description)) return i;
            return -1;
        }
    }

    /** One annotation: sample number, code, and the optional fields of the MIT format. */
    public record Annotation(long sample, int code, int subtype, int chan, int num, String aux) {
        /** An annotation of {@code code} at sample {@code sample}. */
        public Annotation(long sample, int code) {
            this(sample, code, 0, 0, 0, null);
        }

        /** The mnemonic of the code ("N", "V", "+", ...). */
        public String symbol() {
            return Wfdb.symbol(code);
        }
    }

    private Wfdb() {}

    /** The mnemonic of annotation code 0..49 ("[code]" for unused or user-defined codes). */
    public static String symbol(int code) {
        if (code >= 0 && code < SYMBOLS.length && SYMBOLS[code] != null) return SYMBOLS[code];
        if (code >= 0 && code <= ACMAX) return "[" + code + "]";
        throw new IllegalArgumentException("annotation code " + code + " is outside 0.." + ACMAX);
    }

    /** The code of a mnemonic, or -1. */
    public static int code(String symbol) {
        for (int c = 0; c < SYMBOLS.length; c++) if (symbol.equals(SYMBOLS[c])) return c;
        return -1;
    }

    // ------------------------------------------------------------------------------------------ header

    /** The largest header file read (real MIT-BIH headers have a few hundred bytes). */
    public static final long MAX_HEADER_BYTES = 1 << 20;

    /** Reads and parses a header file (at most {@link #MAX_HEADER_BYTES} bytes). */
    public static Header readHeader(Path hea) {
        return parseHeader(new String(BoundedReads.readFile(hea, MAX_HEADER_BYTES), StandardCharsets.UTF_8), hea.toString());
    }

    /** Parses header text; `source` names it in error messages. */
    public static Header parseHeader(String text, String source) {
        String[] lines = text.split("\r?\n", -1);
        List<String> comments = new ArrayList<>();
        List<Signal> signals = new ArrayList<>();
        String record = null;
        double frequency = 250;
        long samples = 0;
        int nsig = 0;
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            String where = "line " + (ln + 1);
            if (line.length() > 10_000) throw new DataFormatException(source, where + ": " + line.length() + " characters, more than a header line has");
            String[] f = line.split("\\s+");
            if (record == null) {                                   // the record line
                if (f[0].contains("/"))
                    throw new DataFormatException(source, where + ": multi-segment record '" + f[0] + "' is not supported");
                if (!f[0].matches("[A-Za-z0-9_]+"))
                    throw new DataFormatException(source, where + ": record name '" + f[0] + "' has characters other than letters, digits and '_'");
                record = f[0];
                if (f.length < 2) throw new DataFormatException(source, where + ": record line lacks the number of signals");
                nsig = parseInt(f[1], source, where, "number of signals");
                if (nsig < 0) throw new DataFormatException(source, where + ": negative number of signals " + nsig);
                if (f.length > 2) {
                    frequency = parseDouble(f[2].split("/")[0], source, where, "sampling frequency");
                    if (!(frequency > 0)) throw new DataFormatException(source, where + ": sampling frequency " + f[2] + " is not positive");
                }
                if (f.length > 3) {
                    samples = parseLong(f[3], source, where, "number of samples");
                    if (samples < 0) throw new DataFormatException(source, where + ": negative number of samples " + samples);
                }
                continue;
            }
            if (signals.size() == nsig) continue;                    // extra signal lines are disregarded (spec)
            signals.add(parseSignal(f, line, source, where));
        }
        if (record == null) throw new DataFormatException(source, "no record line (empty header)");
        if (signals.size() < nsig)
            throw new DataFormatException(source, "record line announces " + nsig + " signals but " + signals.size() + " signal lines follow");
        return new Header(source, record, frequency, samples, signals, comments);
    }

    private static Signal parseSignal(String[] f, String line, String source, String where) {
        if (f.length < 2) throw new DataFormatException(source, where + ": signal line lacks the format field");
        String file = f[0];
        // format[xsamples-per-frame][:skew][+byte-offset]
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?").matcher(f[1]);
        if (!m.matches()) throw new DataFormatException(source, where + ": format field '" + f[1] + "' is not a WFDB format");
        int format = parseInt(m.group(1), source, where, "format");
        if (format != 212)
            throw new DataFormatException(source, where + ": signal format " + format + " is not supported (only format 212, the one MIT-BIH uses)");
        if (m.group(2) != null && parseInt(m.group(2), source, where, "samples per frame") != 1)
            throw new DataFormatException(source, where + ": " + m.group(2) + " samples per frame are not supported (only 1)");
        if (m.group(3) != null && parseInt(m.group(3), source, where, "skew") != 0)
            throw new DataFormatException(source, where + ": skew " + m.group(3) + " is not supported (only 0)");
        long byteOffset = m.group(4) == null ? 0 : parseLong(m.group(4), source, where, "byte offset");
        double gain = 0;
        Integer baseline = null;
        String units = "mV";
        if (f.length > 2) {                                         // gain[(baseline)][/units]
            java.util.regex.Matcher g = java.util.regex.Pattern.compile("([^(/]+)(?:\\(([^)]*)\\))?(?:/(\\S+))?").matcher(f[2]);
            if (!g.matches()) throw new DataFormatException(source, where + ": ADC gain field '" + f[2] + "' is malformed");
            gain = parseDouble(g.group(1), source, where, "ADC gain");
            if (g.group(2) != null) baseline = parseInt(g.group(2), source, where, "baseline");
            if (g.group(3) != null) units = g.group(3);
        }
        if (gain < 0) throw new DataFormatException(source, where + ": negative ADC gain " + f[2]);
        if (gain == 0) gain = 200;                                  // uncalibrated: 200 adu per unit (spec)
        int resolution = f.length > 3 ? parseInt(f[3], source, where, "ADC resolution") : 12;
        int adcZero = f.length > 4 ? parseInt(f[4], source, where, "ADC zero") : 0;
        int initial = f.length > 5 ? parseInt(f[5], source, where, "initial value") : adcZero;
        Integer checksum = f.length > 6 ? parseInt(f[6], source, where, "checksum") : null;
        int blockSize = f.length > 7 ? parseInt(f[7], source, where, "block size") : 0;
        String description = "";
        if (f.length > 8) {                                         // the rest of the line, spaces included
            int at = 0;
            for (int k = 0; k < 8; k++) {
                at = line.indexOf(f[k], at) + f[k].length();
            }
            description = line.substring(at).strip();
        }
        return new Signal(file, format, byteOffset, gain, baseline == null ? adcZero : baseline, units, resolution, adcZero,
                initial, checksum, blockSize, description);
    }

    // ------------------------------------------------------------------------------------------ signals

    /** The samples of every signal of the record whose header is `hea` (signal files in the same folder): [signal][sample]. */
    public static int[][] readSignals(Path hea) {
        Header h = readHeader(hea);
        Path dir = hea.toAbsolutePath().getParent();
        return readSignals(h, dir);
    }

    /**
     * The samples of every signal of `h`, reading its signal files from `dir`: [signal][sample]. A signal
     * file {@code F} that is absent is read from {@code F.gz} when that exists (the embedded records).
     */
    public static int[][] readSignals(Header h, Path dir) {
        int[][] out = new int[h.signals.size()][];
        int s = 0;
        while (s < h.signals.size()) {
            int e = s;                                              // signals [s, e) share one file
            String file = h.signals.get(s).file;
            while (e < h.signals.size() && h.signals.get(e).file.equals(file)) e++;
            String field = "signal " + s + ", field 'file name'";
            Path p = DatasetFolder.resolve(dir, file, h.source, field);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Path gz = DatasetFolder.resolve(dir, file + ".gz", h.source, field);
                if (Files.exists(gz, LinkOption.NOFOLLOW_LINKS)) p = gz;
            }
            long offset = h.signals.get(s).byteOffset;
            long need = h.samples == 0 ? -1 : offset + bytes212(h.samples, e - s, h.source);
            byte[] bytes;
            if (p.getFileName().toString().endsWith(".gz")) {
                long cap = InputLimits.maxInflatedBytes();
                if (need > cap)
                    throw new DataFormatException(p.toString(), "the header " + h.source + " declares " + h.samples + " samples x " + (e - s) + " signals = " + need
                            + " bytes, more than the " + cap + "-byte cap on decompressed data (raise it with -D" + InputLimits.MAX_INFLATED_PROPERTY + "=BYTES)");
                bytes = need < 0 ? BoundedReads.gunzip(BoundedReads.readFile(p), p.toString(), cap)
                        : BoundedReads.gunzip(BoundedReads.readFile(p), p.toString(), need + 1, "the " + need + " bytes the header " + h.source + " declares");
            } else {
                long size = BoundedReads.size(p);
                if (need >= 0 && (size < need || size > need + 1))
                    throw new DataFormatException(p.toString(), size + " bytes, but the header " + h.source + " declares " + h.samples + " samples x " + (e - s)
                            + " signals in format 212 from byte " + offset + ": " + need + " bytes (" + (size < need ? "truncated" : "trailing bytes") + ")");
                bytes = BoundedReads.readFile(p, need >= 0 ? need + 1 : InputLimits.maxFileBytes());
            }
            int[][] group = decode212(bytes, offset, e - s, h.samples, p.toString());
            for (int k = s; k < e; k++) out[k] = group[k - s];
            s = e;
        }
        verify(h, out);
        return out;
    }

    /** Checks the decoded samples against the header's checksums; names the signal on mismatch. */
    public static void verify(Header h, int[][] samples) {
        for (int k = 0; k < samples.length; k++) {
            Signal sig = h.signals.get(k);
            if (sig.checksum == null || h.samples == 0) continue;   // the spec disables the check when the length is unspecified
            int sum = checksum(samples[k]);
            if (sum != sig.checksum)
                throw new DataFormatException(h.source, "signal " + k + " (" + sig.description + ", file " + sig.file + "): checksum of the samples is "
                        + sum + " but the header says " + sig.checksum + " (corrupt signal file?)");
        }
    }

    /** The 16-bit signed checksum of a signal (sum of all samples modulo 2^16). */
    public static int checksum(int[] samples) {
        int sum = 0;
        for (int v : samples) sum += v;
        return (short) sum;
    }

    /**
     * Decodes a format-212 signal file holding `signals` interleaved signals: every 3 bytes b0 b1 b2 hold
     * two samples, s0 = b0 | (b1 &amp; 0x0f) &lt;&lt; 8 and s1 = b2 | (b1 &amp; 0xf0) &lt;&lt; 4, each a 12-bit
     * two's-complement number; samples run frame by frame (signal 0, 1, ..., of sample 0, then of sample 1).
     * `samples` per signal (0: as many as the file holds). The file must hold exactly that many.
     */
    public static int[][] decode212(byte[] data, long byteOffset, int signals, long samples, String source) {
        if (signals < 1) throw new DataFormatException(source, "no signals to decode");
        if (byteOffset < 0 || byteOffset > data.length) throw new DataFormatException(source, "byte offset " + byteOffset + " is past the end of the file (" + data.length + " bytes)");
        long bytes = data.length - byteOffset;
        if (samples < 0) throw new DataFormatException(source, "negative number of samples " + samples);
        if (samples == 0) samples = (bytes * 2 / 3) / signals;   // unspecified length: whole frames in the file
        long need = bytes212(samples, signals, source);
        long total = samples * signals;
        if (bytes < need)
            throw new DataFormatException(source, "truncated: " + bytes + " bytes of format-212 data, but " + samples + " samples x " + signals
                    + " signals need " + need);
        if (bytes > need + (total % 2))
            throw new DataFormatException(source, (bytes - need) + " bytes after the " + samples + " samples x " + signals + " signals the header describes");
        int n = (int) samples;
        int[][] out = new int[signals][n];
        int at = (int) byteOffset;
        for (long i = 0; i < total; i += 2) {
            int b0 = data[at] & 0xff, b1 = data[at + 1] & 0xff;
            int s0 = b0 | (b1 & 0x0f) << 8;
            out[(int) (i % signals)][(int) (i / signals)] = s0 >= 2048 ? s0 - 4096 : s0;
            if (i + 1 < total) {
                int b2 = data[at + 2] & 0xff;
                int s1 = b2 | (b1 & 0xf0) << 4;
                out[(int) ((i + 1) % signals)][(int) ((i + 1) / signals)] = s1 >= 2048 ? s1 - 4096 : s1;
            }
            at += 3;
        }
        return out;
    }

    /** Bytes of `samples` x `signals` samples in format 212 (3 bytes per 2 samples, 2 for an odd last one); checks the counts. */
    static long bytes212(long samples, int signals, String source) {
        if (samples > Integer.MAX_VALUE)
            throw new DataFormatException(source, "number of samples " + samples + " is more than one signal array can hold (" + Integer.MAX_VALUE + ")");
        long total = samples * signals;                            // < 2^31 * 2^31: no overflow
        return total / 2 * 3 + (total % 2) * 2;
    }

    /** Encodes equal-length signals [signal][sample] (each in -2048..2047) in format 212, interleaved. */
    public static byte[] encode212(int[][] signals) {
        int k = signals.length, n = signals[0].length;
        long total = (long) k * n;
        byte[] out = new byte[(int) (total / 2 * 3 + (total % 2) * 2)];
        int at = 0;
        for (long i = 0; i < total; i += 2) {
            int s0 = value12(signals, (int) (i % k), (int) (i / k));
            int s1 = i + 1 < total ? value12(signals, (int) ((i + 1) % k), (int) ((i + 1) / k)) : 0;
            out[at] = (byte) s0;
            out[at + 1] = (byte) ((s0 >> 8 & 0x0f) | (s1 >> 4 & 0xf0));
            if (i + 1 < total) out[at + 2] = (byte) s1;
            at += 3;
        }
        return out;
    }

    private static int value12(int[][] signals, int s, int i) {
        int v = signals[s][i];
        if (v < -2048 || v > 2047) throw new IllegalArgumentException("sample " + v + " of signal " + s + " does not fit in 12 bits");
        return v & 0xfff;
    }

    // ------------------------------------------------------------------------------------------ annotations

    /** Reads and decodes an annotation file (at most {@link InputLimits#maxFileBytes()} bytes). */
    public static List<Annotation> readAnnotations(Path atr) {
        return decodeAnnotations(BoundedReads.readFile(atr), atr.toString());
    }

    /**
     * Decodes an MIT-format annotation stream: 16-bit little-endian words, the top 6 bits a code A and
     * the low 10 bits a number I. A in 1..49: a new annotation of code A, I samples after the previous one.
     * SKIP: the next 4 bytes are a signed 32-bit interval (high 16-bit word first, each word little-endian)
     * added to the time. NUM, SUB, CHN: I is the num, subtyp or chan field of the annotation just read
     * (num and chan carry over to later annotations, subtyp does not). AUX: I bytes of text follow, padded
     * to an even length. A = 0 with I = 0 ends the stream, which must end there.
     */
    public static List<Annotation> decodeAnnotations(byte[] data, String source) {
        List<Annotation> out = new ArrayList<>();
        long time = 0;
        int chan = 0, num = 0;
        int at = 0;
        // fields of the annotation being assembled (its modifiers follow it)
        long aTime = -1;
        int aCode = -1, aSub = 0, aChan = 0, aNum = 0;
        String aAux = null;
        while (true) {
            if (at + 2 > data.length)
                throw new DataFormatException(source, at == data.length ? "truncated: no end-of-annotations word (0) after byte " + at
                        : "truncated: odd final byte at " + at);
            int w = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8;
            int a = w >>> 10, i = w & 0x3ff;
            int wordAt = at;
            at += 2;
            if (a >= 1 && a <= ACMAX || a == 0 && i == 0) {         // a new annotation (or the end): finish the pending one
                if (aCode >= 0) {
                    out.add(new Annotation(aTime, aCode, aSub, aChan, aNum, aAux));
                    chan = aChan;
                    num = aNum;
                }
                if (a == 0) {
                    if (at != data.length)
                        throw new DataFormatException(source, (data.length - at) + " bytes after the end-of-annotations word at byte " + wordAt);
                    return out;
                }
                time += i;
                aTime = time;
                aCode = a;
                aSub = 0;
                aChan = chan;
                aNum = num;
                aAux = null;
                continue;
            }
            switch (a) {
                case SKIP -> {
                    if (at + 4 > data.length) throw new DataFormatException(source, "truncated: SKIP word at byte " + wordAt + " lacks its 4-byte interval");
                    int hi = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8, lo = (data[at + 2] & 0xff) | (data[at + 3] & 0xff) << 8;
                    time += (hi << 16) | lo;                        // signed 32-bit
                    at += 4;
                    if (time < 0) throw new DataFormatException(source, "SKIP at byte " + wordAt + " moves the time before sample 0");
                }
                case NUM, SUB, CHN, AUX -> {
                    if (aCode < 0)
                        throw new DataFormatException(source, pseudoName(a) + " word (code " + a + ") at byte " + wordAt + " precedes any annotation");
                    if (a == NUM) aNum = (byte) i;
                    else if (a == SUB) aSub = (byte) i;
                    else if (a == CHN) aChan = i & 0xff;
                    else {
                        int len = i, padded = len + (len & 1);
                        if (at + padded > data.length)
                            throw new DataFormatException(source, "truncated: AUX word at byte " + wordAt + " announces " + len + " bytes, " + (data.length - at) + " remain");
                        int end = at + len;
                        while (end > at && data[end - 1] == 0) end--;   // strings are stored NUL-terminated
                        aAux = new String(data, at, end - at, StandardCharsets.ISO_8859_1);
                        at += padded;
                    }
                }
                default -> throw new DataFormatException(source, a == 0
                        ? "word at byte " + wordAt + " has code 0 with time increment " + i + " (code 0 is only the end marker)"
                        : "word at byte " + wordAt + " has code " + a + ", neither an annotation code (1-" + ACMAX + ") nor a pseudo-code (59-63)");
            }
        }
    }

    /** Encodes annotations (sorted by sample) in the MIT format, ending with the end word. */
    public static byte[] encodeAnnotations(List<Annotation> annotations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long time = 0;
        int chan = 0, num = 0;
        for (Annotation an : annotations) {
            if (an.code() < 1 || an.code() > ACMAX) throw new IllegalArgumentException("annotation code " + an.code() + " is outside 1.." + ACMAX);
            long delta = an.sample() - time;
            if (delta < 0) throw new IllegalArgumentException("annotations are not sorted by sample at " + an.sample());
            if (delta > 0x3ff) {
                if (delta > Integer.MAX_VALUE) throw new IllegalArgumentException("gap of " + delta + " samples does not fit a SKIP");
                word(out, SKIP, 0);
                u16(out, (int) (delta >>> 16));                     // high word first, each little-endian
                u16(out, (int) delta & 0xffff);
                delta = 0;
            }
            word(out, an.code(), (int) delta);
            time = an.sample();
            if (an.subtype() != 0) word(out, SUB, an.subtype() & 0xff);
            if (an.chan() != chan) word(out, CHN, an.chan() & 0xff);
            if (an.num() != num) word(out, NUM, an.num() & 0xff);
            chan = an.chan();
            num = an.num();
            if (an.aux() != null) {
                byte[] text = (an.aux() + "\0").getBytes(StandardCharsets.ISO_8859_1);
                word(out, AUX, text.length);
                out.write(text, 0, text.length);
                if ((text.length & 1) == 1) out.write(0);
            }
        }
        word(out, 0, 0);
        return out.toByteArray();
    }

    private static void word(ByteArrayOutputStream out, int a, int i) {
        u16(out, a << 10 | i);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write(v >>> 8 & 0xff);
    }

    private static String pseudoName(int a) {
        return switch (a) {
            case NUM -> "NUM";
            case SUB -> "SUB";
            case CHN -> "CHN";
            default -> "AUX";
        };
    }

    // ------------------------------------------------------------------------------------------ helpers


    private static int parseInt(String s, String source, String where, String field) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, where + ", field '" + field + "': '" + DatasetFolder.printable(s) + "' is not an integer in "
                    + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE);
        }
    }

    private static long parseLong(String s, String source, String where, String field) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, where + ", field '" + field + "': '" + DatasetFolder.printable(s) + "' is not a 64-bit integer");
        }
    }

    private static double parseDouble(String s, String source, String where, String field) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, where + ", field '" + field + "': '" + DatasetFolder.printable(s) + "' is not a finite number");
        }
    }
}
