package org.symkern.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.symkern.cli.explain.ExplainRunner;
import org.symkern.tensor.Device;

/**
 * {@code symkern explain --model FILE --data D --index I[,J...] --method M --out DIR}: explains held-out examples with a
 * model saved by {@code train --save} ({@link ExplainRunner}): writes one PNG per example and attributions.json, prints
 * the metrics of each example. Bad input (a missing file, an index out of range, a method that does not apply to the
 * model or data) exits with status 2 and one line on stderr.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain held-out examples with a saved model: PNG figures, attributions.json and per-example metrics.")
public final class ExplainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by 'symkern train --save FILE' (safetensors with symkern metadata; required, no default).")
    Path model;

    @Option(names = "--data", required = true, description = "rotmnist, mitbih, proteins or ba-shapes: the examples are the test part of the "
            + "model's split (the split seed saved with the model); ba-shapes: node indices of the seeded BA-Shapes graph (required, no default).")
    String data;

    @Option(names = "--index", required = true, split = ",", paramLabel = "I", description = "Examples to explain: positions in the test part "
            + "(graphs: in fold 0's test graphs; ba-shapes: node ids), comma-separated (required, no default).")
    int[] index;

    @Option(names = "--method", defaultValue = "gradcam", description = "gradcam, gradcam-orient (symmetry-aware image/ECG models), kernelshap, ig, "
            + "gradshap (images and ECG), kernelshap (graphs: players = nodes), gnnexplainer, saliency (graphs).")
    String method;

    @Option(names = "--out", defaultValue = "target/explain", description = "Output folder for the PNGs and attributions.json.")
    Path out;

    @Option(names = "--samples", defaultValue = "300", description = "Kernel SHAP coalitions per example.")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the sampling methods (Kernel SHAP, GradientSHAP, GNNExplainer).")
    long seed;

    @Option(names = "--mitdb", description = "MIT-BIH folder with all records (when the model was trained on them; default: the embedded records).")
    Path mitdb;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N.")
    String device;

    @Option(names = "--layer", paramLabel = "NAME", description = "Grad-CAM layer by module name, e.g. encoder.9 or body.10 (default: the ReLU of "
            + "the third convolution block for image models, the encoder / feature body for ECG models).")
    String layer;

    @Override
    public Integer call() {
        Device dev = Device.parse(device);
        List<String> lines = ExplainRunner.run(new ExplainRunner.Request(model, data, index, method, out, samples, seed, mitdb, dev, layer));
        for (String l : lines) spec.commandLine().getOut().println(l);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
