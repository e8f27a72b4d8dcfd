package org.symkern.cli.pointcloud;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.cli.ExperimentCommand;

/** `experiment pointcloud` writes the report, its JSON and charts; a bad preset is a usage error naming it. */
class PointcloudCommandTest {
    @Test
    void microPresetWritesReportJsonAndCharts(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = ExperimentCommand.run(new PrintWriter(out), new PrintWriter(err), "pointcloud", "--preset", "micro", "--out", dir.toString(), "--quiet");
        assertEquals(0, rc, err.toString());
        String md = Files.readString(dir.resolve("pointcloud.md"));
        for (String s : new String[] {"Table 2", "0.0071", "Data efficiency", "Symmetry breaking", "Shape classification", "Costs", "seed's conclusion",
            "EGNN, external frame (up vector)", "EGNN, internal breaking, weight 1.0", "invariant EGNN"})
            assertTrue(md.contains(s), "report lacks " + s);
        /* the costs table gives every shape classifier a training-step time and an inference time per cloud */
        List<String> shapeRows = md.lines().filter(l -> l.startsWith("| shapes |")).toList();
        for (String l : shapeRows) {
            String[] cells = l.split("\\|");
            for (int i = cells.length - 2; i < cells.length; i++)
                assertTrue(Double.parseDouble(cells[i].strip().split(" ")[0]) > 0, "cost cell " + i + " of " + l);
        }
        assertEquals(9, shapeRows.size(), "shape models of the micro preset in the costs table (3 DeepSets + 2 internal weights, 2 EGNN + 2 internal weights)");
        assertTrue(Files.size(dir.resolve("pointcloud.json")) > 100);
        for (String png : new String[] {"pointcloud-efficiency-nbody.png", "pointcloud-efficiency-field-random.png", "pointcloud-breaking-sweep.png",
            "pointcloud-shapes-sweep.png", "pointcloud-trajectory-nbody-0.png"})
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
    }

    @Test
    void unknownPresetIsRejected() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = ExperimentCommand.run(new PrintWriter(out), new PrintWriter(err), "pointcloud", "--preset", "huge");
        assertEquals(2, rc);
        assertEquals("symkern experiment pointcloud: unknown preset 'huge' (expected quick or full)", err.toString().strip());
    }
}
