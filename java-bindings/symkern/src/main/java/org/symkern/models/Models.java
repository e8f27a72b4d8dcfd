package org.symkern.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.data.DataFormatException;
import org.symkern.nn.GSpace;
import org.symkern.nn.Module;
import org.symkern.ops.Reduce;
import org.symkern.salf.SalfCnn;
import org.symkern.salf.SalfCnn1d;
import org.symkern.salf.SalfGnn;
import org.symkern.tensor.Device;
import org.symkern.train.Checkpoint;

/**
 * Saving a trained model so that it can be rebuilt and used later without the code that built it: the weights
 * (parameters and buffers, {@link Checkpoint#saveModule}) and, in the safetensors {@code __metadata__}, the
 * {@link ModelSpec} ({@code symkern.model.kind} and one {@code symkern.model.<argument>} per constructor argument), the
 * input shape of one example ({@code symkern.input_shape}, e.g. "1,28,28"), the class names ({@code symkern.classes},
 * comma-separated) and any further caller metadata (dataset, split seed ...). {@link #load} reads the metadata, rebuilds
 * the model from the spec, copies the weights in and returns it in evaluation mode: its outputs are bit-identical to the
 * saved model's on the same device (the same kernels on the same weights).
 *
 * <p>Errors name the file and the field: a file without {@code symkern.model.kind}, an unknown kind, a missing or
 * malformed argument, tensors that do not match the rebuilt model ({@link Checkpoint#check}).
 */
public final class Models {
    public static final String KIND = "symkern.model.kind", ARG = "symkern.model.", INPUT_SHAPE = "symkern.input_shape",
            CLASSES = "symkern.classes";

    private Models() {}

    /** A model read back from a file with its spec, input shape, class names and all metadata. */
    public record Loaded(Module model, ModelSpec spec, long[] inputShape, List<String> classNames, Map<String, String> metadata)
            implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** The kinds {@link #build} knows. */
    public static List<String> kinds() {
        return List.of("mlp", "z2cnn", "salf-cnn", "cnn1d", "salf-cnn1d", "gcn", "salf-gnn", "gcn-node");
    }

