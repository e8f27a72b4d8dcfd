package org.symkern.cli.explain;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.symkern.cli.report.Json;
import org.symkern.cli.salf.EcgDomain;
import org.symkern.cli.salf.GraphDomain;
import org.symkern.cli.salf.ImageDomain;
import org.symkern.cli.salf.SalfArm;
import org.symkern.cli.salf.SalfDomain;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.nn.GSpace;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;
import org.symkern.train.Fit;
import org.symkern.train.FitConfig;
import org.symkern.train.FitResult;
import org.symkern.train.Learner;
import org.symkern.train.LrSchedule;

/**
 * {@code symkern experiment explain}: trains the baseline, symmetry-only and SALF arms of every domain (RotMNIST-10k,
 * MIT-BIH intra-patient, PROTEINS) for each seed, or reuses models saved by an earlier run ({@link Models}), explains a
 * fixed seeded evaluation set with every applicable method and scores the explanations ({@link GridEvaluation},
 * {@link GraphEvaluation}); adds the BA-Shapes benchmark ({@link BaShapesPart}); writes explain.json after every model
 * and explain.md with the figures at the end ({@link ExplainReport}).
 */
public final class ExplainExperiment {
    /** Arms compared (the asymmetric head without L_asym is left out: the paper compares CNN and SALF). */
    static final List<SalfArm> ARMS = List.of(SalfArm.BASELINE, SalfArm.SYMMETRIC, SalfArm.SALF);
    static final float LAMBDA = 0.3f, MARGIN = 1f;

    /**
     * @param resume  keep the rows of an existing explain.json in `out` and compute only the missing (domain, arm, seed) cells
     * @param methods the image / ECG methods to run (a subset of {@link GridExplainer#METHODS}; figures still show every method)
     */
    public record Options(ExplainPreset preset, List<String> domains, boolean baShapes, Path out, Path models, Path mitdb, GSpace group,
                          Device device, PrintWriter log, String command, boolean resume, List<String> methods) {}

    /** One (domain, arm, seed, method) cell: the mean over the evaluation set (NaN where a score does not apply). */
    public record Row(String domain, String arm, long seed, String method, int n, double accuracy, double pointing, double deletion,
                      double insertion, double spearman, double fidelityPlus, double fidelityMinus, int checked, double equivariance,
                      double invariance, double sanity, double secondsPerExplanation) {}

    public record Results(String preset, String command, String device, String started, double wallSeconds, Map<String, String> protocols,
                          Map<String, String> evaluation, Map<String, String> models, List<Row> rows, List<BaShapesPart.Run> baShapes,
                          Map<String, List<String>> figures) {}

    /** The image and ECG attribution methods, in report order. */
    public static List<String> gridMethods() {
        return GridExplainer.METHODS;
    }

    private final Options o;
    private final List<Row> rows = new ArrayList<>();
    private final List<BaShapesPart.Run> ba = new ArrayList<>();
    private final Map<String, String> protocols = new LinkedHashMap<>(), evaluation = new LinkedHashMap<>(), models = new LinkedHashMap<>();
    private final Map<String, List<String>> figures = new LinkedHashMap<>();
    private final String started = Instant.now().toString();
    private String previousCommand;
    private final long t0 = System.nanoTime();

    public ExplainExperiment(Options o) {
        this.o = o;
    }

    public Results run() {
        try {
            Files.createDirectories(o.out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + o.out() + ": " + e.getMessage(), e);
        }
        Path previous = o.out().resolve("explain.json");
        if (o.resume() && Files.exists(previous)) {
            Results old = Json.gson().fromJson(Json.read(previous), Results.class);
            if (old == null || old.rows() == null || !o.preset().name().equals(old.preset()))
                throw new IllegalArgumentException("--resume: " + previous + " is not an explain.json of preset " + o.preset().name());
            rows.addAll(old.rows());
            ba.addAll(old.baShapes());
            protocols.putAll(old.protocols());
            evaluation.putAll(old.evaluation());
            models.putAll(old.models());
            old.figures().forEach((k, v) -> figures.put(k, new ArrayList<>(v)));
            previousCommand = old.command();
            log("resuming %s: %d rows and %d BA-Shapes runs kept", previous, rows.size(), ba.size());
        }
        for (String key : o.domains()) {
            SalfDomain d = switch (key) {
                case "rotmnist" -> new ImageDomain(false, o.group(), o.device());
                case "mitbih" -> new EcgDomain(false, o.mitdb(), o.device());
                case "proteins" -> new GraphDomain(o.device());
                default -> throw new IllegalArgumentException("unknown domain '" + key + "' (expected rotmnist, mitbih, proteins)");
            };
            protocols.put(key, d.protocol());
            for (SalfArm a : ARMS) models.put(key + "/" + a.key, d.model(a));
            for (long seed = 1; seed <= o.preset().seeds(); seed++) {
                SalfDomain.Split split = d.splits(seed).get(0);
                for (SalfArm arm : ARMS) {
                    final long sd = seed;
                    if (rows.stream().anyMatch(x -> x.domain().equals(key) && x.arm().equals(arm.key) && x.seed() == sd)) continue;
                    explainArm(d, split, arm, seed);
                    save();
                }
            }
        }
        if (o.baShapes()) {
            for (long seed = 1; seed <= o.preset().seeds(); seed++) {
                final long sd = seed;
                if (ba.stream().anyMatch(x -> x.seed() == sd)) continue;
                Path dir = o.models() == null ? null : o.models().resolve(o.preset().name());
                ba.add(BaShapesPart.run(o.preset().baShapes(), seed, o.device(), dir, seed == 1 ? o.out() : null, figures, this::log));
                save();
            }
            protocols.put("ba-shapes", BaShapesPart.protocol(o.preset().baShapes()));
        }
        Results r = results();
        ExplainReport.write(o.out(), r, o.preset());
        return r;
    }

