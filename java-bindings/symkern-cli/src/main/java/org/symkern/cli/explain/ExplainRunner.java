package org.symkern.cli.explain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.cli.report.Json;
import org.symkern.cli.salf.EcgDomain;
import org.symkern.cli.salf.GraphDomain;
import org.symkern.cli.salf.ImageDomain;
import org.symkern.cli.salf.SalfDomain;
import org.symkern.data.TuDataset;
import org.symkern.explain.metrics.DeletionInsertion;
import org.symkern.explain.metrics.ExplanationEquivariance;
import org.symkern.explain.metrics.PointingGame;
import org.symkern.explain.metrics.Spearman;
import org.symkern.models.GraphClassifier;
import org.symkern.models.Models;
import org.symkern.nn.GSpace;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * What {@code symkern explain} does: loads a saved model ({@link Models#load}), finds the requested held-out examples
 * (the test part of the split the model was trained on: its data key and split seed are in the model file), explains
 * each with the chosen method, writes {@code <data>-<index>-<method>.png} and {@code attributions.json} into the output
 * folder and returns one line of metrics per example. Bad requests throw {@link IllegalArgumentException} with a one-line
 * message.
 */
public final class ExplainRunner {
    /** A request of the command line. */
    /** @param layer the Grad-CAM layer's module name (null: the default of {@link GridExplainer#camLayer}) */
    public record Request(Path model, String data, int[] index, String method, Path out, int samples, long seed, Path mitdb, Device device,
                          String layer) {}

    /** One explained example as written to attributions.json. */
    record Item(String data, int index, int example, int label, int predicted, String method, long[] shape, float[] attribution,
                Map<String, Double> metrics) {}

    private ExplainRunner() {}

    public static List<String> run(Request q) {
        if (!Files.isRegularFile(q.model())) throw new IllegalArgumentException("--model " + q.model() + ": no such file");
        if (q.index().length == 0) throw new IllegalArgumentException("--index: no example given");
        if (q.samples() < 2) throw new IllegalArgumentException("--samples must be at least 2, got " + q.samples());
        List<String> dataKeys = List.of("rotmnist", "mitbih", "proteins", "ba-shapes");
        if (!dataKeys.contains(q.data())) throw new IllegalArgumentException("unknown --data '" + q.data() + "' (expected " + String.join(", ", dataKeys) + ")");
        if (q.layer() != null && (!q.method().startsWith("gradcam") || q.data().equals("proteins") || q.data().equals("ba-shapes")))
            throw new IllegalArgumentException("--layer chooses the Grad-CAM layer of an image or ECG model; it does nothing for --method " + q.method()
                    + " on --data " + q.data());
        List<String> out = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        try (Models.Loaded m = Models.load(q.model(), q.device())) {
            String trainedOn = m.metadata().get("symkern.data");
            if (trainedOn != null && !trainedOn.equals(q.data()))
                throw new IllegalArgumentException("--model " + q.model() + " was trained on '" + trainedOn + "', not on --data " + q.data());
            long seed = Long.parseLong(m.metadata().getOrDefault("symkern.split_seed", "1"));
            out.add(String.format(Locale.ROOT, "model: %s (%s), trained on %s, split seed %d", q.model(), m.spec(), trainedOn == null ? "?" : trainedOn, seed));
            switch (q.data()) {
                case "rotmnist", "mitbih" -> grid(q, m, seed, out, items);
                case "proteins" -> graphs(q, m, seed, out, items);
                default -> BaShapesPart.explainCli(q, m, out, items);
            }
        }
        Json.write(q.out().resolve("attributions.json"), items);
        out.add("wrote " + items.size() + " explanation(s) to " + q.out().resolve("attributions.json") + " and PNGs in " + q.out());
        return out;
    }

    private static int[] pick(int[] test, int[] index, String what) {
        int[] ex = new int[index.length];
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0 || index[k] >= test.length)
                throw new IllegalArgumentException("--index " + index[k] + " is out of range: the test part has " + test.length + " " + what + " (0.." + (test.length - 1) + ")");
            ex[k] = test[index[k]];
        }
        return ex;
    }

    private static void grid(Request q, Models.Loaded m, long seed, List<String> out, List<Item> items) {
        boolean image = q.data().equals("rotmnist");
        if (!m.spec().kind().equals(image ? "z2cnn" : "cnn1d") && !m.spec().kind().equals(image ? "salf-cnn" : "salf-cnn1d"))
            throw new IllegalArgumentException("--data " + q.data() + " needs an " + (image ? "image" : "ECG") + " model, " + q.model() + " holds a " + m.spec().kind());
        if (!GridExplainer.METHODS.contains(q.method()))
            throw new IllegalArgumentException("--method " + q.method() + " does not apply to --data " + q.data() + " (expected " + String.join(", ", GridExplainer.METHODS) + ")");
        SalfDomain d = image ? new ImageDomain(false, image ? GSpace.valueOf(m.spec().args().getOrDefault("group", "p4").toUpperCase(Locale.ROOT)) : GSpace.P4, q.device())
                             : new EcgDomain(false, q.mitdb(), q.device());
        SalfDomain.Split split = d.splits(seed).get(0);
        int[] ex = pick(split.test(), q.index(), image ? "digits" : "beats");
        GridData data = image ? GridData.images(((ImageDomain) d).data(seed, false), q.device()) : GridData.beats(((EcgDomain) d).allBeats(), q.device());
        try (Scope s = Scope.open()) {
            Tensor background = data.inputs(Arrays.copyOf(split.train(), Math.min(32, split.train().length)));
            long[] sample = Arrays.copyOfRange(background.dims(), 1, background.rank());
            GridExplainer e = new GridExplainer(m.model(), m.spec(), sample, q.samples(), 32, 32, q.seed(), background, q.layer());
            if (!e.applies(q.method()))
                throw new IllegalArgumentException("--method " + q.method() + " needs a symmetry-aware model (a group axis); " + q.model() + " holds a " + m.spec().kind());
            for (int k = 0; k < ex.length; k++) {
                int i = ex[k];
                try (Scope t = Scope.open()) {
                    Tensor x = data.input(i);
                    int cls = GridEvaluation.predict(m.model(), x);
                    long t0 = System.nanoTime();
                    float[] map = e.explain(q.method(), x, cls);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    Map<String, Double> met = new LinkedHashMap<>();
                    met.put("pointing_game_hit", PointingGame.hit(map, e.dims(), data.region(i), 0) ? 1.0 : 0.0);
                    DeletionInsertion di = new DeletionInsertion(image ? 16 : 6).batch(128);
                    met.put("deletion_auc", di.deletion(m.model(), x, cls, map).auc());
                    met.put("insertion_auc", di.insertion(m.model(), x, cls, map, DeletionInsertion.blur(x, 11, 5)).auc());
                    if (!image) met.put("spearman_qrs", Spearman.correlation(map, data.relevance(i)));
                    ExplanationEquivariance.Result eq = ExplanationEquivariance.measure(xx -> e.explain(q.method(), xx, cls), x, e.actions());
                    met.put("equivariance", eq.equivariance());
                    met.put("invariance", eq.invariance());
                    met.put("seconds", secs);
                    String name = String.format(Locale.ROOT, "%s-%d-%s.png", q.data(), q.index()[k], q.method());
                    String title = String.format(Locale.ROOT, "%s test example %d (label %s, predicted %s), %s", q.data(), q.index()[k],
                            data.className(data.label(i)), data.className(cls), q.method());
                    if (image) {
                        boolean orient = q.method().equals("gradcam-orient");
                        float[] shown = orient ? e.orientations(x, cls) : map;
                        int tiles = shown.length / map.length;
                        ColorMap cm = q.method().startsWith("gradcam") ? ColorMap.SEQUENTIAL : ColorMap.DIVERGING;
                        HeatmapGrid.write(q.out().resolve(name), title, List.of("test " + q.index()[k]),
                                List.of(new HeatmapGrid.Column("input", null, 1), new HeatmapGrid.Column(q.method() + (orient ? " (" + tiles + ")" : ""), cm, tiles)),
                                new float[][][] {{data.values(i), shown}}, 28, 28);
                    } else {
                        SignalFigure.write(q.out().resolve(name), title, List.of(new SignalFigure.Panel(q.method() + ", test beat " + q.index()[k],
                                data.values(i), map, data.region(i))), 360, 90, 1);
                    }
                    items.add(new Item(q.data(), q.index()[k], i, data.label(i), cls, q.method(), e.dims(), map, met));
                    out.add(line(q.data(), q.index()[k], data.className(data.label(i)), data.className(cls), met) + "  -> " + q.out().resolve(name));
                }
            }
        }
    }

    static String line(String data, int index, String label, String predicted, Map<String, Double> met) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s %d (label %s, predicted %s):", data, index, label, predicted));
        for (Map.Entry<String, Double> e : met.entrySet()) b.append(String.format(Locale.ROOT, "  %s %.4f", e.getKey(), e.getValue()));
        return b.toString();
    }

    private static void graphs(Request q, Models.Loaded m, long seed, List<String> out, List<Item> items) {
        if (!(m.model() instanceof GraphClassifier model))
            throw new IllegalArgumentException("--data proteins needs a graph model, " + q.model() + " holds a " + m.spec().kind());
        if (!GraphEvaluation.methods().contains(q.method()))
            throw new IllegalArgumentException("--method " + q.method() + " does not apply to --data proteins (expected " + String.join(", ", GraphEvaluation.methods()) + ")");
        GraphDomain d = new GraphDomain(q.device());
        SalfDomain.Split split = d.splits(seed).get(0);
        TuDataset data = d.data(split);
        int[] ex = pick(split.test(), q.index(), "graphs");
        for (int k = 0; k < ex.length; k++) {
            int g = ex[k];
            int cls = GraphEvaluation.predict(model, data, g, q.device());
            long t0 = System.nanoTime();
            GraphEvaluation.Expl expl = GraphEvaluation.explainBoth(q.method(), model, data, g, null, cls, q.samples(), q.seed(), q.device());
            float[] imp = expl.node();
            double secs = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> met = new LinkedHashMap<>(GraphEvaluation.scores(q.method(), model, data, g, cls, expl, q.samples(), q.seed(), q.device()));
            met.put("seconds", secs);
            String name = String.format(Locale.ROOT, "proteins-%d-%s.png", q.index()[k], q.method());
            GraphEvaluation.draw(q.out().resolve(name), data, g, imp, expl.edge(), String.format(Locale.ROOT, "PROTEINS test graph %d (label %d, predicted %d), %s",
                    q.index()[k], data.graphs.get(g).label, cls, q.method()), q.method() + " node importance", q.method() + " edge score", q.seed());
            items.add(new Item("proteins", q.index()[k], g, data.graphs.get(g).label, cls, q.method(), new long[] {imp.length}, imp, met));
            out.add(line("proteins", q.index()[k], Integer.toString(data.graphs.get(g).label), Integer.toString(cls), met) + "  -> " + q.out().resolve(name));
        }
    }
}
