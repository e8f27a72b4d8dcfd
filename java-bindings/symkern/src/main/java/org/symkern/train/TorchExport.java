package org.symkern.train;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.autograd.GradMode;
import org.symkern.io.AtomicFiles;
import org.symkern.models.P4Cnn;
import org.symkern.nn.Activation;
import org.symkern.nn.Conv2d;
import org.symkern.nn.Dropout;
import org.symkern.nn.Flatten;
import org.symkern.nn.GlobalPool;
import org.symkern.nn.GroupConvLayer;
import org.symkern.nn.GroupPool;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.PlaneMaxPool;
import org.symkern.nn.Sequential;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Exports a trained group-convolution network (P4CNN, or a {@link Sequential} of the layers below) as a plain
 * PyTorch network: the weights as safetensors and the module definition as Python source, so that PyTorch alone
 * (no symkern, no escnn) computes the same logits (escnn's {@code .export()} does the same for its models).
 *
 * <p>A group feature map (B, C, |G|, h, w) is carried folded as (B, C |G|, h, w), channel c |G| + t. Then each layer
 * becomes:
 * <pre>
 *   LiftingConv2d / GroupConv2d  nn.Conv2d(cIn si, cOut |G|, k) with weight = expandedFilters() (cOut |G|, cIn si, k, k)
 *                                and bias[o |G| + t] = bias[o]: conv(x folded) = the group conv folded (the expansion
 *                                W_exp[o, t, i, s, q] = W[o, i, T[t, s], g_t^{-1} q] is linear, so this is exact)
 *   InnerBatchNorm(C, |G|)       nn.BatchNorm2d(C) applied to the map viewed as (B, C, |G| h, w): its statistics run
 *                                over (batch, group, space) per field, exactly as InnerBatchNorm's, in training and eval
 *   PlaneMaxPool(k, s, p)        nn.MaxPool2d(k, s, p) on the folded map (it acts per plane)
 *   GroupPool(max / mean)        view (B, C, |G|, h, w), amax / mean over axis 2
 *   GlobalPool(max / mean, 2)    amax / mean over the last two axes
 *   ReLU, Tanh, Sigmoid, SiLU, Linear, Conv2d, Flatten, Dropout: the PyTorch layer of the same name
 * </pre>
 * The state names are those of the generated module ("layers.3.weight", ...); the file also records the input
 * shape it was exported for in its metadata. The generated source reads the safetensors file with the Python
 * standard library and torch only ({@code load(path)} returns the module in eval mode).
 */
public final class TorchExport {
    private TorchExport() {}

    /** What {@link #export} wrote. */
    public record Files(Path weights, Path source) {}

    /**
     * Writes {@code dir/<name>.safetensors} and {@code dir/<name>.py} (class {@code className}).
     *
     * @throws IllegalArgumentException naming the first layer that has no plain-PyTorch equivalent here
     */
    public static Files export(Module model, Path dir, String name, String className) {
        List<Module> layers = flatten(model);
        StringBuilder init = new StringBuilder(), fwd = new StringBuilder();
        Map<String, Tensor> state = new LinkedHashMap<>();
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            for (int i = 0; i < layers.size(); i++) {
                Module m = layers.get(i);
                String id = "layers[" + i + "]", key = "layers." + i + ".";
                if (m instanceof GroupConvLayer c) {
                    int order = c.gspace().order(), si = c.lifting() ? 1 : order;
                    Tensor w = c.expandedFilters();
                    init.append(String.format(Locale.ROOT, "            nn.Conv2d(%d, %d, %d, stride=%d, padding=%d, bias=%s),  # %s%n",
                            c.inFields() * si, c.outFields() * order, c.kernelSize(), c.stride(), c.padding(),
                            c.bias() != null ? "True" : "False", m.name()));
                    state.put(key + "weight", w);
                    if (c.bias() != null) {
                        float[] b = c.bias().toFloatArray(), rep = new float[b.length * order];
                        for (int o = 0; o < b.length; o++) for (int t = 0; t < order; t++) rep[o * order + t] = b[o];
                        state.put(key + "bias", Tensor.of(rep, Shape.of(rep.length), c.bias().device()));
                    }
                    fwd.append("        x = self.").append(id).append("(x)\n");
                } else if (m instanceof InnerBatchNorm bn) {
                    init.append(String.format(Locale.ROOT, "            nn.BatchNorm2d(%d, eps=%s, momentum=%s, affine=%s),  # %s%n",
                            bn.channels(), pyFloat(bn.eps()), pyFloat(bn.momentum()), bn.weight() != null ? "True" : "False", m.name()));
                    for (Map.Entry<String, Tensor> t : Checkpoint.state(bn).entrySet()) state.put(key + t.getKey(), t.getValue());
                    fwd.append(String.format(Locale.ROOT, "        x = self.%s(x.reshape(x.shape[0], %d, -1, x.shape[-1])).reshape(x.shape)%n",
                            id, bn.channels()));
                } else if (m instanceof PlaneMaxPool p) {
                    init.append(String.format(Locale.ROOT, "            nn.MaxPool2d(%d, stride=%d, padding=%d),%n", p.kernelSize(), p.stride(),
                            p.padding()));
                    fwd.append("        x = self.").append(id).append("(x)\n");
                } else if (m instanceof GroupPool gp) {
                    init.append("            nn.Identity(),  # ").append(m.name()).append('\n');
                    int order = groupOrderBefore(layers, i);
                    fwd.append(String.format(Locale.ROOT, "        x = x.reshape(x.shape[0], -1, %d, x.shape[-2], x.shape[-1])%n", order));
                    fwd.append("        x = ").append(reduce(gp.op(), "2")).append('\n');
                } else if (m instanceof GlobalPool gl) {
                    init.append("            nn.Identity(),  # ").append(m.name()).append('\n');
                    fwd.append(String.format(Locale.ROOT, "        x = x.flatten(-%d)%n", gl.spatialAxes()));
                    fwd.append("        x = ").append(reduce(gl.op(), "-1")).append('\n');
                } else if (m instanceof Activation a) {
                    String torch = switch (a.name()) {
                        case "ReLU" -> "nn.ReLU()";
                        case "Tanh" -> "nn.Tanh()";
                        case "Sigmoid" -> "nn.Sigmoid()";
                        case "SiLU" -> "nn.SiLU()";
                        default -> throw new IllegalArgumentException("TorchExport: layer " + i + " (" + a.name()
                                + ") is not exported (its parameter is not recorded); use ReLU, Tanh, Sigmoid or SiLU");
                    };
                    init.append("            ").append(torch).append(",\n");
                    fwd.append("        x = self.").append(id).append("(x)\n");
                } else if (m instanceof Linear l) {
                    init.append(String.format(Locale.ROOT, "            nn.Linear(%d, %d, bias=%s),%n", l.weight().dim(1), l.weight().dim(0),
                            l.bias() != null ? "True" : "False"));
                    for (Map.Entry<String, Tensor> t : Checkpoint.state(l).entrySet()) state.put(key + t.getKey(), t.getValue());
                    fwd.append("        x = self.").append(id).append("(x)\n");
                } else if (m instanceof Conv2d c) {
                    int[] st = c.stride(), pd = c.padding(), dl = c.dilation();
                    init.append(String.format(Locale.ROOT, "            nn.Conv2d(%d, %d, (%d, %d), stride=(%d, %d), padding=(%d, %d), dilation=(%d, %d), bias=%s),%n",
                            c.weight().dim(1), c.weight().dim(0), c.weight().dim(2), c.weight().dim(3), st[0], st[1], pd[0], pd[1], dl[0], dl[1],
                            c.bias() != null ? "True" : "False"));
                    for (Map.Entry<String, Tensor> t : Checkpoint.state(c).entrySet()) state.put(key + t.getKey(), t.getValue());
                    fwd.append("        x = self.").append(id).append("(x)\n");
                } else if (m instanceof Flatten) {
                    init.append("            nn.Flatten(),\n");
                    fwd.append("        x = self.").append(id).append("(x)\n");
                } else if (m instanceof Dropout) {
                    init.append("            nn.Identity(),  # ").append(m.name()).append(" (identity at inference)\n");
                } else {
                    throw new IllegalArgumentException("TorchExport: layer " + i + " (" + m.name() + ", " + m.getClass().getSimpleName()
                            + ") has no plain-PyTorch export; supported: group convolutions, InnerBatchNorm, PlaneMaxPool, GroupPool, "
                            + "GlobalPool, Activation, Linear, Conv2d, Flatten, Dropout");
                }
            }
            Path weights = dir.resolve(name + ".safetensors"), source = dir.resolve(name + ".py");
            Checkpoint.save(weights, state, Map.of("format", "pt", "exported_from", model.name()));
            AtomicFiles.write(source, python(className, model.name(), init, fwd).getBytes(StandardCharsets.UTF_8));
            return new Files(weights, source);
        }
    }

    /** The layers of a Sequential (nested ones flattened) or of a P4Cnn's body. */
    static List<Module> flatten(Module model) {
        List<Module> out = new ArrayList<>();
        if (model instanceof P4Cnn p) model = p.body();
        if (model instanceof Sequential s) {
            for (Module m : s.modules()) out.addAll(m instanceof Sequential ? flatten(m) : List.of(m));
            return out;
        }
        throw new IllegalArgumentException("TorchExport: " + model.name() + " is not a Sequential or P4Cnn; export its Sequential layers");
    }

    /** |G| of the last group convolution before layer i (for a group pool). */
    private static int groupOrderBefore(List<Module> layers, int i) {
        for (int j = i - 1; j >= 0; j--) if (layers.get(j) instanceof GroupConvLayer c) return c.gspace().order();
        throw new IllegalArgumentException("TorchExport: GroupPool at layer " + i + " follows no group convolution");
    }

    private static String reduce(Reduce.Op op, String dim) {
        return switch (op) {
            case MAX -> "x.amax(dim=" + dim + ")";
            case MEAN -> "x.mean(dim=" + dim + ")";
            case SUM -> "x.sum(dim=" + dim + ")";
        };
    }

    private static String pyFloat(float v) {
        return Float.toString(v).replace('E', 'e');
    }

    private static String python(String className, String from, CharSequence init, CharSequence fwd) {
        return "# Generated by symkern's TorchExport from " + from + ": a plain-convolution network (group feature maps\n"
                + "# (B, C, |G|, h, w) folded to (B, C*|G|, h, w)) that computes the same logits. Needs only torch.\n"
                + "import json\nimport struct\n\nimport torch\nfrom torch import nn\n\n\n"
                + "class " + className + "(nn.Module):\n"
                + "    def __init__(self):\n        super().__init__()\n        self.layers = nn.ModuleList([\n"
                + init + "        ])\n\n"
                + "    def forward(self, x):\n" + fwd + "        return x\n\n\n"
                + "_DTYPES = {\"F32\": torch.float32, \"I32\": torch.int32, \"I64\": torch.int64}\n\n\n"
                + "def read_safetensors(path):\n"
                + "    \"\"\"The tensors of a safetensors file as a dict (standard library + torch only).\"\"\"\n"
                + "    with open(path, \"rb\") as f:\n        data = f.read()\n"
                + "    (n,) = struct.unpack(\"<Q\", data[:8])\n"
                + "    header = json.loads(data[8:8 + n].decode(\"utf-8\"))\n"
                + "    base = 8 + n\n    out = {}\n"
                + "    for name, spec in header.items():\n"
                + "        if name == \"__metadata__\":\n            continue\n"
                + "        begin, end = spec[\"data_offsets\"]\n"
                + "        t = torch.frombuffer(bytearray(data[base + begin:base + end]), dtype=_DTYPES[spec[\"dtype\"]])\n"
                + "        out[name] = t.reshape(spec[\"shape\"]).clone()\n"
                + "    return out\n\n\n"
                + "def load(path):\n"
                + "    \"\"\"The module with the weights of `path`, in eval mode.\"\"\"\n"
                + "    m = " + className + "()\n"
                + "    m.load_state_dict(read_safetensors(path))\n"
                + "    return m.eval()\n";
    }
}
