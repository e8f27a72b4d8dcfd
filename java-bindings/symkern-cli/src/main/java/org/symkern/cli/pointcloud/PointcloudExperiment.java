package org.symkern.cli.pointcloud;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.pointcloud.ChargedNBody;
import org.symkern.pointcloud.CloudClassifier;
import org.symkern.pointcloud.DynamicsModel;
import org.symkern.pointcloud.DynamicsTrainer;
import org.symkern.pointcloud.EgnnDynamics;
import org.symkern.pointcloud.EgnnShapeClassifier;
import org.symkern.pointcloud.GnnDynamics;
import org.symkern.pointcloud.LinearDynamics;
import org.symkern.pointcloud.NBodySet;
import org.symkern.pointcloud.RadialField;
import org.symkern.pointcloud.ShapeClassifier;
import org.symkern.pointcloud.ShapeClouds;
import org.symkern.pointcloud.ShapeSet;
import org.symkern.pointcloud.ShapeTrainer;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/**
 * The point-cloud experiment: (1) the N-body table (Linear, EGNN, GNN, GNN + rotation augmentation, Radial Field at
 * the full training size, several seeds); (2) data efficiency (test MSE against training size) of EGNN and GNN + aug
 * on the symmetric task and the two field tasks; (3) symmetry breaking on the field tasks (plain, external, internal
 * with a sweep of its weight, GNN + augmentation), in distribution and with every test system rotated as a whole (field included); (4) the shape task
 * with DeepSets on invariant, framed (external), absolute (internal) and raw point features and with EGNN (plain,
 * external up vector, internal breaking), tested on clouds turned about the up axis and turned as a whole about any axis. Every run trains with selection on validation; times per
 * training step and per inference are measured in the runs.
 */
public final class PointcloudExperiment {
    /** The N-body tasks. */
    public static final List<String> TASKS = List.of("nbody", "field-fixed", "field-random");

    /** The models of the data-efficiency curves (every task). */
    public static final List<String> EFFICIENCY_MODELS = List.of("egnn", "gnn-aug");

    /** One trained N-body model. */
    public record DynamicsRun(String task, String model, int size, long seed, double valMse, double testMse, double rotatedTestMse,
                              long bestStep, long steps, double msPerStep, double inferenceUsPerSystem, double[] curveSteps, double[] valCurve,
                              double lastTrainMse) {}

    /** One trained shape classifier. */
    public record ShapeRun(String model, long seed, double valAccuracy, double testUpAccuracy, double testAnyAccuracy, double pairAccuracyUp,
                           double pairAccuracyAny, double msPerStep, double inferenceUsPerCloud) {}

    /** A few test systems: true path (frames x n x 3), and the predictions of named models (n x 3). */
    public record Trajectories(String task, int[] systems, float[][] paths, Map<String, float[][]> predictions) {}

    public record Results(PointcloudPreset preset, String command, String device, double wallSeconds, Map<String, Double> linearCoefficients,
                          List<DynamicsRun> runs, List<ShapeRun> shapes, List<Trajectories> trajectories, Map<String, Double> generationSeconds) {}

    private final PointcloudPreset p;
    private final Device device;
    private final PrintWriter log;
    private final List<DynamicsRun> runs = new ArrayList<>();
    private final List<ShapeRun> shapeRuns = new ArrayList<>();
    private final List<Trajectories> trajectories = new ArrayList<>();
    private final Map<String, Double> linear = new LinkedHashMap<>(), genSeconds = new LinkedHashMap<>();
    private final long started = System.nanoTime();

    public PointcloudExperiment(PointcloudPreset p, Device device, PrintWriter log) {
        this.p = p;
        this.device = device;
        this.log = log;
    }

    record Data(NBodySet train, NBodySet val, NBodySet test, NBodySet rotatedTest) {}

    Data data(String task) {
        long t0 = System.nanoTime();
        ChargedNBody.Config c = ChargedNBody.Config.benchmark();
        c = switch (task) {
            case "nbody" -> c;
            case "field-fixed" -> c.withField(ChargedNBody.Field.FIXED, p.field());
            case "field-random" -> c.withField(ChargedNBody.Field.RANDOM, p.field());
            default -> throw new IllegalArgumentException("unknown task " + task);
        };
        ChargedNBody sim = new ChargedNBody(c);
        NBodySet test = sim.generate(p.dataSeed(), 2, p.test());
        Data d = new Data(sim.generate(p.dataSeed(), 0, p.generatedTrain()), sim.generate(p.dataSeed(), 1, p.val()), test, test.randomlyRotated(p.dataSeed() + 77));
        genSeconds.put(task, (System.nanoTime() - t0) / 1e9);
        say("%s: generated %d/%d/%d systems in %.1f s", task, p.generatedTrain(), p.val(), p.test(), genSeconds.get(task));
        return d;
    }

