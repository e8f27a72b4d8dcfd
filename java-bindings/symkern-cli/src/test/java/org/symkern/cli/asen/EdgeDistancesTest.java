package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.symkern.asen.task.Tasks;
import org.symkern.group.PairOrbits;
import org.symkern.asen.Asen;
import org.symkern.tensor.Device;
import org.symkern.tensor.Orbits;
import org.symkern.tensor.Scope;

/** Pairwise distances of edge embeddings, their per-edge expansion, and the tie ratio of the symmetry-discovery experiment. */
class EdgeDistancesTest {
    @Test
    void categoryDistancesAreEuclideanWithAZeroDiagonalAndSymmetric() {
        double[][] d = EdgeDistances.categories(new float[] {0, 0, 3, 4, 0, 1}, 3, 2);
        assertEquals(3, d.length);
        assertArrayEquals(new double[] {0, 5, 1}, d[0], 1e-12);
        assertArrayEquals(new double[] {5, 0, Math.sqrt(18)}, d[1], 1e-12);
        assertArrayEquals(new double[] {1, Math.sqrt(18), 0}, d[2], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> EdgeDistances.categories(new float[5], 3, 2));
    }

    @Test
    void theMatrixOfAModelsEdgeTableIsKByK() {
        RegroupedTask t = CandidateGroups.encode(Tasks.equivariant("intersect"), "halves");
        try (Scope s = Scope.open(); Asen model = new Asen(t, Asen.Config.reference().withHidden(16).withLayers(1), Device.CPU, 3)) {
            double[][] d = EdgeDistances.categories(model.edgeTable(0));
            int k = model.orbits(0).count();
            assertEquals(6, k);
            assertEquals(k, d.length);
            for (int a = 0; a < k; ++a) {
                assertEquals(k, d[a].length);
                assertEquals(0.0, d[a][a]);
                for (int b = 0; b < k; ++b) {
                    assertEquals(d[a][b], d[b][a]);
                    if (a != b) assertTrue(d[a][b] > 0, "distinct random rows are apart");
                }
            }
            double[][] p = EdgeDistances.pairs(d, model.orbits(0));
            assertEquals(100, p.length);
            PairOrbits o = model.orbits(0);
            assertEquals(d[o.category(0, 1)][o.category(7, 5)], p[0 * 10 + 1][7 * 10 + 5]);
            assertEquals(0.0, p[0 * 10 + 1][2 * 10 + 4], "pairs of one category have one embedding");
        }
    }

    @Test
    void tieRatioIsZeroWhenTheTrueGroupsTiesAreLearnedAndNearOneAtRandom() {
        PairOrbits halves = Orbits.pairOrbits(CandidateGroups.of("halves", 10)), wreath = Orbits.pairOrbits(CandidateGroups.of("wreath", 10));
        int k = halves.count(), d = 8;
        float[] tied = new float[k * d];
        for (int a = 0; a < k; ++a) {
            int i = -1, j = -1;
            for (int p = 0; p < 100 && i < 0; ++p) if (halves.categories()[p] == a) {
                i = p / 10;
                j = p % 10;
            }
            int truth = wreath.category(i, j);           // the row depends only on the true category
            for (int c = 0; c < d; ++c) tied[a * d + c] = truth * 10 + c;
        }
        assertEquals(0.0, EdgeDistances.tieRatio(EdgeDistances.categories(tied, k, d), halves, wreath, true), 1e-12);
        SplittableRandom r = new SplittableRandom(1);
        double sum = 0;
        for (int rep = 0; rep < 50; ++rep) {
            float[] random = new float[k * d];
            for (int q = 0; q < random.length; ++q) random[q] = (float) r.nextGaussian();
            sum += EdgeDistances.tieRatio(EdgeDistances.categories(random, k, d), halves, wreath, true);
        }
        assertEquals(1.0, sum / 50, 0.1);
        PairOrbits cyclic = Orbits.pairOrbits(CandidateGroups.of("cyclic", 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EdgeDistances.tieRatio(new double[10][10], cyclic, wreath, true));
        assertTrue(e.getMessage().contains("not a subgroup"), e.getMessage());
    }
}