    /** One report from several explain.json parts of the same preset (run side by side or one after the other). */
    public static Results merge(List<Path> parts, Path out, ExplainPreset p) {
        Map<List<Object>, Row> rows = new LinkedHashMap<>();     // a later part's row replaces an earlier one in place (method order kept)
        List<BaShapesPart.Run> ba = new ArrayList<>();
        Map<String, String> protocols = new LinkedHashMap<>(), evaluation = new LinkedHashMap<>(), models = new LinkedHashMap<>();
        Map<String, List<String>> figures = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        double wall = 0;
        String started = null, device = null;
        for (Path part : parts) {
            Results r = Json.gson().fromJson(Json.read(part), Results.class);
            if (r == null || r.rows() == null) throw new IllegalArgumentException(part + ": not an explain.json (no rows)");
            if (!p.name().equals(r.preset())) throw new IllegalArgumentException(part + ": preset " + r.preset() + ", expected " + p.name());
            for (Row x : r.rows()) rows.put(List.of(x.domain(), x.arm(), x.seed(), x.method()), x);
            for (BaShapesPart.Run x : r.baShapes()) {
                ba.removeIf(y -> y.seed() == x.seed());
                ba.add(x);
            }
            protocols.putAll(r.protocols());
            evaluation.putAll(r.evaluation());
            models.putAll(r.models());
            r.figures().forEach((k, v) -> figures.put(k, new ArrayList<>(v)));
            commands.add(r.command());
            wall += r.wallSeconds();
            if (started == null || r.started().compareTo(started) < 0) started = r.started();
            device = r.device();
        }
        Results merged = new Results(p.name(), String.join("` and `", commands), device, started, wall, protocols, evaluation, models, List.copyOf(rows.values()), ba,
                figures);
        Json.write(out.resolve("explain.json"), merged);
        ExplainReport.write(out, merged, p);
        return merged;
    }

    private void save() {
        Json.write(o.out().resolve("explain.json"), results());
    }

    private Results results() {
        return new Results(o.preset().name(), previousCommand == null ? o.command() : previousCommand + "` then `" + o.command(), o.device() + " (" + Runtime.getRuntime().availableProcessors() + " CPU cores visible)",
                started, (System.nanoTime() - t0) / 1e9, protocols, evaluation, models, List.copyOf(rows), List.copyOf(ba), figures);
    }

    /** The trained model of (domain, arm, seed): loaded from the models folder when saved by an earlier run, else trained and saved. */
    private Models.Loaded model(SalfDomain d, SalfDomain.Split split, SalfArm arm, long seed) {
        ExplainPreset.Domain b = o.preset().budget(d.key());
        Path file = o.models() == null ? null
                : o.models().resolve(o.preset().name()).resolve(String.format(Locale.ROOT, "%s-%s-s%d.safetensors", d.key(), arm.key, seed));
        if (file != null && Files.exists(file)) {
            Models.Loaded l = Models.load(file, o.device());
            log("%s %s seed %d: reusing %s (test accuracy %s)", d.key(), arm.key, seed, file, l.metadata().get("symkern.test_accuracy"));
            return l;
        }
        int[] train = b.trainLimit() > 0 && b.trainLimit() < split.train().length ? Arrays.copyOf(split.train(), b.trainLimit()) : split.train();
        Learner learner = d.learner(arm, split, arm.regularized() ? LAMBDA : 0f, MARGIN, seed);
        long t = System.nanoTime();
        FitConfig cfg = new FitConfig(b.epochs(), b.batch(), b.lr(), 0f, LrSchedule.cosine(b.epochs(), 0, 0.05), 0, seed, null, null);
        FitResult r = Fit.run(learner, train, split.validation(), split.test(), cfg);
        ModelSpec spec = d.spec(arm, split);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("symkern.data", d.key());
        meta.put("symkern.split_seed", Long.toString(seed));
        meta.put("symkern.split", split.name());
        meta.put("symkern.arm", arm.key);
        meta.put("symkern.test_accuracy", String.format(Locale.ROOT, "%.4f", r.test().accuracy()));
        log("%s %s seed %d: trained %d epochs on %d examples in %.1f s, test accuracy %.4f", d.key(), arm.key, seed, r.history().size(), train.length,
                (System.nanoTime() - t) / 1e9, r.test().accuracy());
        Module m = learner.module();
        m.train(false);
        if (file != null) Models.save(file, m, spec, d.inputShape(), d.classNames(), meta);
        return new Models.Loaded(m, spec, d.inputShape(), d.classNames(), meta);
    }

