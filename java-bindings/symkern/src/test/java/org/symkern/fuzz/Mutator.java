package org.symkern.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of valid inputs: bit flips, interesting bytes, truncations, size-field inflation (a big-endian or
 * little-endian 32/64-bit value written over a header field), number inflation in text (a decimal token replaced by a
 * huge, negative or overflowing number), deletions, duplications and splices with another seed input.
 */
public final class Mutator {
    private static final int[] INTERESTING_32 = {0, -1, 0x7fffffff, 0x80000000, 0x7ffffff0, 1 << 24, 2_700_000, 0xffff};
    private static final long[] INTERESTING_64 = {-1L, Long.MAX_VALUE, 1L << 40, 1L << 31, 1L << 32, 100_000_001L};
    private static final String[] NUMBERS = {"99999999999", "-1", "2147483648", "-2147483649", "0", "9223372036854775808", "1e308", "NaN", "65536", "4294967296"};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");

    private final SplittableRandom random;
    private final List<byte[]> seeds;

    public Mutator(long seed, List<byte[]> seeds) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds;
    }

    /** A mutant of a random seed input: 1 to 4 mutations stacked. */
    public byte[] next() {
        byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) b = mutate(b);
        return b;
    }

    byte[] mutate(byte[] b) {
        if (b.length == 0) return new byte[] {(byte) random.nextInt(256)};
        switch (random.nextInt(9)) {
            case 0 -> {                                             // bit flip
                int i = random.nextInt(b.length);
                b[i] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> b[random.nextInt(b.length)] = (byte) new int[] {0, 0xff, 0x7f, 0x80, '[', '{', '"', '\n', ','}[random.nextInt(9)];
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));  // truncation
            case 3 -> {                                             // 32-bit size field, either byte order, early in the file
                int at = random.nextInt(Math.max(1, Math.min(b.length, 48)));
                int v = INTERESTING_32[random.nextInt(INTERESTING_32.length)];
                boolean big = random.nextBoolean();
                for (int k = 0; k < 4 && at + k < b.length; k++) b[at + k] = (byte) (big ? v >>> (24 - 8 * k) : v >>> (8 * k));
            }
            case 4 -> {                                             // 64-bit little-endian field (safetensors' header length)
                int at = random.nextInt(Math.max(1, Math.min(b.length, 16)));
                long v = INTERESTING_64[random.nextInt(INTERESTING_64.length)];
                for (int k = 0; k < 8 && at + k < b.length; k++) b[at + k] = (byte) (v >>> (8 * k));
            }
            case 5 -> b = inflateNumber(b);
            case 6 -> {                                             // delete a range
                int from = random.nextInt(b.length), to = Math.min(b.length, from + 1 + random.nextInt(16));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                b = out;
            }
            case 7 -> {                                             // duplicate a range
                int from = random.nextInt(b.length), len = Math.min(b.length - from, 1 + random.nextInt(64));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            default -> {                                            // splice: head of this, tail of another seed
                byte[] o = seeds.get(random.nextInt(seeds.size()));
                int cut = random.nextInt(b.length + 1), cut2 = random.nextInt(o.length + 1);
                byte[] out = new byte[cut + o.length - cut2];
                System.arraycopy(b, 0, out, 0, cut);
                System.arraycopy(o, cut2, out, cut, o.length - cut2);
                b = out;
            }
        }
        return b;
    }

    /** Replaces one decimal number of a text file by an extreme one. */
    byte[] inflateNumber(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        Matcher m = NUMBER.matcher(s);
        int count = 0;
        while (m.find()) count++;
        if (count == 0) return b;
        int pick = random.nextInt(count);
        m.reset();
        for (int i = 0; i <= pick; i++) m.find();
        String out = s.substring(0, m.start()) + NUMBERS[random.nextInt(NUMBERS.length)] + s.substring(m.end());
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }
}
