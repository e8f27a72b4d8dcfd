package org.symkern.bench;

import java.util.Locale;

import org.symkern.pointcloud.ChargedNBody;
import org.symkern.pointcloud.DynamicsTrainer;
import org.symkern.pointcloud.EgnnDynamics;
import org.symkern.pointcloud.NBodySet;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/**
 * The training-length table of docs/pointcloud.md: one plain EGNN on the charged N-body benchmark (data seed 2021,
 * TRAIN training / 2,000 validation / 2,000 test systems, batch 100, 20 validation checks, best checkpoint kept),
 * printing the validation curve and the test MSE at the selected checkpoint, then, for the test split and four more
 * generated splits of 2,000 systems, the MSE with its standard error over systems, the median system's error and the
 * share of the MSE carried by the worst 1 % of the systems. Arguments: width layers steps lr
 * cosine(true|false) train seed, e.g.
 * {@code OMP_NUM_THREADS=1 java -cp jmh/target/benchmarks.jar org.symkern.bench.EgnnTrainingLength 32 4 4000 0.002 true 3000 1}.
 */
public final class EgnnTrainingLength {
    private EgnnTrainingLength() {}

    public static void main(String[] a) {
        if (a.length != 7) throw new IllegalArgumentException("usage: width layers steps lr cosine train seed");
        int width = Integer.parseInt(a[0]), layers = Integer.parseInt(a[1]), steps = Integer.parseInt(a[2]), train = Integer.parseInt(a[5]);
        float lr = Float.parseFloat(a[3]);
        boolean cosine = Boolean.parseBoolean(a[4]);
        long seed = Long.parseLong(a[6]);
        ChargedNBody sim = new ChargedNBody(ChargedNBody.Config.benchmark());
        NBodySet tr = sim.generate(2021, 0, train), va = sim.generate(2021, 1, 2000), te = sim.generate(2021, 2, 2000);
        try (Scope s = Scope.open(); EgnnDynamics m = new EgnnDynamics(new EgnnDynamics.Options(width, layers, false, false, 0), Device.CPU, seed)) {
            long t0 = System.nanoTime();
            DynamicsTrainer.Result r = DynamicsTrainer.fit(m, tr, va, new DynamicsTrainer.Config(steps, 100, lr, 1e-12f, false, 20, seed, cosine),
                    System.out::println);
            System.out.printf(Locale.ROOT, "width %d, %d layers, %d steps, lr %g%s, %d training systems, seed %d: best validation %.5f at step %d, "
                    + "test %.5f (%.1f ms/step, %.0f s)%n", width, layers, steps, lr, cosine ? " cosine" : " constant", train, seed, r.bestValMse(),
                    r.bestStep(), DynamicsTrainer.mse(m, te), r.msPerStep(), (System.nanoTime() - t0) / 1e9);
            /* how much a 2,000-system MSE moves: per-system errors of the selected model on the test split and on four more splits */
            for (int split = 2; split <= 6; split++) {
                NBodySet set = split == 2 ? te : sim.generate(2021, split, 2000);
                double[] e = perSystem(DynamicsTrainer.predict(m, set), set.target(), set.count());
                double mean = java.util.Arrays.stream(e).average().orElse(Double.NaN), sd = 0;
                for (double v : e) sd += (v - mean) * (v - mean) / (e.length - 1);
                double[] sorted = e.clone();
                java.util.Arrays.sort(sorted);
                double top = 0;
                for (int i = sorted.length - sorted.length / 100; i < sorted.length; i++) top += sorted[i];
                System.out.printf(Locale.ROOT, "split %d (2,000 systems): MSE %.5f, standard error %.5f, median system %.5f, worst 1%% of systems "
                        + "carry %.0f%% of the MSE%n", split, mean, Math.sqrt(sd / e.length), sorted[sorted.length / 2], 100 * top / (mean * e.length));
            }
        }
    }

    /** The MSE of each system (its 3 n coordinates). */
    static double[] perSystem(float[] pred, float[] target, int count) {
        double[] e = new double[count];
        int per = pred.length / count;
        for (int s = 0; s < count; s++) {
            double sum = 0;
            for (int k = s * per; k < (s + 1) * per; k++) sum += (pred[k] - target[k]) * (double) (pred[k] - target[k]);
            e[s] = sum / per;
        }
        return e;
    }
}
