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
 * printing the validation curve and the test MSE at the selected checkpoint. Arguments: width layers steps lr
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
        }
    }
}
