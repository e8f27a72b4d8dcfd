package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code symkern orbits}, run in-process: K and the category matrix of docs/groups.md, section Permutation groups and 2-orbits, and the input errors. */
class OrbitsCommandTest {
    /** Exit code, stdout and stderr of one run. */
    record Result(int code, String out, String err) {
        /** The category matrix parsed from the "i: c(i,0) c(i,1) ..." lines. */
        int[][] matrix() {
            List<int[]> rows = new ArrayList<>();
            for (String line : out.split("\n")) {
                String l = line.strip();
                if (!l.matches("\\d+:.*")) continue;
                String[] parts = l.substring(l.indexOf(':') + 1).strip().split("\\s+");
                rows.add(java.util.Arrays.stream(parts).mapToInt(Integer::parseInt).toArray());
            }
            return rows.toArray(new int[0][]);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = OrbitsCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void reversalGroupPrintsFiftyCategoriesAndTheDocumentedMatrix() {
        Result r = run("-g", "(0 9)(1 8)(2 7)(3 6)(4 5)", "--n", "10");
        System.out.print(r.out());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("K = 50 edge categories"), r.out());
        assertTrue(r.out().contains("5 on the diagonal, 45 off it"), r.out());   // (i, i) ~ (9-i, 9-i)
        int[][] c = r.matrix();
        assertEquals(10, c.length);
        for (int i = 0; i < 10; ++i) {
            assertEquals(10, c[i].length);
            for (int j = 0; j < 10; ++j) {
                int want = i <= 4 ? i * 10 + j : (9 - i) * 10 + (9 - j);          // c(i, j) = c(9-i, 9-j)
                assertEquals(want, c[i][j], "c(" + i + ", " + j + ")");
            }
        }
        assertEquals(49, c[5][0]);
        assertEquals(0, c[9][9]);
    }

    @Test
    void namedGroupArrayNotationAndFileGiveTheSameMatrix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gens.txt");
        Files.writeString(file, "# the reversal of 10 points\n\n(0 9)(1 8)(2 7)(3 6)(4 5)   # one generator\n[0,1,2,3,4,5,6,7,8,9]\n");
        int[][] cycles = run("-g", "(0 9)(1 8)(2 7)(3 6)(4 5)", "--n", "10").matrix();
        assertArrayEquals(cycles, run("--group", "reversal", "--n", "10").matrix());
        assertArrayEquals(cycles, run("-g", "[9,8,7,6,5,4,3,2,1,0]").matrix());     // array notation implies n = 10
        Result f = run("--file", file.toString(), "--n", "10");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("2 generators"), f.out());
        assertArrayEquals(cycles, f.matrix());
    }

    @Test
    void reversalPlusRotationIsTheDihedralGroup() {
        Result r = run("-g", "(0 9)(1 8)(2 7)(3 6)(4 5)", "-g", "[1,2,3,4,5,6,7,8,9,0]", "--n", "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("K = 6 "), r.out());
        int[][] c = r.matrix();
        for (int i = 0; i < 10; ++i)
            for (int j = 0; j < 10; ++j) {
                int d = Math.floorMod(j - i, 10);
                assertEquals(Math.min(d, 10 - d), c[i][j]);                               // docs/groups.md, section Permutation groups and 2-orbits
            }
    }

    @Test
    void namedTaskGroupsHaveTheReferenceCounts() {
        String[][] cases = {{"trivial", "10", "100"}, {"dihedral", "10", "6"}, {"intersect", "10", "3"}, {"symmetric", "10", "2"},
                {"detectcapital", "8", "5"}, {"alternating", "8", "2"}, {"reversal", "8", "32"}, {"dihedral", "8", "5"}};
        for (String[] c : cases) {
            Result r = run("--group", c[0], "--n", c[1], "--no-matrix");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("K = " + c[2] + " "), c[0] + ": " + r.out());
            assertEquals(0, r.matrix().length, "--no-matrix prints no rows");
        }
    }

    @Test
    void aNonPermutationIsExitCodeTwoNamingTheGeneratorAndTheProblem() {
        Result dup = run("-g", "(0 1)", "-g", "[0,0,1]");
        assertEquals(2, dup.code());
        assertTrue(dup.err().contains("generator 2") && dup.err().contains("[0,0,1]") && dup.err().contains("duplicate image 0"), dup.err());
        assertEquals("", dup.out());

        Result range = run("-g", "(0 10)", "--n", "10");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("generator 1") && range.err().contains("point 10 is out of range [0, 10)"), range.err());

        Result length = run("-g", "[1,0,2]", "--n", "4");
        assertEquals(2, length.code());
        assertTrue(length.err().contains("has 3 entries, expected 4"), length.err());

        Result syntax = run("-g", "(0 1", "--n", "4");
        assertEquals(2, syntax.code());
        assertTrue(syntax.err().contains("is not closed"), syntax.err());
    }

    @Test
    void fileErrorsNameTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "# header\n(0 1)\n[2,2,0]\n");
        Result r = run("--file", file.toString(), "--n", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 3") && r.err().contains("duplicate image 2"), r.err());
        Result missing = run("--file", dir.resolve("none.txt").toString(), "--n", "3");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read --file"), missing.err());
    }

    @Test
    void missingOrConflictingInputsAreClearErrors() {
        assertTrue(run().err().contains("no generators"));
        assertTrue(run("-g", "(0 1)(2 3)").err().contains("give --n"));
        assertTrue(run("--group", "reversal").err().contains("needs --n"));
        Result unknown = run("--group", "mathieu", "--n", "11");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown --group 'mathieu'"), unknown.err());
        assertTrue(run("--group", "reversal", "--n", "4", "-g", "(0 1)").err().contains("cannot be combined"));
        assertTrue(run("--group", "intersect", "--n", "5").err().contains("even n"));
        assertTrue(run("-g", "[1,0]", "-g", "[0,2,1]").err().contains("give --n"));
        assertEquals(2, run("--n", "ten", "-g", "(0 1)").code());                 // picocli's own usage error
    }

    @Test
    void mainRegistersTheOrbitsSubcommand() {
        assertTrue(new CommandLine(new Main()).getSubcommands().containsKey("orbits"));
    }
}
