package org.symkern.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.symkern.group.PairOrbits;
import org.symkern.group.Permutation;
import org.symkern.group.PermutationGroup;
import org.symkern.group.PermutationGroups;

/**
 * {@code symkern orbits}: the 2-orbit edge categories of a permutation group (ASEN "Algorithm 1", docs/groups.md,
 * section Permutation groups and 2-orbits): the number K of categories and the n x n matrix c(i, j) (row i = source, column j = target), numbered by the
 * smallest flat index i*n + j of each orbit. The group is given by generators on the command line ({@code -g}, array
 * notation {@code [1,2,0]} or cycle notation {@code (0 1 2)(3 4)}, repeatable), in a file ({@code --file}, one
 * generator per line, {@code #} starts a comment), or by name ({@code --group reversal --n 10}).
 * <pre>
 *   symkern orbits -g "(0 9)(1 8)(2 7)(3 6)(4 5)" --n 10        K = 50
 *   symkern orbits --group dihedral --n 10                       K = 6
 * </pre>
 * A generator that is not a permutation of 0..n-1 is an error (exit code 2) naming the generator and the problem.
 */
@Command(name = "orbits", mixinStandardHelpOptions = true,
        description = "Print the 2-orbit edge categories (K and the c(i, j) matrix) of a permutation group.")
public final class OrbitsCommand implements Callable<Integer> {
    /** The names accepted by --group. */
    static final List<String> GROUPS = List.of("trivial", "reversal", "cyclic", "dihedral", "symmetric", "alternating",
            "intersect", "detectcapital");

    @Spec CommandSpec spec;

    @Option(names = {"-g", "--generator"}, description = "A generator: array [1,2,0] or cycles (0 1 2)(3 4); repeatable.")
    List<String> generators = new ArrayList<>();

    @Option(names = "--file", description = "A file of generators, one per line; '#' starts a comment.")
    Path file;

    @Option(names = "--group", description = "A named group: trivial, reversal, cyclic, dihedral, symmetric, alternating, "
            + "intersect (S_{n/2} wr S_2), detectcapital (S_{n-1} fixing point 0).")
    String group;

    @Option(names = "--n", description = "Number of points (needed for cycle notation and --group; array notation implies it).")
    Integer n;

    @Option(names = "--no-matrix", description = "Print K and the category sizes only.")
    boolean noMatrix;