    private void explainArm(SalfDomain d, SalfDomain.Split split, SalfArm arm, long seed) {
        ExplainPreset.Domain b = o.preset().budget(d.key());
        try (Models.Loaded m = model(d, split, arm, seed)) {
            double acc = Double.parseDouble(m.metadata().getOrDefault("symkern.test_accuracy", "NaN"));
            if (d instanceof GraphDomain g) {
                rows.addAll(GraphEvaluation.run(g, split, m, arm.key, seed, b, o.preset(), acc, seed == 1 ? o.out() : null, figures, evaluation,
                        this::log));
                return;
            }
            int[] eval = b.eval() > 0 && b.eval() < split.test().length ? Arrays.copyOf(split.test(), b.eval()) : split.test();
            GridData data = d instanceof ImageDomain img ? GridData.images(img.data(seed, false), o.device())
                                                         : GridData.beats(((EcgDomain) d).allBeats(), o.device());
            evaluation.put(d.key(), String.format(Locale.ROOT, "the first %d examples of the seed's test part (Kernel SHAP and GradientSHAP: "
                    + "the first %d; equivariance and sanity check: the first %d, for those two the first %d); deletion / insertion with %d %s per step", eval.length,
                    Math.min(b.shapEval(), eval.length), Math.min(b.checkEval(), eval.length),
                    Math.min(Math.min(b.checkEval(), ExplainPreset.COSTLY_CHECKS), Math.min(b.shapEval(), eval.length)), b.step(), d instanceof ImageDomain ? "pixels" : "samples"));
            Set<Integer> keep = figureExamples(data, eval, d instanceof ImageDomain);
            try (Scope s = Scope.open(); Module random = Models.build(m.spec(), o.device(), seed + 7919)) {
                random.train(false);
                int[] bgIdx = Arrays.copyOf(split.train(), Math.min(32, split.train().length));
                Tensor background = data.inputs(bgIdx);
                long[] sample = Arrays.copyOfRange(background.dims(), 1, background.rank());
                ExplainPreset p = o.preset();
                GridExplainer ex = new GridExplainer(m.model(), m.spec(), sample, p.shapSamples(), p.igSteps(), p.gradShapSamples(), seed, background);
                GridExplainer rx = new GridExplainer(random, m.spec(), sample, p.shapSamples(), p.igSteps(), p.gradShapSamples(), seed, background);
                Map<String, Map<Integer, float[]>> kept = new LinkedHashMap<>();
                for (String method : GridExplainer.METHODS) {
                    if (!ex.applies(method) || !o.methods().contains(method)) continue;
                    boolean costly = method.equals("kernelshap") || method.equals("gradshap");
                    int[] set = costly ? Arrays.copyOf(eval, Math.min(b.shapEval(), eval.length)) : eval;
                    long t = System.nanoTime();
                    Map<Integer, float[]> k = new HashMap<>();
                    int checks = costly ? Math.min(b.checkEval(), ExplainPreset.COSTLY_CHECKS) : b.checkEval();
                    GridEvaluation.Scores sc = GridEvaluation.run(ex, rx, data, set, checks, b.step(), method, keep, k);
                    kept.put(method, k);
                    rows.add(new Row(d.key(), arm.key, seed, method, sc.n(), acc, sc.pointing(), sc.deletion(), sc.insertion(),
                            d instanceof EcgDomain ? sc.spearman() : Double.NaN, Double.NaN, Double.NaN, sc.checked(), sc.equivariance(),
                            sc.invariance(), sc.sanity(), sc.secondsPerExplanation()));
                    log("  %s %s seed %d %-14s n %3d  PG %.3f  del %.3f  ins %.3f  rho %s  equiv %.3f  inv %.3f  sanity %.3f  %.1f ms/expl  (%.0f s)",
                            d.key(), arm.key, seed, method, sc.n(), sc.pointing(), sc.deletion(), sc.insertion(),
                            Double.isNaN(sc.spearman()) ? "-" : String.format(Locale.ROOT, "%.3f", sc.spearman()), sc.equivariance(), sc.invariance(),
                            sc.sanity(), 1000 * sc.secondsPerExplanation(), (System.nanoTime() - t) / 1e9);
                }
                if (seed == 1) {
                    for (String method : GridExplainer.METHODS)                                // methods not run here: figure examples only
                        if (ex.applies(method)) kept.computeIfAbsent(method, k -> new HashMap<>());
                    for (Map.Entry<String, Map<Integer, float[]>> k : kept.entrySet())          // figure examples outside a method's subset
                        for (int i : keep)
                            if (!k.getValue().containsKey(i))
                                try (Scope t = Scope.open()) {
                                    Tensor x = data.input(i);
                                    int cls = GridEvaluation.predict(ex.model, x);
                                    k.getValue().put(i, k.getKey().equals("gradcam-orient") ? ex.orientations(x, cls) : ex.explain(k.getKey(), x, cls));
                                }
                    figure(d, arm, data, ex, keep, kept);
                }
            }
        }
    }

