package org.symkern.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symkern.models.Mlp;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;
import org.symkern.train.GridExecutor;

/**
 * A grid of small seeded trainings (MLP with dropout, Adam) on Spark local[2] gives, in cell order, exactly the
 * results of the sequential executor, also when a task's first attempt fails and Spark retries it.
 */
class SparkGridExecutorTest {
    static SparkSession spark;
    static SparkGridExecutor grid;

    /** One cell: a seed. */
    record Cell(long seed) implements Serializable {}

    /** What a cell's training produced: its seed, every step's loss and the final weights. */
    record Trained(long seed, float[] losses, float[] weights) implements Serializable {}

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,3]").appName("symkern-grid-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        grid = new SparkGridExecutor(spark, 1);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** Six Adam steps of an MLP (8 -> 16 -> 3, dropout 0.2) on 32 seeded random examples: everything follows from the seed. */
    static Trained train(Cell c) {
        SplittableRandom r = new SplittableRandom(c.seed());
        float[] x = new float[32 * 8];
        int[] y = new int[32];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(3);
        float[] losses = new float[6];
        List<Float> w = new ArrayList<>();
        try (Mlp m = new Mlp(8, new int[] {16}, 3, 0.2f, Device.CPU, c.seed()); Adam opt = new Adam(m.parameters(), 0.01f)) {
            m.train(true);
            for (int s = 0; s < losses.length; s++) {
                try (Scope scope = Scope.open()) {
                    Tensor loss = m.forward(Tensor.of(x, 32, 8)).crossEntropy(Tensor.ofInts(y, 32));
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                    losses[s] = loss.item();
                }
            }
            for (Tensor p : m.parameters()) for (float v : p.toFloatArray()) w.add(v);
        }
        float[] weights = new float[w.size()];
        for (int i = 0; i < weights.length; i++) weights[i] = w.get(i);
        return new Trained(c.seed(), losses, weights);
    }

    static List<Cell> cells(long... seeds) {
        List<Cell> out = new ArrayList<>();
        for (long s : seeds) out.add(new Cell(s));
        return out;
    }

    static void assertSame(List<Trained> want, List<Trained> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).seed(), got.get(i).seed(), "cell " + i + " out of order");
            assertArrayEquals(want.get(i).losses(), got.get(i).losses(), 0f, "losses of cell " + i);
            assertArrayEquals(want.get(i).weights(), got.get(i).weights(), 0f, "weights of cell " + i);
        }
    }

    @Test
    void sparkResultsEqualTheSequentialOnesInCellOrder() {
        List<Cell> cells = cells(5, 1, 4, 2, 3);
        List<Trained> want = GridExecutor.SEQUENTIAL.map(cells, SparkGridExecutorTest::train);
        assertTrue(want.get(0).losses()[0] != want.get(1).losses()[0], "different seeds train differently");
        assertSame(want, grid.map(cells, SparkGridExecutorTest::train));
        assertTrue(grid.describe().contains("local[2,3]"), grid.describe());
    }

    @Test
    void aRetriedTaskRerunsItsCellFromItsSeedAndCountsOnce() {
        List<Cell> cells = cells(11, 12, 13);
        List<Trained> want = GridExecutor.SEQUENTIAL.map(cells, SparkGridExecutorTest::train);
        List<Trained> got = grid.map(cells, c -> {
            Trained t = train(c);                               // fails after training, as a lost executor would
            TaskContext tc = TaskContext.get();
            if (tc.partitionId() == 1 && tc.attemptNumber() == 0) throw new IllegalStateException("injected failure of the first attempt");
            return t;
        });
        assertSame(want, got);
    }

    @Test
    void aCellFailingEveryAttemptFailsTheMapWithItsCause() {
        Exception e = assertThrows(Exception.class, () -> grid.map(cells(1, 2), c -> {
            if (c.seed() == 2) throw new IllegalArgumentException("cell 2 is bad");
            return train(c);
        }));
        assertTrue(String.valueOf(e.getMessage()).contains("cell 2 is bad"), e.getMessage());
    }

    @Test
    void anEmptyGridRunsNothing() {
        assertEquals(List.of(), grid.map(List.<Cell>of(), SparkGridExecutorTest::train));
    }
}