    /** A problem with the user's input: printed as one line, exit code 2. */
    static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try {
            PermutationGroup g = resolve();
            print(out, g, describeSource());
            out.flush();
            return 0;
        } catch (InputException e) {
            err.println("symkern orbits: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private String describeSource() {
        if (group != null) return "group " + group.toLowerCase(Locale.ROOT);
        int m = generators.size();
        return (m > 0 ? m + " generator" + (m == 1 ? "" : "s") + " from -g" : "") + (m > 0 && file != null ? " and " : "")
                + (file != null ? "generators from " + file : "");
    }

    /** The group named by the options; {@link InputException} for anything wrong. */
    PermutationGroup resolve() {
        if (group != null) {
            if (!generators.isEmpty() || file != null) throw new InputException("--group cannot be combined with -g or --file");
            if (n == null) throw new InputException("--group " + group + " needs --n");
            return named(group, n);
        }
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        for (int k = 0; k < generators.size(); ++k) {
            texts.add(generators.get(k));
            labels.add("generator " + (k + 1) + " (-g \"" + generators.get(k).strip() + "\")");
        }
        if (file != null) readFile(texts, labels);
        if (texts.isEmpty()) throw new InputException("no generators: give -g, --file or --group (see --help)");
        int size = n != null ? n : impliedSize(texts, labels);
        if (size < 1) throw new InputException("--n " + size + ": need at least one point");
        if (size > PermutationGroup.MAX_PAIR_DEGREE) throw new InputException("--n " + size + " is too large (at most " + PermutationGroup.MAX_PAIR_DEGREE + ")");
        List<Permutation> perms = new ArrayList<>();
        for (int k = 0; k < texts.size(); ++k) {
            try {
                perms.add(Permutation.parse(texts.get(k), size));
            } catch (IllegalArgumentException e) {
                throw new InputException(labels.get(k) + " is not a permutation of 0.." + (size - 1) + ": " + e.getMessage());
            }
        }
        return new PermutationGroup(size, perms);
    }

    private void readFile(List<String> texts, List<String> labels) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InputException("cannot read --file " + file + ": " + e.getMessage());
        }
        for (int k = 0; k < lines.size(); ++k) {
            String line = lines.get(k);
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty()) continue;
            texts.add(line);
            labels.add("generator \"" + line + "\" (" + file + " line " + (k + 1) + ")");
        }
    }

    /** Without --n: the common length of the array-notation generators (cycle notation alone cannot tell n). */
    private static int impliedSize(List<String> texts, List<String> labels) {
        Integer size = null;
        String from = null;
        for (int k = 0; k < texts.size(); ++k) {
            String t = texts.get(k).strip();
            if (!t.startsWith("[")) continue;
            int len;
            try {
                len = Permutation.parse(t).size();
            } catch (IllegalArgumentException e) {
                throw new InputException(labels.get(k) + " is not a permutation: " + e.getMessage());
            }
            if (size != null && len != size)
                throw new InputException(labels.get(k) + " has " + len + " entries but " + from + " has " + size + "; give --n");
            size = len;
            from = labels.get(k);
        }
        if (size == null) throw new InputException("cycle notation does not fix the number of points: give --n");
        return size;
    }

    /** A named group on n points (the ASEN task groups of {@link PermutationGroups}). */
    static PermutationGroup named(String name, int n) {
        if (n < 1) throw new InputException("--n " + n + ": need at least one point");
        try {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "trivial", "identity" -> PermutationGroups.trivial(n);
                case "reversal" -> PermutationGroups.reversalGroup(n);
                case "cyclic" -> PermutationGroups.cyclic(n);
                case "dihedral" -> PermutationGroups.dihedral(n);
                case "symmetric" -> PermutationGroups.symmetric(n);
                case "alternating" -> PermutationGroups.alternating(n);
                case "intersect", "wreath-halves" -> PermutationGroups.wreathHalves(n);
                case "detectcapital", "fixing-first" -> PermutationGroups.fixingFirst(n);
                default -> throw new InputException("unknown --group '" + name + "' (expected one of " + String.join(", ", GROUPS) + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new InputException("--group " + name + " --n " + n + ": " + e.getMessage());
        }
    }

    /** The report: header with n, generator count and K, category sizes, then the matrix. */
    void print(PrintWriter out, PermutationGroup g, String source) {
        PairOrbits po = g.pairOrbits();
        int n = g.degree(), k = po.count();
        long diagCats = java.util.stream.IntStream.range(0, n).map(i -> po.category(i, i)).distinct().count();
        int m = g.generators().size();
        out.printf("n = %d, %d generator%s (%s)%n", n, m, m == 1 ? "" : "s", source);
        out.printf("K = %d edge categories (2-orbits on ordered pairs), %d on the diagonal, %d off it%n", k, diagCats, k - diagCats);
        int[] sizes = po.sizes();
        StringBuilder sz = new StringBuilder("category sizes:");
        for (int c = 0; c < k; ++c) sz.append(' ').append(c).append(':').append(sizes[c]);
        out.println(sz);
        if (noMatrix) return;
        int width = Math.max(String.valueOf(k - 1).length(), String.valueOf(n - 1).length()) + 1;
        out.println("c(i, j), row i = source, column j = target:");
        StringBuilder h = new StringBuilder(" ".repeat(width + 1));
        for (int j = 0; j < n; ++j) h.append(pad(j, width));
        out.println(h);
        for (int i = 0; i < n; ++i) {
            StringBuilder row = new StringBuilder(pad(i, width)).append(':');
            for (int j = 0; j < n; ++j) row.append(pad(po.category(i, j), width));
            out.println(row);
        }
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** Runs the command in-process (tests, embedding); returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new OrbitsCommand()).setOut(out).setErr(err).execute(args);
    }
}