    /**
     * Writes `model`'s weights and the metadata that rebuilds it.
     *
     * @param inputShape one example's shape (without the batch axis; graphs: the node feature size)
     * @param classNames one name per class
     * @param extra      further metadata (keys must not start with "symkern.model." nor equal the reserved keys)
     */
    public static void save(Path file, Module model, ModelSpec spec, long[] inputShape, List<String> classNames, Map<String, String> extra) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (e.getKey().startsWith(ARG) || e.getKey().equals(INPUT_SHAPE) || e.getKey().equals(CLASSES))
                throw new IllegalArgumentException("Models.save: metadata key '" + e.getKey() + "' is reserved");
            meta.put(e.getKey(), e.getValue());
        }
        meta.put(KIND, spec.kind());
        for (Map.Entry<String, String> a : spec.args().entrySet()) meta.put(ARG + a.getKey(), a.getValue());
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < inputShape.length; i++) s.append(i == 0 ? "" : ",").append(inputShape[i]);
        meta.put(INPUT_SHAPE, s.toString());
        for (String c : classNames)
            if (c.contains(",")) throw new IllegalArgumentException("Models.save: class name '" + c + "' contains a comma");
        meta.put(CLASSES, String.join(",", classNames));
        Checkpoint.saveModule(file, model, meta);
    }

    /** Reads `file`, rebuilds its model on `device` with the saved weights, in evaluation mode. */
    public static Loaded load(Path file, Device device) {
        Checkpoint.Contents c = Checkpoint.load(file);
        Map<String, String> meta = c.metadata();
        String src = String.valueOf(file);
        String kind = meta.get(KIND);
        if (kind == null)
            throw new DataFormatException(src, "metadata field '" + KIND + "' is missing (not a model saved by symkern train --save / Models.save)");
        Map<String, String> args = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet())
            if (e.getKey().startsWith(ARG) && !e.getKey().equals(KIND)) args.put(e.getKey().substring(ARG.length()), e.getValue());
        ModelSpec spec = new ModelSpec(kind, args);
        String shape = meta.get(INPUT_SHAPE);
        if (shape == null) throw new DataFormatException(src, "metadata field '" + INPUT_SHAPE + "' is missing");
        long[] in;
        try {
            String[] p = shape.split(",");
            in = new long[p.length];
            for (int i = 0; i < p.length; i++) in[i] = Long.parseLong(p[i].trim());
        } catch (NumberFormatException e) {
            throw new DataFormatException(src, "metadata field '" + INPUT_SHAPE + "' = '" + shape + "' is not a comma-separated list of sizes");
        }
        String cls = meta.get(CLASSES);
        if (cls == null) throw new DataFormatException(src, "metadata field '" + CLASSES + "' is missing");
        List<String> classNames = List.of(cls.split(",", -1));
        Module m = build(spec, device, 0, src);
        try {
            Checkpoint.loadInto(m, c, "");
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        m.train(false);
        return new Loaded(m, spec, in, classNames, Collections.unmodifiableMap(new LinkedHashMap<>(meta)));
    }

    /** A fresh model of `spec` on `device` initialised with `seed` (the same weights as the kind's constructor with that seed). */
    public static Module build(ModelSpec spec, Device device, long seed) {
        return build(spec, device, seed, "model spec " + spec);
    }

    private static Module build(ModelSpec spec, Device device, long seed, String source) {
        Args a = new Args(spec, source);
        return switch (spec.kind()) {
            case "mlp" -> new Mlp(a.lng("in"), a.ints("hidden"), a.integer("classes"), a.flt("dropout"), device, seed);
            case "z2cnn" -> new Z2Cnn(a.lng("in_channels"), a.lng("channels"), a.lng("classes"), a.flt("dropout"), device, seed);
            case "salf-cnn" -> new SalfCnn(a.group("group"), a.lng("in_channels"), a.lng("fields"), a.lng("classes"), a.flt("gamma_init"),
                    a.bool("symmetric_only"), device, seed);
            case "cnn1d" -> new Cnn1d(a.lng("in_channels"), a.lng("channels"), a.lng("classes"), device, seed);
            case "salf-cnn1d" -> new SalfCnn1d(a.lng("in_channels"), a.lng("fields"), a.lng("classes"), a.flt("gamma_init"),
                    a.bool("symmetric_only"), device, seed);
            case "gcn" -> new Gcn(a.integer("in"), a.integer("hidden"), a.integer("layers"), a.integer("classes"), a.pool("pool"),
                    a.flt("dropout"), device, seed);
            case "salf-gnn" -> new SalfGnn(a.integer("in"), a.integer("hidden"), a.integer("layers"), a.integer("classes"), a.pool("pool"),
                    a.flt("dropout"), a.bool("symmetric_only"), a.flt("gamma_init"), device, seed);
            case "gcn-node" -> new GcnNodeClassifier(a.integer("in"), a.integer("hidden"), a.integer("layers"), a.integer("classes"),
                    a.aggregation("aggregation"), device, seed);
            default -> {
                Builder f = EXTRA.get(spec.kind());
                if (f == null)
                    throw new DataFormatException(source, "metadata field '" + KIND + "': unknown model kind '" + spec.kind() + "' (known: "
                            + String.join(", ", allKinds()) + ")");
                yield f.build(spec, device, seed);
            }
        };
    }

    /** Builds a model of a registered kind. */
    @FunctionalInterface
    public interface Builder {
        Module build(ModelSpec spec, Device device, long seed);
    }

    private static final Map<String, Builder> EXTRA = new java.util.concurrent.ConcurrentHashMap<>();

    /** Registers a builder for a further model kind (e.g. a task-specific model outside this package). */
    public static void register(String kind, Builder builder) {
        if (kinds().contains(kind)) throw new IllegalArgumentException("Models.register: '" + kind + "' is a built-in kind");
        EXTRA.put(kind, builder);
    }

    private static List<String> allKinds() {
        List<String> k = new ArrayList<>(kinds());
        k.addAll(new java.util.TreeSet<>(EXTRA.keySet()));
        return k;
    }

    /** Typed access to a spec's arguments; a missing or malformed one is a {@link DataFormatException} naming the field. */
    public static final class Args {
        private final ModelSpec spec;
        private final String source;

        public Args(ModelSpec spec, String source) {
            this.spec = spec;
            this.source = source;
        }

        private String raw(String key) {
            String v = spec.args().get(key);
            if (v == null)
                throw new DataFormatException(source, "metadata field '" + ARG + key + "' is missing (needed by model kind '" + spec.kind() + "')");
            return v.trim();
        }

        private DataFormatException bad(String key, String what) {
            return new DataFormatException(source, "metadata field '" + ARG + key + "' = '" + spec.args().get(key) + "' is not " + what);
        }

        public long lng(String key) {
            String r = raw(key);
            try {
                long v = Long.parseLong(r);
                if (v <= 0) throw bad(key, "a positive integer");
                return v;
            } catch (NumberFormatException e) {
                throw bad(key, "a positive integer");
            }
        }

        public int integer(String key) {
            long v = lng(key);
            if (v > Integer.MAX_VALUE) throw bad(key, "an int");
            return (int) v;
        }

        public int[] ints(String key) {
            String r = raw(key);
            if (r.isEmpty()) return new int[0];
            try {
                String[] p = r.split(",");
                int[] out = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    out[i] = Integer.parseInt(p[i].trim());
                    if (out[i] <= 0) throw bad(key, "a comma-separated list of positive integers");
                }
                return out;
            } catch (NumberFormatException e) {
                throw bad(key, "a comma-separated list of positive integers");
            }
        }

        public float flt(String key) {
            String r = raw(key);
            try {
                float v = Float.parseFloat(r);
                if (!Float.isFinite(v)) throw bad(key, "a finite number");
                return v;
            } catch (NumberFormatException e) {
                throw bad(key, "a number");
            }
        }

        public boolean bool(String key) {
            String r = raw(key);
            if (r.equals("true")) return true;
            if (r.equals("false")) return false;
            throw bad(key, "true or false");
        }

        public GSpace group(String key) {
            String r = raw(key);
            try {
                return GSpace.valueOf(r.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(key, "a group (p4, p4m, c8, c16, d8)");
            }
        }

        /** A GCN aggregation ("gcn" or "sum-l2"); "gcn" when the field is absent (files written before it existed). */
        public GcnNodeClassifier.Aggregation aggregation(String key) {
            String r = spec.args().get(key);
            if (r == null) return GcnNodeClassifier.Aggregation.GCN;
            try {
                return GcnNodeClassifier.Aggregation.of(r.trim());
            } catch (IllegalArgumentException e) {
                throw bad(key, "an aggregation (gcn, sum-l2)");
            }
        }

        public Reduce.Op pool(String key) {
            String r = raw(key);
            try {
                return Reduce.Op.valueOf(r.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(key, "a pooling (sum, mean, max)");
            }
        }
    }
}