    DynamicsModel model(String name, String task, long seed) {
        boolean field = !task.equals("nbody");
        EgnnDynamics.Options o = new EgnnDynamics.Options(p.hidden(), p.layers(), field, false, 0);
        if (name.equals("egnn") || name.equals("egnn-extended")) return new EgnnDynamics(o, device, seed);
        if (name.equals("egnn-external")) return new EgnnDynamics(o.withExternal(true), device, seed);
        if (name.startsWith("egnn-internal-")) return new EgnnDynamics(o.withInternal(Double.parseDouble(name.substring(14))), device, seed);
        if (name.equals("gnn") || name.equals("gnn-aug")) return new GnnDynamics(p.hidden(), p.layers(), field, field, device, seed);
        if (name.equals("rf")) return new RadialField(p.hidden(), p.layers(), device, seed);
        throw new IllegalArgumentException("unknown model " + name);
    }

    DynamicsRun train(String task, String name, Data d, int size, long seed, Trajectories keep) {
        NBodySet train = d.train().first(size);
        try (Scope s = Scope.open(); DynamicsModel m = model(name, task, seed)) {
            PointcloudPreset.Extended e = p.extended();
            DynamicsTrainer.Config cfg = name.equals("egnn-extended")
                    ? new DynamicsTrainer.Config(e.steps(), p.batch(), e.lr(), 1e-12f, false, e.evaluations(), seed, e.cosine())
                    : new DynamicsTrainer.Config(p.steps(), p.batch(), p.lr(), 1e-12f, name.equals("gnn-aug"), p.evaluations(), seed);
            DynamicsTrainer.Result r = DynamicsTrainer.fit(m, train, d.val(), cfg, null);
            long t0 = System.nanoTime();
            float[] pred = DynamicsTrainer.predict(m, d.test());
            double us = (System.nanoTime() - t0) / 1e3 / d.test().count();
            double test = DynamicsTrainer.mse(pred, d.test().target()), rot = DynamicsTrainer.mse(m, d.rotatedTest());
            if (keep != null) {
                float[][] out = new float[keep.systems().length][];
                for (int k = 0; k < out.length; k++) {
                    int sys = keep.systems()[k];
                    out[k] = java.util.Arrays.copyOfRange(pred, sys * 15, sys * 15 + 15);
                }
                keep.predictions().put(name, out);
            }
            DynamicsRun run = new DynamicsRun(task, name, size, seed, r.bestValMse(), test, rot, r.bestStep(), r.steps(), r.msPerStep(), us,
                    r.curveSteps(), r.valCurve(), r.lastLoss());
            runs.add(run);
            say("%-13s %-20s n=%-5d seed %d: val %.5f test %.5f rotated %.5f (best step %d/%d, %.1f ms/step)", task, name, size, seed,
                    run.valMse(), test, rot, r.bestStep(), r.steps(), r.msPerStep());
            return run;
        }
    }

    public Results run(String command) {
        int full = p.train();
        for (String task : TASKS) {
            Data d = data(task);
            LinearDynamics lin = LinearDynamics.fit(d.train().first(full));
            linear.put(task, lin.coefficient());
            for (long seed = 1; seed <= p.seeds(); seed++) {
                runs.add(new DynamicsRun(task, "linear", full, seed, lin.mse(d.val()), lin.mse(d.test()), lin.mse(d.rotatedTest()), 0, 0, 0, 0,
                        new double[0], new double[0], Double.NaN));
                runs.add(new DynamicsRun(task, "constant-velocity", full, seed, new LinearDynamics(1.0).mse(d.val()),
                        new LinearDynamics(1.0).mse(d.test()), new LinearDynamics(1.0).mse(d.rotatedTest()), 0, 0, 0, 0, new double[0], new double[0], Double.NaN));
            }
            List<String> main = new ArrayList<>(task.equals("nbody") ? List.of("egnn", "gnn", "gnn-aug") : List.of("egnn", "egnn-external", "gnn-aug"));
            if (task.equals("nbody") && p.radialField()) main.add("rf");
            if (task.equals("nbody") && p.extended() != null) main.add("egnn-extended");
            if (!task.equals("nbody")) for (double a : p.alphas()) main.add("egnn-internal-" + a);
            Trajectories tr = new Trajectories(task, new int[] {0, 1, 2}, paths(d.test(), new int[] {0, 1, 2}), new LinkedHashMap<>());
            for (long seed = 1; seed <= p.seeds(); seed++)
                for (String m : main) train(task, m, d, full, seed, seed == 1 ? tr : null);
            trajectories.add(tr);
            for (int size : p.sizes()) {
                if (size == full || !p.efficiencyTasks().contains(task)) continue;
                for (long seed = 1; seed <= p.efficiencySeeds(); seed++)
                    for (String m : EFFICIENCY_MODELS) train(task, m, d, size, seed, null);
            }
        }
        shapes();
        return new Results(p, command, device + " (" + Runtime.getRuntime().availableProcessors() + " CPU cores visible, OMP_NUM_THREADS="
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + ")", (System.nanoTime() - started) / 1e9, linear, runs, shapeRuns,
                trajectories, genSeconds);
    }

