package org.symkern.train;

/**
 * The learning rate of each epoch as a function of the 1-based epoch e and the base rate lr0. {@link #describe()}
 * names the schedule and all its parameters; checkpoints compare it to decide whether a run may be resumed.
 * <pre>
 *   constant:                     lr(e) = lr0
 *   step(every, gamma):           lr(e) = lr0 * gamma^floor((e - 1) / every)
 *   cosine(E, W, f):  e &lt;= W:     lr(e) = lr0 * e / (W + 1)                          (linear warm-up)
 *                     W &lt; e &lt;= E: lr(e) = lr0 * (f + (1 - f) (1 + cos(pi t)) / 2),  t = (e - W - 1) / max(1, E - W - 1)
 *                     e &gt; E:      lr(e) = lr0 * f
 * </pre>
 * so the cosine schedule reaches lr0 at the first epoch after the warm-up and f lr0 at its last epoch E (when
 * E = W + 1 that single epoch after the warm-up uses lr0).
 */
public interface LrSchedule {
    /** The learning rate of `epoch` (1-based) for base rate `baseLr`. */
    double lr(int epoch, double baseLr);

    /** The schedule and its parameters, e.g. "cosine(epochs=30, warmup=2, min=0.01)". */
    String describe();

    /** lr0 at every epoch. */
    static LrSchedule constant() {
        return new Constant();
    }

    /** lr0 multiplied by gamma every `every` epochs (every >= 1, gamma > 0 and finite). */
    static LrSchedule step(int every, double gamma) {
        return new Step(every, gamma);
    }

    /** Linear warm-up over `warmupEpochs` epochs, then cosine decay to minFactor lr0 at epoch `epochs`. */
    static LrSchedule cosine(int epochs, int warmupEpochs, double minFactor) {
        return new Cosine(epochs, warmupEpochs, minFactor);
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 1) throw new IllegalArgumentException("LrSchedule: epoch " + epoch + " is not 1-based");
    }

    /** See {@link LrSchedule#constant()}. */
    record Constant() implements LrSchedule {
        @Override
        public double lr(int epoch, double baseLr) {
            checkEpoch(epoch);
            return baseLr;
        }

        @Override
        public String describe() {
            return "constant";
        }
    }

    /** See {@link LrSchedule#step(int, double)}. */
    record Step(int every, double gamma) implements LrSchedule {
        /** Checks every &gt;= 1 and a finite gamma &gt; 0. */
        public Step {
            if (every < 1) throw new IllegalArgumentException("LrSchedule.step: every = " + every + " must be >= 1");
            if (!(gamma > 0 && Double.isFinite(gamma)))
                throw new IllegalArgumentException("LrSchedule.step: gamma = " + gamma + " must be finite and > 0");
        }

        @Override
        public double lr(int epoch, double baseLr) {
            checkEpoch(epoch);
            return baseLr * Math.pow(gamma, (epoch - 1) / every);
        }

        @Override
        public String describe() {
            return "step(every=" + every + ", gamma=" + gamma + ")";
        }
    }

    /** See {@link LrSchedule#cosine(int, int, double)}. */
    record Cosine(int epochs, int warmupEpochs, double minFactor) implements LrSchedule {
        /** Checks epochs, warm-up and the minimum factor. */
        public Cosine {
            if (epochs < 1) throw new IllegalArgumentException("LrSchedule.cosine: epochs = " + epochs + " must be >= 1");
            if (warmupEpochs < 0 || warmupEpochs >= epochs)
                throw new IllegalArgumentException("LrSchedule.cosine: warmupEpochs = " + warmupEpochs + " must be in [0, epochs = "
                        + epochs + ")");
            if (!(minFactor >= 0 && minFactor <= 1))
                throw new IllegalArgumentException("LrSchedule.cosine: minFactor = " + minFactor + " must be in [0, 1]");
        }

        @Override
        public double lr(int epoch, double baseLr) {
            checkEpoch(epoch);
            if (epoch <= warmupEpochs) return baseLr * epoch / (warmupEpochs + 1);
            if (epoch > epochs) return baseLr * minFactor;
            double t = (epoch - warmupEpochs - 1) / (double) Math.max(1, epochs - warmupEpochs - 1);
            return baseLr * (minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * t)));
        }

        @Override
        public String describe() {
            return "cosine(epochs=" + epochs + ", warmup=" + warmupEpochs + ", min=" + minFactor + ")";
        }
    }
}
