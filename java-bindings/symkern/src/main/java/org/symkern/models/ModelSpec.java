package org.symkern.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.symkern.nn.GSpace;
import org.symkern.ops.Reduce;

/**
 * What is needed to rebuild a model of the library with fresh weights: its kind and the constructor arguments that
 * fix the architecture (widths, group, number of classes, input channels ...), as strings. Seeds are not part of a
 * spec: a rebuilt model's weights are overwritten by the saved ones ({@link Models#load}).
 *
 * <p>Kinds and their arguments:
 * <pre>
 *   mlp        in, hidden (comma list), classes, dropout                          {@link Mlp}
 *   z2cnn      in_channels, channels, classes, dropout                            {@link Z2Cnn}
 *   salf-cnn   group (p4|p4m|c8|c16|d8), in_channels, fields, classes, gamma_init, symmetric_only   {@link org.symkern.salf.SalfCnn}
 *   cnn1d      in_channels, channels, classes                                     {@link Cnn1d}
 *   salf-cnn1d in_channels, fields, classes, gamma_init, symmetric_only           {@link org.symkern.salf.SalfCnn1d}
 *   gcn        in, hidden, layers, classes, pool (sum|mean|max), dropout          {@link Gcn}
 *   salf-gnn   in, hidden, layers, classes, pool, dropout, symmetric_only, gamma_init   {@link org.symkern.salf.SalfGnn}
 *   gcn-node   in, hidden, layers, classes, aggregation (gcn|sum-l2; optional, gcn)  {@link GcnNodeClassifier}
 * </pre>
 */
public final class ModelSpec {
    private final String kind;
    private final Map<String, String> args;

    public ModelSpec(String kind, Map<String, String> args) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    public String kind() {
        return kind;
    }

    /** The arguments in insertion order. */
    public Map<String, String> args() {
        return args;
    }

    private static ModelSpec of(String kind, Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], str(kv[i + 1]));
        return new ModelSpec(kind, m);
    }

    private static String str(Object o) {
        if (o instanceof int[] a) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < a.length; i++) b.append(i == 0 ? "" : ",").append(a[i]);
            return b.toString();
        }
        if (o instanceof GSpace g) return g.toString();
        if (o instanceof Reduce.Op op) return op.name().toLowerCase(Locale.ROOT);
        return String.valueOf(o);
    }

    public static ModelSpec mlp(long in, int[] hidden, int classes, float dropout) {
        return of("mlp", "in", in, "hidden", hidden, "classes", classes, "dropout", dropout);
    }

    public static ModelSpec z2cnn(long inChannels, long channels, long classes, float dropout) {
        return of("z2cnn", "in_channels", inChannels, "channels", channels, "classes", classes, "dropout", dropout);
    }

    public static ModelSpec salfCnn(GSpace group, long inChannels, long fields, long classes, float gammaInit, boolean symmetricOnly) {
        return of("salf-cnn", "group", group, "in_channels", inChannels, "fields", fields, "classes", classes, "gamma_init", gammaInit,
                "symmetric_only", symmetricOnly);
    }

    public static ModelSpec cnn1d(long inChannels, long channels, long classes) {
        return of("cnn1d", "in_channels", inChannels, "channels", channels, "classes", classes);
    }

    public static ModelSpec salfCnn1d(long inChannels, long fields, long classes, float gammaInit, boolean symmetricOnly) {
        return of("salf-cnn1d", "in_channels", inChannels, "fields", fields, "classes", classes, "gamma_init", gammaInit,
                "symmetric_only", symmetricOnly);
    }

    public static ModelSpec gcn(int in, int hidden, int layers, int classes, Reduce.Op pool, float dropout) {
        return of("gcn", "in", in, "hidden", hidden, "layers", layers, "classes", classes, "pool", pool, "dropout", dropout);
    }

    public static ModelSpec salfGnn(int in, int hidden, int layers, int classes, Reduce.Op pool, float dropout, boolean symmetricOnly,
                                    float gammaInit) {
        return of("salf-gnn", "in", in, "hidden", hidden, "layers", layers, "classes", classes, "pool", pool, "dropout", dropout,
                "symmetric_only", symmetricOnly, "gamma_init", gammaInit);
    }

    public static ModelSpec gcnNode(int in, int hidden, int layers, int classes) {
        return of("gcn-node", "in", in, "hidden", hidden, "layers", layers, "classes", classes);
    }

    /** A node classifier whose layers aggregate as `aggregation` (the argument is written only when it is not the default). */
    public static ModelSpec gcnNode(int in, int hidden, int layers, int classes, GcnNodeClassifier.Aggregation aggregation) {
        ModelSpec s = gcnNode(in, hidden, layers, classes);
        return aggregation == GcnNodeClassifier.Aggregation.GCN ? s : s.with("aggregation", aggregation.key());
    }

    /** A copy with one more (or a replaced) argument. */
    public ModelSpec with(String key, Object value) {
        Map<String, String> m = new LinkedHashMap<>(args);
        m.put(key, str(value));
        return new ModelSpec(kind, m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && s.kind.equals(kind) && s.args.equals(args);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + args.hashCode();
    }

    @Override
    public String toString() {
        return kind + args;
    }
}