    static float[][] paths(NBodySet test, int[] systems) {
        float[][] out = new float[systems.length][];
        int len = test.pathLength() * test.n() * 3;
        for (int k = 0; k < systems.length; k++) out[k] = java.util.Arrays.copyOfRange(test.path(), systems[k] * len, systems[k] * len + len);
        return out;
    }

    void shapes() {
        PointcloudPreset.Shapes s = p.shapes();
        long t0 = System.nanoTime();
        ShapeClouds gen = new ShapeClouds(s.minPoints(), s.maxPoints(), s.noise());
        ShapeSet train = gen.generate(p.dataSeed(), 0, s.train()), val = gen.generate(p.dataSeed(), 1, s.val());
        ShapeSet test = gen.generate(p.dataSeed(), 2, s.test());
        ShapeSet up = test.rotated(p.dataSeed() + 5, false), any = test.rotated(p.dataSeed() + 6, true);
        genSeconds.put("shapes", (System.nanoTime() - t0) / 1e9);
        List<String> models = new ArrayList<>(List.of("deepsets-invariant", "deepsets-frame", "deepsets-raw-aug"));
        for (double a : s.alphas()) models.add("deepsets-internal-" + a);
        if (s.egnnPoints() > 0) {
            models.addAll(List.of("egnn-invariant", "egnn-frame"));
            for (double a : s.alphas()) models.add("egnn-internal-" + a);
        }
        for (long seed = 1; seed <= p.seeds(); seed++)
            for (String name : models) {
                try (Scope sc = Scope.open(); CloudClassifier m = shapeModel(name, seed)) {
                    ShapeTrainer.Result r = ShapeTrainer.fit(m, train, val,
                            new ShapeTrainer.Config(s.steps(), s.batch(), s.lr(), name.endsWith("-aug"), p.evaluations(), seed));
                    long ti = System.nanoTime();   /* inference cost: the "about up" test set, batches of 256 clouds, no gradients */
                    int[] pu = ShapeTrainer.predict(m, up);
                    double usPerCloud = (System.nanoTime() - ti) / 1e3 / up.count();
                    int[] pa = ShapeTrainer.predict(m, any);
                    ShapeRun run = new ShapeRun(name, seed, r.bestValAccuracy(), acc(pu, up, false), acc(pa, any, false), acc(pu, up, true),
                            acc(pa, any, true), r.msPerStep(), usPerCloud);
                    shapeRuns.add(run);
                    say("shapes %-22s seed %d: val %.3f, test turned about up %.3f, turned about any axis %.3f (%.1f ms/step)", name, seed,
                            run.valAccuracy(), run.testUpAccuracy(), run.testAnyAccuracy(), r.msPerStep());
                }
            }
    }

    /** deepsets-{invariant, frame, raw-aug, internal-ALPHA} or egnn-{invariant, frame, internal-ALPHA}. */
    CloudClassifier shapeModel(String name, long seed) {
        PointcloudPreset.Shapes s = p.shapes();
        double alpha = name.contains("-internal-") ? Double.parseDouble(name.substring(name.lastIndexOf('-') + 1)) : 0;
        int classes = ShapeClouds.CLASSES.size();
        if (name.startsWith("egnn-")) {
            EgnnShapeClassifier.Breaking b = name.endsWith("invariant") ? EgnnShapeClassifier.Breaking.NONE
                    : name.endsWith("frame") ? EgnnShapeClassifier.Breaking.EXTERNAL : EgnnShapeClassifier.Breaking.INTERNAL;
            return new EgnnShapeClassifier(new EgnnShapeClassifier.Options(s.egnnPoints(), s.egnnHidden(), s.egnnLayers(), b, alpha), classes, device, seed);
        }
        ShapeClassifier.Features f = name.contains("invariant") ? ShapeClassifier.Features.INVARIANT
                : name.contains("frame") ? ShapeClassifier.Features.FRAME : name.contains("raw") ? ShapeClassifier.Features.RAW
                : ShapeClassifier.Features.INTERNAL;
        return new ShapeClassifier(f, alpha, s.hidden(), classes, device, seed);
    }

    /** Accuracy over all clouds, or (pairs) the fraction of up/down-type pair members given their own class rather than the partner's. */
    static double acc(int[] pred, ShapeSet set, boolean pairs) {
        int ok = 0, n = 0;
        for (int i = 0; i < pred.length; i++) {
            int y = set.labels()[i];
            if (pairs) {
                if ((pred[i] >> 1) != (y >> 1)) continue;   // only clouds put into the right pair
            }
            n++;
            if (pred[i] == y) ok++;
        }
        return n == 0 ? Double.NaN : ok / (double) n;
    }

    private void say(String fmt, Object... args) {
        if (log == null) return;
        log.printf(Locale.ROOT, "[%6.1f min] " + fmt + "%n", concat((System.nanoTime() - started) / 6e10, args));
        log.flush();
    }

    private static Object[] concat(double t, Object[] args) {
        Object[] a = new Object[args.length + 1];
        a[0] = t;
        System.arraycopy(args, 0, a, 1, args.length);
        return a;
    }
}
