package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.cli.report.Json;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/** Parts of the suite run apart (e.g. the invariant regression) merge into one report that names each part's command. */
class AsenMergeTest {
    @TempDir Path dir;

    private AsenSuite.Result part(AsenPreset p, String name, String... only) {
        try (Scope s = Scope.open()) {
            return AsenSuite.run(p, List.of(only), Device.CPU, dir.resolve(name), "asen --preset micro --out " + name + " --only " + String.join(",", only),
                    null, null);
        }
    }

    @Test
    void theMergedReportHoldsEveryPartsSectionsWithTheCommandOfItsOwnRun() throws Exception {
        AsenSuite.Result a = part(AsenPreset.micro(), "a", "sweep", "discovery");
        AsenSuite.Result b = part(AsenPreset.micro(), "b", "invariant");
        AsenSuite.Result m = AsenMerge.merge(List.of(dir.resolve("a/asen.json"), dir.resolve("b/asen.json"), dir.resolve("a/asen.json")),
                dir.resolve("m"), "asen --merge a,b,a");
        assertEquals(List.of("sweep", "discovery", "invariant"), m.experiments());
        assertEquals(a.runs().size() + b.runs().size(), m.runs().size(), "runs of a part given twice are kept once");
        assertEquals(2, m.parts().size(), "the first copy of part a contributes nothing (the third replaces it)");
        assertEquals(a.wallSeconds() + b.wallSeconds(), m.wallSeconds(), 1e-9);
        assertEquals(a.sweep().cells().get(0).summary().testAccuracy().mean(), m.sweep().cells().get(0).summary().testAccuracy().mean(), 0);
        assertEquals(b.invariant().cells().get(0).testL1().mean(), m.invariant().cells().get(0).testL1().mean(), 0);
        String md = Files.readString(dir.resolve("m/asen.md"));
        for (String s : List.of("Merged by `asen --merge a,b,a`", "## 1. Equivariant", "## 4. Symmetry discovery", "## 7. Invariant regression",
                "Command: `asen --preset micro --out a --only sweep`", "Command: `asen --preset micro --out a --only discovery`",
                "Command: `asen --preset micro --out b --only invariant`", "`asen_invariant_l1.png`"))
            assertTrue(md.contains(s), "merged asen.md lacks '" + s + "'");
        assertFalse(md.contains("## 2. Multitask"), "no part ran the multitask experiment");
        assertTrue(Files.size(dir.resolve("m/asen_sweep_curves_intersect.png")) > 1000, "charts are drawn from the merged runs");
        var json = Json.read(dir.resolve("m/asen.json")).getAsJsonObject();
        assertEquals(m.runs().size(), json.getAsJsonArray("runs").size());
        assertEquals(2, json.getAsJsonArray("parts").size());
    }

    @Test
    void partsWithOtherSharedSettingsAreRejectedNamingTheFileAndSetting() {
        part(AsenPreset.micro(), "a", "sweep");
        part(AsenPreset.micro().withSeeds(2), "b", "invariant");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AsenMerge.merge(List.of(dir.resolve("a/asen.json"), dir.resolve("b/asen.json")), dir.resolve("m"), "merge"));
        assertTrue(e.getMessage().contains("a/asen.json") && e.getMessage().contains("seeds"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("m/asen.md")), "nothing is written when the parts disagree");
    }

    @Test
    void aFileThatIsNotAnAsenResultIsNamed() throws Exception {
        Path bad = dir.resolve("other.json");
        Files.writeString(bad, "{\"preset\": \"micro\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AsenMerge.merge(List.of(bad), dir.resolve("m"), "merge"));
        assertTrue(e.getMessage().contains("other.json") && e.getMessage().contains("not an asen.json"), e.getMessage());
    }

    @Test
    void theCommandOfOneExperimentReplacesTheOnlyListOfTheRun() {
        assertEquals("x --preset full --out d --only invariant", AsenSuite.commandFor("x --preset full --only sweep,sign --out d", "invariant", 2));
        assertEquals("x --preset full --out d --only sweep", AsenSuite.commandFor("x --preset full --out d", "sweep", 7));
        assertEquals("x --only sign", AsenSuite.commandFor("x --only sign", "sign", 1));
    }
}
