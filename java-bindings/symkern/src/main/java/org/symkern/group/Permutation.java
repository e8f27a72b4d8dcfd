package org.symkern.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A permutation of the points {@code 0..n-1} in array form: {@code image(i) = g[i]} (the sympy
 * {@code Permutation(list)} convention used by the ASEN code). Immutable.
 *
 * <p>Composition follows the usual function convention: {@code g.compose(h)} is {@code g ∘ h}, the map
 * {@code i -> g(h(i))} (apply {@code h} first). Note that sympy's {@code p*q} is the opposite order
 * ({@code q ∘ p}).
 *
 * <p>Text forms accepted by {@link #parse(String, int)}: array notation {@code "[1,2,0,3]"} and cycle
 * notation {@code "(0 1 2)(3 4)"} (points separated by spaces or commas; {@code "()"} is the identity).
 */
public final class Permutation {
    private final int[] images;

    private Permutation(int[] images, boolean validate) {
        if (validate) validate(images);
        this.images = images;
    }

    /** The permutation with {@code image(i) = images[i]}; throws if the array is not a permutation of 0..n-1. */
    public static Permutation of(int... images) {
        if (images == null) throw new IllegalArgumentException("permutation array is null");
        return new Permutation(images.clone(), true);
    }

    /** The identity on {@code n >= 0} points. */
    public static Permutation identity(int n) {
        if (n < 0) throw new IllegalArgumentException("permutation size " + n + " is negative");
        int[] id = new int[n];
        for (int i = 0; i < n; ++i) id[i] = i;
        return new Permutation(id, false);
    }

    /** The transposition swapping {@code a} and {@code b} on {@code n} points. */
    public static Permutation transposition(int n, int a, int b) {
        int[] g = identity(n).images;
        checkPoint(a, n, "transposition");
        checkPoint(b, n, "transposition");
        g[a] = b;
        g[b] = a;
        return new Permutation(g, false);
    }

    /** The cycle {@code points[0] -> points[1] -> ... -> points[last] -> points[0]} on {@code n} points. */
    public static Permutation cycle(int n, int... points) {
        int[] g = identity(n).images;
        boolean[] used = new boolean[n];
        for (int p : points) {
            checkPoint(p, n, "cycle");
            if (used[p]) throw new IllegalArgumentException("cycle " + Arrays.toString(points) + " repeats point " + p);
            used[p] = true;
        }
        for (int k = 0; k < points.length; ++k) g[points[k]] = points[(k + 1) % points.length];
        return new Permutation(g, false);
    }

    /**
     * Parses array notation {@code "[1,2,0,3]"} (its length must be {@code n}) or cycle notation
     * {@code "(0 1 2)(3 4)"} on {@code n} points (unlisted points are fixed).
     *
     * @throws IllegalArgumentException naming the problem: syntax, a point out of range, a repeated point,
     *     a wrong length, or a duplicate image
     */
    public static Permutation parse(String text, int n) {
        if (text == null) throw new IllegalArgumentException("permutation text is null");
        if (n < 0) throw new IllegalArgumentException("permutation size " + n + " is negative");
        String s = text.strip();
        if (s.startsWith("[")) {
            Permutation p = parseArray(s);
            if (p.size() != n)
                throw new IllegalArgumentException("array \"" + s + "\" has " + p.size() + " entries, expected " + n);
            return p;
        }
        if (s.isEmpty() || s.startsWith("(")) return parseCycles(s, n);
        throw new IllegalArgumentException("cannot parse permutation \"" + text
                + "\": expected array notation [1,2,0] or cycle notation (0 1 2)(3 4)");
    }

    /** Parses array notation, or cycle notation on {@code 1 + (largest point mentioned)} points. */
    public static Permutation parse(String text) {
        if (text == null) throw new IllegalArgumentException("permutation text is null");
        String s = text.strip();
        if (s.startsWith("[")) return parseArray(s);
        int max = -1;
        for (String tok : s.split("[^0-9]+")) if (!tok.isEmpty()) max = Math.max(max, parseInt(tok, text));
        return parse(text, max + 1);
    }

    private static Permutation parseArray(String s) {
        if (!s.endsWith("]")) throw new IllegalArgumentException("array notation \"" + s + "\" does not end with ']'");
        String body = s.substring(1, s.length() - 1).strip();
        if (body.isEmpty()) return identity(0);
        String[] parts = body.split("\\s*,\\s*|\\s+");
        int[] g = new int[parts.length];
        for (int i = 0; i < parts.length; ++i) g[i] = parseInt(parts[i], s);
        return of(g);
    }

    private static Permutation parseCycles(String s, int n) {
        int[] g = identity(n).images;
        boolean[] moved = new boolean[n];
        int pos = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isWhitespace(c)) { ++pos; continue; }
            if (c != '(') throw new IllegalArgumentException("cycle notation \"" + s + "\": expected '(' at position " + pos + ", found '" + c + "'");
            int close = s.indexOf(')', pos);
            if (close < 0) throw new IllegalArgumentException("cycle notation \"" + s + "\": '(' at position " + pos + " is not closed");
            String body = s.substring(pos + 1, close).strip();
            if (body.contains("(")) throw new IllegalArgumentException("cycle notation \"" + s + "\": nested '(' at position " + pos);
            if (!body.isEmpty()) {
                String[] parts = body.split("\\s*,\\s*|\\s+");
                int[] pts = new int[parts.length];
                for (int k = 0; k < parts.length; ++k) {
                    pts[k] = parseInt(parts[k], s);
                    if (pts[k] < 0 || pts[k] >= n)
                        throw new IllegalArgumentException("cycle notation \"" + s + "\": point " + pts[k] + " is out of range [0, " + n + ")");
                    if (moved[pts[k]])
                        throw new IllegalArgumentException("cycle notation \"" + s + "\": point " + pts[k] + " appears more than once");
                    moved[pts[k]] = true;
                }
                for (int k = 0; k < pts.length; ++k) g[pts[k]] = pts[(k + 1) % pts.length];
            }
            pos = close + 1;
        }
        return new Permutation(g, false);
    }

    private static int parseInt(String tok, String whole) {
        try {
            return Integer.parseInt(tok.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot parse permutation \"" + whole + "\": \"" + tok + "\" is not an integer");
        }
    }

    private static void checkPoint(int p, int n, String what) {
        if (p < 0 || p >= n) throw new IllegalArgumentException(what + ": point " + p + " is out of range [0, " + n + ")");
    }

    /** Throws naming the first problem: an image out of range or two points with the same image. */
    static void validate(int[] g) {
        int n = g.length;
        int[] pre = new int[n];
        Arrays.fill(pre, -1);
        for (int i = 0; i < n; ++i) {
            int v = g[i];
            if (v < 0 || v >= n)
                throw new IllegalArgumentException("not a permutation of 0.." + (n - 1) + ": point " + i + " maps to " + v + ", outside [0, " + n + ")");
            if (pre[v] >= 0)
                throw new IllegalArgumentException("not a permutation of 0.." + (n - 1) + ": duplicate image " + v + " (points " + pre[v] + " and " + i + ")");
            pre[v] = i;
        }
    }

    /** Number of points n. */
    public int size() {
        return images.length;
    }

    /** The image of point {@code i}. */
    public int apply(int i) {
        return images[i];
    }

    /** A copy of the array form. */
    public int[] toArray() {
        return images.clone();
    }

    /** {@code this ∘ h}: first {@code h}, then this. Both must act on the same number of points. */
    public Permutation compose(Permutation h) {
        if (h.size() != size()) throw new IllegalArgumentException("cannot compose permutations of " + size() + " and " + h.size() + " points");
        int[] r = new int[size()];
        for (int i = 0; i < r.length; ++i) r[i] = images[h.images[i]];
        return new Permutation(r, false);
    }

    /** The inverse permutation. */
    public Permutation inverse() {
        int[] r = new int[size()];
        for (int i = 0; i < r.length; ++i) r[images[i]] = i;
        return new Permutation(r, false);
    }

    /** true when every point is fixed. */
    public boolean isIdentity() {
        for (int i = 0; i < images.length; ++i) if (images[i] != i) return false;
        return true;
    }

    /** The cycles of length at least 2, each starting at its smallest point, in increasing order of that point. */
    public List<int[]> cycles() {
        List<int[]> out = new ArrayList<>();
        boolean[] seen = new boolean[size()];
        for (int i = 0; i < size(); ++i) {
            if (seen[i]) continue;
            List<Integer> c = new ArrayList<>();
            for (int j = i; !seen[j]; j = images[j]) { seen[j] = true; c.add(j); }
            if (c.size() > 1) out.add(c.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** The sign (-1)^(n - number of cycles including fixed points) = (-1)^(number of inversions): +1 even, -1 odd. */
    public int sign() {
        int parity = 0;
        for (int[] c : cycles()) parity += c.length - 1;
        return (parity & 1) == 0 ? 1 : -1;
    }

    /** Cycle notation, e.g. {@code "(0 1 2)(3 4)"}; {@code "()"} for the identity. */
    public String toCycleString() {
        StringBuilder b = new StringBuilder();
        for (int[] c : cycles()) {
            b.append('(');
            for (int k = 0; k < c.length; ++k) b.append(k == 0 ? "" : " ").append(c[k]);
            b.append(')');
        }
        return b.length() == 0 ? "()" : b.toString();
    }

    /** Array notation, e.g. {@code "[1, 2, 0, 3]"}. */
    @Override
    public String toString() {
        return Arrays.toString(images);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permutation p && Arrays.equals(images, p.images);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(images);
    }

    /** The array form without a copy, for this package's loops. */
    int[] raw() {
        return images;
    }
}
