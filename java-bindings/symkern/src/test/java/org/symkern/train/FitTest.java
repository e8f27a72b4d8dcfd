package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.data.DataFormatException;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

class FitTest {
    static final int N = 300;
    static final int[] TRAIN = Blobs.range(0, 180), VAL = Blobs.range(180, 240), TEST = Blobs.range(240, 300);
    /** 12 steps of 16 (the last one of 4) per epoch of 180 examples. */
    static final int STEPS = 12;
    static final FitConfig BASE = new FitConfig(4, 16, 0.05f, 0.01f, LrSchedule.step(1, 0.7), 10, 42L, null, null);

    @TempDir
    Path dir;

    static void assertSameHistory(List<EpochRecord> want, List<EpochRecord> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            EpochRecord a = want.get(i), b = got.get(i);
            assertEquals(a.epoch(), b.epoch());
            assertEquals(a.trainLoss(), b.trainLoss(), 0, "train loss of epoch " + a.epoch());
            assertEquals(a.valLoss(), b.valLoss(), 0, "val loss of epoch " + a.epoch());
            assertEquals(a.valAccuracy(), b.valAccuracy(), 0);
            assertEquals(a.valMacroF1(), b.valMacroF1(), 0);
            assertEquals(a.lr(), b.lr(), 0);
        }
    }

    static void assertSameState(Map<String, Checkpoint.Entry> want, Map<String, Checkpoint.Entry> got) {
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) assertTrue(want.get(k).sameAs(got.get(k)), "tensor " + k + " differs");
    }

    @Test
    void lossFallsAndValidationAccuracyExceedsNinetyPercent() {
        try (Scope s = Scope.open(); Blobs b = new Blobs(N, 1, 5)) {
            ByteArrayOutputStream bars = new ByteArrayOutputStream();
            FitResult r = Fit.run(b, TRAIN, VAL, TEST, FitConfig.of(8, 16, 0.05f).withProgress(new PrintStream(bars, true, StandardCharsets.UTF_8)));
            assertEquals(8, r.history().size());
            assertTrue(r.history().get(7).trainLoss() < 0.5 * r.history().get(0).trainLoss(), "loss falls: " + r.history());
            assertTrue(r.bestValAccuracy() > 0.9, "best val accuracy " + r.bestValAccuracy());
            assertEquals(r.best().valAccuracy(), r.bestValAccuracy(), 0);
            assertTrue(r.test().accuracy() > 0.9, "test accuracy " + r.test().accuracy());
            assertEquals(TEST.length, r.test().total());
            assertEquals(2 * 16 + 16 + 2 * 16 + 16 * 3 + 3, r.parameters());
            assertTrue(r.trainSecondsPerEpoch() > 0 && r.inferenceMsPerBatch() > 0);
            assertTrue(r.peakNativeBytes() > 0, "peak " + r.peakNativeBytes());
            assertFalse(r.resumed() || r.stoppedEarly());
            for (EpochRecord e : r.history()) assertEquals(0.05, e.lr(), 1e-7);
            String out = bars.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("epoch 8/8") && out.contains("acc "), out);
        }
    }

    @Test
    void evaluationRestoresTheTrainFlagAndItsLossIsTheMeanCrossEntropy() {
        try (Scope s = Scope.open(); Blobs b = new Blobs(N, 1, 5)) {
            b.model.train(true);
            Fit.Evaluation e = Fit.evaluation(b, TEST, 7);
            assertTrue(b.model.isTraining());
            assertEquals(9, e.batches());
            b.model.train(false);
            Fit.evaluation(b, TEST, 7);
            assertFalse(b.model.isTraining());
            int[] labels = Arrays.stream(TEST).map(b::label).toArray();
            float ce = b.logits(TEST, 0, TEST.length).crossEntropy(Tensor.ofInts(labels, TEST.length)).item();
            assertEquals(ce, e.meanLoss(), 1e-5);
            assertEquals(TEST.length, Fit.evaluate(b, TEST, 64).total());
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsAndRestoresTheBestEpochsWeights() {
        try (Scope s = Scope.open()) {
            int patience = 3;
            FitResult r;
            Map<String, Checkpoint.Entry> restored;
            try (Blobs b = new Blobs(N, 1, 5)) {
                java.util.SplittableRandom coin = new java.util.SplittableRandom(3);
                for (int i : VAL) b.y[i] = coin.nextInt(Blobs.CLASSES);      // validation labels that cannot be learned
                r = Fit.run(b, TRAIN, VAL, VAL, FitConfig.of(30, 16, 0.05f).withPatience(patience));
                restored = Checkpoint.snapshot(b.model);
                assertEquals(r.bestValAccuracy(), Fit.evaluate(b, VAL, 16).accuracy(), 0);
            }
            assertTrue(r.stoppedEarly());
            assertEquals(r.bestEpoch() + patience, r.history().size());
            for (EpochRecord e : r.history()) assertTrue(e.valAccuracy() <= r.bestValAccuracy(), "the best epoch has the highest accuracy");
            for (EpochRecord e : r.history().subList(0, r.bestEpoch() - 1)) assertTrue(e.valAccuracy() < r.bestValAccuracy(), "ties keep the first");
            assertEquals(r.bestValAccuracy(), r.test().accuracy(), 0, "test == val is evaluated with the best weights");
            // validation does not touch the training state, so the best weights are those of a run that ends at the best epoch
            try (Blobs b = new Blobs(N, 1, 5)) {
                Fit.run(b, TRAIN, new int[0], new int[0], FitConfig.of(r.bestEpoch(), 16, 0.05f));
                assertSameState(Checkpoint.snapshot(b.model), restored);
            }
        }
    }

    @Test
    void withoutValidationTheLastEpochIsBestAndNothingStopsEarly() {
        try (Scope s = Scope.open(); Blobs b = new Blobs(N, 1, 5)) {
            FitResult r = Fit.run(b, TRAIN, new int[0], TEST, FitConfig.of(3, 32, 0.05f).withPatience(1));
            assertEquals(3, r.bestEpoch());
            assertEquals(3, r.history().size());
            assertTrue(Double.isNaN(r.bestValAccuracy()) && Double.isNaN(r.history().get(0).valLoss()));
            assertFalse(r.stoppedEarly());
            assertTrue(r.inferenceMsPerBatch() > 0);
            assertEquals(r.test().accuracy(), Fit.evaluate(b, TEST, 5).accuracy(), 0);
        }
    }

    @Test
    void resumingAfterTwoEpochsEqualsAnUninterruptedRun() {
        Path ck = dir.resolve("run.safetensors");
        try (Scope s = Scope.open()) {
            FitResult straight;
            Map<String, Checkpoint.Entry> straightState;
            try (Blobs b = new Blobs(N, 1, 5)) {
                straight = Fit.run(b, TRAIN, VAL, TEST, BASE);
                straightState = Checkpoint.snapshot(b.model);
            }
            try (Blobs b = new Blobs(N, 1, 5)) {
                FitResult first = Fit.run(b, TRAIN, VAL, TEST, BASE.withEpochs(2).withCheckpoint(ck));
                assertFalse(first.resumed());
                assertSameHistory(straight.history().subList(0, 2), first.history());
            }
            Checkpoint.Contents c = Checkpoint.load(ck);
            assertEquals("2", c.meta("epoch"));
            assertTrue(c.tensors().containsKey("model.3.offset") && c.tensors().containsKey("best.1.running_mean")
                    && c.tensors().containsKey("optim.0.weight.v"), c.tensors().keySet().toString());
            FitResult resumed;
            try (Blobs b = new Blobs(N, 1, 5)) {
                resumed = Fit.run(b, TRAIN, VAL, TEST, BASE.withCheckpoint(ck));
                assertSameState(straightState, Checkpoint.snapshot(b.model));
            }
            assertTrue(resumed.resumed());
            assertSameHistory(straight.history(), resumed.history());
            assertEquals(straight.bestEpoch(), resumed.bestEpoch());
            assertEquals(straight.bestValAccuracy(), resumed.bestValAccuracy(), 0);
            assertArrayEquals(straight.test().confusion, resumed.test().confusion);

            // the finished run is only restored and evaluated
            try (Blobs b = new Blobs(N, 1, 5)) {
                FitResult again = Fit.run(b, TRAIN, VAL, TEST, BASE.withCheckpoint(ck));
                assertTrue(again.resumed());
                assertSameHistory(straight.history(), again.history());
                assertSameState(straightState, Checkpoint.snapshot(b.model));
            }
        }
    }

    @Test
    void aRunStoppedByANonFiniteLossNamesEpochAndStepAndResumesFromItsLastCheckpoint() {
        Path ck = dir.resolve("crash.safetensors");
        try (Scope s = Scope.open()) {
            FitResult straight;
            try (Blobs b = new Blobs(N, 1, 5)) {
                straight = Fit.run(b, TRAIN, VAL, TEST, BASE);
            }
            try (Blobs b = new Blobs(N, 1, 5)) {
                b.nanAtCall = 2 * STEPS + 3;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> Fit.run(b, TRAIN, VAL, TEST, BASE.withCheckpoint(ck)));
                assertTrue(e.getMessage().contains("epoch 3 step 3 of 12") && e.getMessage().contains("NaN"), e.getMessage());
            }
            assertEquals("2", Checkpoint.load(ck).meta("epoch"));
            try (Blobs b = new Blobs(N, 1, 5)) {
                FitResult resumed = Fit.run(b, TRAIN, VAL, TEST, BASE.withCheckpoint(ck));
                assertTrue(resumed.resumed());
                assertSameHistory(straight.history(), resumed.history());
                assertArrayEquals(straight.test().confusion, resumed.test().confusion);
            }
        }
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefusedNamingFileAndField() {
        Path ck = dir.resolve("other.safetensors");
        try (Scope s = Scope.open(); Blobs b = new Blobs(N, 1, 5)) {
            Fit.run(b, TRAIN, VAL, TEST, BASE.withEpochs(1).withCheckpoint(ck));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Fit.run(b, TRAIN, VAL, TEST, BASE.withBatch(8).withCheckpoint(ck)));
            assertTrue(e.getMessage().contains(ck.toString()) && e.getMessage().contains("config.batch is '16' in the file but '8'"),
                    e.getMessage());
            e = assertThrows(IllegalStateException.class,
                    () -> Fit.run(b, TRAIN, Blobs.range(180, 230), TEST, BASE.withCheckpoint(ck)));
            assertTrue(e.getMessage().contains("config.val"), e.getMessage());
            e = assertThrows(IllegalStateException.class,
                    () -> Fit.run(b, TRAIN, VAL, TEST, BASE.withSchedule(LrSchedule.cosine(4, 1, 0.1)).withCheckpoint(ck)));
            assertTrue(e.getMessage().contains("config.schedule is 'step(every=1, gamma=0.7)'"), e.getMessage());
        }
    }

    @Test
    void aCheckpointBeyondTheConfiguredEpochsIsRefused() {
        Path ck = dir.resolve("long.safetensors");
        try (Scope s = Scope.open(); Blobs b = new Blobs(N, 1, 5)) {
            Fit.run(b, TRAIN, VAL, TEST, BASE.withEpochs(2).withCheckpoint(ck));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Fit.run(b, TRAIN, VAL, TEST, BASE.withEpochs(1).withCheckpoint(ck)));
            assertTrue(e.getMessage().contains("at epoch 2, beyond this run's 1 epochs"), e.getMessage());
        }
    }

    @Test
    void aCorruptedCheckpointIsAnErrorNamingTheFile() throws Exception {
        Path ck = dir.resolve("broken.safetensors");
        try (Scope s = Scope.open(); Blobs b = new Blobs(N, 1, 5)) {
            Fit.run(b, TRAIN, VAL, TEST, BASE.withEpochs(1).withCheckpoint(ck));
            byte[] bytes = Files.readAllBytes(ck);
            Files.write(ck, Arrays.copyOf(bytes, bytes.length - 5));
            DataFormatException e = assertThrows(DataFormatException.class, () -> Fit.run(b, TRAIN, VAL, TEST, BASE.withCheckpoint(ck)));
            assertTrue(e.getMessage().startsWith(ck.toString()) && e.getMessage().contains("data section"), e.getMessage());
        }
    }
}