    /** Figure examples: images - two 6s, two 9s and two other digits of the evaluation set; beats - two of each class (at least two examples). */
    private static Set<Integer> figureExamples(GridData data, int[] eval, boolean images) {
        Set<Integer> out = new LinkedHashSet<>();
        int[][] want = images ? new int[][] {{6, 2}, {9, 2}, {2, 1}, {7, 1}} : new int[][] {{0, 2}, {1, 2}};
        for (int[] w : want) {
            int got = 0;
            for (int i : eval)
                if (data.label(i) == w[0] && got < w[1] && out.add(i)) got++;
        }
        for (int i : eval) if (out.size() < Math.min(2, eval.length)) out.add(i);      // small evaluation sets: whatever is there
        return out;
    }

    private void figure(SalfDomain d, SalfArm arm, GridData data, GridExplainer ex, Set<Integer> keep, Map<String, Map<Integer, float[]>> kept) {
        String file = "explain-" + d.key() + "-" + arm.key + ".png";
        List<Integer> idx = new ArrayList<>();
        for (int i : keep) if (kept.get("gradcam").containsKey(i)) idx.add(i);
        if (idx.isEmpty()) return;
        if (d instanceof ImageDomain) {
            int g = kept.containsKey("gradcam-orient") && !kept.get("gradcam-orient").isEmpty()
                    ? kept.get("gradcam-orient").values().iterator().next().length / (28 * 28) : 1;
            List<HeatmapGrid.Column> cols = List.of(new HeatmapGrid.Column("input", null, 1), new HeatmapGrid.Column("Grad-CAM", ColorMap.SEQUENTIAL, 1),
                    new HeatmapGrid.Column(g > 1 ? "orientation CAM (" + g + ")" : "orientation CAM: n/a", ColorMap.SEQUENTIAL, g),
                    new HeatmapGrid.Column("Kernel SHAP", ColorMap.DIVERGING, 1), new HeatmapGrid.Column("int. gradients", ColorMap.DIVERGING, 1));
            float[][][] cells = new float[idx.size()][][];
            List<String> labels = new ArrayList<>();
            for (int r = 0; r < idx.size(); r++) {
                int i = idx.get(r);
                float[] orient = kept.getOrDefault("gradcam-orient", Map.of()).getOrDefault(i, new float[28 * 28 * g]);
                cells[r] = new float[][] {data.values(i), kept.get("gradcam").get(i), orient,
                        kept.get("kernelshap").getOrDefault(i, new float[28 * 28]), kept.get("ig").get(i)};
                try (Scope s = Scope.open()) {
                    labels.add("label " + data.label(i) + ", pred " + GridEvaluation.predict(ex.model, data.input(i)));
                }
            }
            HeatmapGrid.write(o.out().resolve(file), "RotMNIST, " + arm.description + ": explanations of the predicted class", labels, cols, cells, 28, 28);
        } else {
            List<SignalFigure.Panel> panels = new ArrayList<>();
            for (int i : idx)
                for (String[] m : new String[][] {{"gradcam", "Grad-CAM"}, {"kernelshap", "Kernel SHAP"}, {"ig", "int. gradients"}}) {
                    float[] a = kept.get(m[0]).get(i);
                    if (a == null) continue;
                    panels.add(new SignalFigure.Panel(m[1] + ", beat " + i + " (" + data.className(data.label(i)) + ")", data.values(i), a, data.region(i)));
                }
            SignalFigure.write(o.out().resolve(file), "MIT-BIH, " + arm.description + ": attribution of the predicted class", panels, 360, 90, 3);
        }
        figures.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(file);
    }

    void log(String fmt, Object... args) {
        if (o.log() == null) return;
        o.log().printf(Locale.ROOT, fmt + "%n", args);
        o.log().flush();
    }
}
