package org.symkern.cli.explain;

import java.util.List;
import java.util.Map;

import org.symkern.explain.Attribution;
import org.symkern.explain.Background;
import org.symkern.explain.GradCam;
import org.symkern.explain.GradientShap;
import org.symkern.explain.IntegratedGradients;
import org.symkern.explain.KernelShap;
import org.symkern.explain.Output;
import org.symkern.explain.Players;
import org.symkern.explain.metrics.GridActions;
import org.symkern.explain.metrics.GroupAction;
import org.symkern.models.ModelSpec;
import org.symkern.nn.Activation;
import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * The attribution methods of images (x: (1, 1, H, W)) and ECG beats (x: (1, 1, L)) behind one interface: every method
 * returns one map over the input's locations (H W pixels or L samples), the map the metrics score.
 * <ul>
 *   <li>{@code gradcam}: Grad-CAM of a feature map chosen by module name ({@link #camLayer}: for image models the ReLU
 *       of the third convolution block, 10 x 10, group axis pooled for the G-CNNs; for ECG models the encoder's / the
 *       feature body's output), upsampled bilinearly;</li>
 *   <li>{@code gradcam-orient}: the orientation-resolved Grad-CAM (one map per group element t) of the same layer;
 *       its scored map is max_t ReLU(M_t) (where any orientation's evidence is); symmetry-aware models only;</li>
 *   <li>{@code kernelshap}: Kernel SHAP on the class probability, players = 4 x 4 superpixels (49 on 28 x 28) or
 *       9-sample windows centred on the R peak (21 on 181 samples; the windows map onto each other under time
 *       reversal), missing players = 0 (the image background / the beat's mean after z-normalisation);</li>
 *   <li>{@code ig}: integrated gradients of the logit from the zero baseline;</li>
 *   <li>{@code gradshap}: GradientSHAP (expected gradients) of the logit over a background of training examples.</li>
 * </ul>
 */
final class GridExplainer {
    static final List<String> METHODS = List.of("gradcam", "gradcam-orient", "kernelshap", "ig", "gradshap");
    static final int SUPERPIXEL = 4, WINDOW = 9;

    final Module model;
    final ModelSpec spec;
    final boolean image;
    final int size, length;                  // image side (images) / signal length
    final String layer;
    final int shapSamples, igSteps, gradShapSamples;
    final long seed;
    final Tensor background;                 // (K, 1, *space) training examples for GradientSHAP (caller's scope)

    GridExplainer(Module model, ModelSpec spec, long[] sample, int shapSamples, int igSteps, int gradShapSamples, long seed, Tensor background) {
        this(model, spec, sample, shapSamples, igSteps, gradShapSamples, seed, background, null);
    }

    /** @param layer the Grad-CAM layer's module name (null: {@link #camLayer}) */
    GridExplainer(Module model, ModelSpec spec, long[] sample, int shapSamples, int igSteps, int gradShapSamples, long seed, Tensor background,
                  String layer) {
        this.model = model;
        this.spec = spec;
        this.image = sample.length == 3 && sample[1] > 1;
        this.size = image ? (int) sample[1] : 0;
        this.length = image ? (int) (sample[1] * sample[2]) : (int) sample[sample.length - 1];
        if (layer != null && !model.namedModules().containsKey(layer))
            throw new IllegalArgumentException("--layer '" + layer + "': no module of that name in " + model.name() + " (modules: "
                    + String.join(", ", model.namedModules().keySet().stream().filter(k -> !k.isEmpty()).toList()) + ")");
        this.layer = layer != null ? layer : camLayer(model, spec);
        this.shapSamples = shapSamples;
        this.igSteps = igSteps;
        this.gradShapSamples = gradShapSamples;
        this.seed = seed;
        this.background = background;
    }

    /** Whether the model has a group axis (the orientation-resolved CAM applies). */
    boolean symmetric() {
        return spec.kind().startsWith("salf-");
    }

    boolean applies(String method) {
        return !method.equals("gradcam-orient") || symmetric();
    }

    /** Which ReLU of an image model's convolution stack Grad-CAM reads: the third (block l3, 10 x 10 on 28 x 28 inputs). */
    static final int IMAGE_CAM_BLOCK = 3;

    /**
     * The default Grad-CAM layer. Images (Z2Cnn's body, the G-CNN encoder of the SALF models): the ReLU of the third
     * convolution block, a 10 x 10 map; the last blocks' 4 x 4 maps are too coarse to localise a digit once stretched
     * over 28 x 28 (in the first full report their pointing game was 0.03 to 0.15, below a random pixel's ~0.2).
     * ECG: the SALF encoder's output, Cnn1d's feature body.
     */
    static String camLayer(Module model, ModelSpec spec) {
        return switch (spec.kind()) {
            case "salf-cnn1d" -> "encoder";
            case "cnn1d" -> "body";
            case "z2cnn" -> nthActivation(model, "body.", IMAGE_CAM_BLOCK);
            case "salf-cnn" -> nthActivation(model, "encoder.", IMAGE_CAM_BLOCK);
            default -> throw new IllegalArgumentException("Grad-CAM does not apply to model kind '" + spec.kind() + "' (image and signal models only)");
        };
    }

    private static String nthActivation(Module model, String prefix, int n) {
        int seen = 0;
        for (Map.Entry<String, Module> m : model.namedModules().entrySet())
            if (m.getKey().startsWith(prefix) && m.getValue() instanceof Activation && ++seen == n) return m.getKey();
        throw new IllegalArgumentException("Grad-CAM: " + model.name() + " has fewer than " + n + " activations under '" + prefix + "'");
    }

    /** Shape of the map the metrics see: (H, W) or (L). */
    long[] dims() {
        return image ? new long[] {size, size} : new long[] {length};
    }

    /** The group actions the explanation equivariance is measured on (grid-exact elements, identity excluded). */
    List<GroupAction<Tensor>> actions() {
        if (!image) return GridActions.timeReversal(length);
        boolean flips = spec.args().getOrDefault("group", "p4").equals("p4m") || spec.args().getOrDefault("group", "").equals("d8");
        return flips ? GridActions.dihedral(size) : GridActions.rotations(size);
    }

    /** The map of `method` for x (1, 1, *space) and class `cls` (in the caller's scope). */
    float[] explain(String method, Tensor x, int cls) {
        return switch (method) {
            case "gradcam" -> new GradCam(model, layer).explain(x, cls).toFloatArray();
            case "gradcam-orient" -> {
                if (!symmetric()) throw new IllegalArgumentException("gradcam-orient needs a symmetry-aware model (a group axis); " + spec.kind() + " has none");
                yield maxOverOrientations(orientations(x, cls));
            }
            case "kernelshap" -> {
                Players players = image ? Players.superpixels(SUPERPIXEL) : Players.of(centredWindows(length, WINDOW));
                KernelShap.Result r = new KernelShap().samples(shapSamples).batch(256).seed(seed)
                        .explain(model, x, cls, Output.PROBABILITY, players, Background.zeros());
                yield r.map(players.assign(sampleDims(x)));
            }
            case "ig" -> flat(new IntegratedGradients().steps(igSteps).batch(igSteps).explain(model, x, cls));
            case "gradshap" -> flat(new GradientShap().samples(gradShapSamples).batch(gradShapSamples).seed(seed).explain(model, x, cls, background));
            default -> throw new IllegalArgumentException("unknown method '" + method + "' (expected " + String.join(", ", METHODS) + ")");
        };
    }

    /** The orientation-resolved maps (|G| x space values, row-major) of x for class cls. */
    float[] orientations(Tensor x, int cls) {
        return new GradCam(model, layer).orientations(x, cls).toFloatArray();
    }

    int groupOrder(Tensor x, int cls) {
        return orientations(x, cls).length / length;
    }

    private float[] maxOverOrientations(float[] o) {
        int g = o.length / length;
        float[] m = new float[length];
        java.util.Arrays.fill(m, -Float.MAX_VALUE);
        for (int t = 0; t < g; t++)
            for (int p = 0; p < length; p++) m[p] = Math.max(m[p], o[t * length + p]);
        return m;
    }

    private static long[] sampleDims(Tensor x) {
        long[] d = x.dims();
        return java.util.Arrays.copyOfRange(d, 1, d.length);
    }

    private static float[] flat(Attribution a) {
        return a.values().toFloatArray();             // one channel: the map itself
    }

    /**
     * Windows of w samples centred on the middle sample c = (L - 1) / 2 (the R peak): player of t = floor((t - c + w/2) / w)
     * shifted to start at 0. Time reversal t -> L - 1 - t maps every window onto a window.
     */
    static int[] centredWindows(int len, int w) {
        int c = (len - 1) / 2, lo = Math.floorDiv(-c + w / 2, w);
        int[] a = new int[len];
        for (int t = 0; t < len; t++) a[t] = Math.floorDiv(t - c + w / 2, w) - lo;
        return a;
    }
}
