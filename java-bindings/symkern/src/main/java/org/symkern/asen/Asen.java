package org.symkern.asen;

import java.util.ArrayList;
import java.util.List;

import org.symkern.asen.task.Task;
import org.symkern.group.PairOrbits;
import org.symkern.group.PermutationGroup;
import org.symkern.group.PermutationGroups;
import org.symkern.nn.Dropout;
import org.symkern.nn.Embedding;
import org.symkern.nn.LayerNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.ops.EdgeAttention;
import org.symkern.ops.EdgeAttention.SelfLoops;
import org.symkern.ops.Random;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Orbits;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * ASEN, Any-Subgroup Equivariant Network (Goel et al., ICLR 2026; docs/asen.md, section Model): a fully
 * S_n-equivariant GATv2 network on the complete directed graph of n positions whose symmetry is broken down to a
 * chosen group G by edge features tied to the 2-orbits of G.
 *
 * <h2>Model</h2>
 * For a task with group G = &lt;g_1..g_m&gt; let c(i, j) in [0, K) be the 2-orbit category of the ordered pair (i, j)
 * (the orbits of g.(i, j) = (g(i), g(j)), native {@code sk_pair_orbits}). Per task there is an edge embedder E
 * (K, d) (N(0, 1), optionally max-norm clipped) and, for equivariant tasks, a token embedder T (V, d). Everything
 * else is shared by all tasks of the model. For tokens t (B sequences of n):
 * <pre>
 *   equivariant input:  h0_i = LN(Linear(ReLU(LN(T[t_i]))))                     (input MLP, docs/asen.md, section Model)
 *   invariant input:    h0_i = ReLU(LN(Linear_{1->d}(float(t_i))))             (raw token value)
 *   layer l = 1..L:     a_i = GATv2_l(h, e)_i + b_l,   h_i &lt;- h_i + ReLU(LN_l(Proj_l(a_i)))
 *   GATv2 (H heads of C = d/H channels, docs/kernels.md, section GATv2 attention), edge j -> i of category c(j, i), e = E[c]:
 *       z_ij = W_r h_i + W_l h_j + W_e e_ji,   alpha_ij = softmax_j(att . LeakyReLU_0.2(z_ij)),
 *       GATv2(h)_i = [sum_j alpha_ij W_l h_j]_heads
 *   equivariant head:   logits_i = Linear_{d->2}(h_i)          (per node; CE over B*n nodes)
 *   invariant head:     y = Linear_{d->outputs}(sum_i h_i)     (sum readout; L1 regression or CE classification)
 * </pre>
 * followed, in training mode, by dropout on the outputs (the reference applies p = 0.1 there and nowhere else). All
 * B sequences of a task go through one dense batched call of the attention kernel (complete graphs of equal n,
 * {@link EdgeAttention#dense}); a batch mixing tasks is split by task by the caller.
 *
 * <h2>Equivariance</h2>
 * Let G^(2) = {s in S_n : c(s(i), s(j)) = c(i, j) for all i, j}, the 2-closure of G (it contains G; it equals G
 * when G is 2-closed: the reversal group, D_n on a cycle, S_a wr S_2, point stabilisers). For every s in G^(2) and
 * (s.t)_{s(i)} = t_i, with any weights and embedders:
 * <pre>
 *   equivariant tasks:  logits(s.t)_{s(i)} = logits(t)_i        invariant tasks:  y(s.t) = y(t)
 * </pre>
 * exactly (up to float rounding): the input maps and the node-wise layers commute with every relabelling, and s
 * preserves each edge's category, hence the edge features and every node's multiset of incoming categories (so also
 * the MEAN self-loop features). For s outside G^(2) the outputs generically change. The alternating group A_n
 * (n >= 4) has the 2-orbits of S_n (K = 2), so its model is S_n-equivariant: it cannot tell odd from even
 * permutations (docs/groups.md, section The alternating group).
 *
 * <h2>Options ({@link Config})</h2>
 * <ul>
 *   <li>{@code selfLoops}: {@link SelfLoops#MEAN} (default) reproduces the reference, where PyG replaces each
 *       self-loop's edge feature by the mean of the node's other incoming edge features, so the learned diagonal
 *       categories are never used; {@link SelfLoops#CATEGORY} keeps the diagonal 2-orbit embeddings (the stated
 *       intent).</li>
 *   <li>{@code edgeMaxNorm} &gt; 0: each edge embedding row e is used as e min(1, maxNorm/||e||) (the soft
 *       sparsification of perm_utils; one norm for all categories).</li>
 *   <li>{@code nonEquivariant}: the baseline with generators {id} for every task (K = n^2, no symmetry).</li>
 *   <li>{@code outputDropout}: the reference's dropout on the outputs (0.1); 0 turns it off.</li>
 * </ul>
 * There is no OrbitLinear (EquiMLP) block in this model; {@link org.symkern.nn.OrbitLinear} is the separate layer
 * for that baseline.
 *
 * <p>Note on the invariant input (kept as in the reference): LN(w t + b) of a scalar token t is a one-parameter curve
 * that saturates to +-LN(w) once |t| >> |b / w|, so at initialisation large token values (detect capital's letter
 * codes up to 51) are nearly indistinguishable; training can move the transition by learning b / w.
 *
 * <p>Differences from the reference, on purpose: the token table has exactly the task's vocabulary (the reference
 * uses 81 / 82 rows, of which only the first few are ever indexed, which changes nothing but the parameter count);
 * the invariant head has width max(outputs) over the tasks (1 for regression, 2 when the sign task is present, whose
 * loss uses the first 2 columns while regression tasks use column 0).
 */
public final class Asen extends Module {
    /** Model options; {@link #reference()} gives the reference's equivariant setting. */
    public record Config(int hidden, int layers, int heads, float outputDropout, SelfLoops selfLoops, float edgeMaxNorm,
                         boolean nonEquivariant) implements java.io.Serializable {
        /** Checks the sizes: hidden divisible by heads, dropout in [0, 1), a positive or infinite edge max-norm. */
        public Config {
            if (hidden <= 0 || layers < 0 || heads <= 0)
                throw new IllegalArgumentException("Asen: hidden " + hidden + ", layers " + layers + ", heads " + heads + " must be positive");
            if (hidden % heads != 0)
                throw new IllegalArgumentException("Asen: hidden width " + hidden + " is not a multiple of the " + heads + " heads");
            if (!(outputDropout >= 0f && outputDropout < 1f))
                throw new IllegalArgumentException("Asen: output dropout " + outputDropout + " outside [0, 1)");
            if (selfLoops == null) throw new IllegalArgumentException("Asen: self-loop mode is null");
        }

        /** d = 128, L = 4, 8 heads, output dropout 0.1, MEAN self loops, no max-norm, equivariant. */
        public static Config reference() {
            return new Config(128, 4, 8, 0.1f, SelfLoops.MEAN, 0f, false);
        }

        /** This configuration with hidden width d (a multiple of the head count). */
        public Config withHidden(int d) {
            return new Config(d, layers, heads, outputDropout, selfLoops, edgeMaxNorm, nonEquivariant);
        }

        /** This configuration with l GATv2 layers. */
        public Config withLayers(int l) {
            return new Config(hidden, l, heads, outputDropout, selfLoops, edgeMaxNorm, nonEquivariant);
        }

        /** This configuration with h attention heads. */
        public Config withHeads(int h) {
            return new Config(hidden, layers, h, outputDropout, selfLoops, edgeMaxNorm, nonEquivariant);
        }

        /** This configuration with output dropout p (0: off). */
        public Config withOutputDropout(float p) {
            return new Config(hidden, layers, heads, p, selfLoops, edgeMaxNorm, nonEquivariant);
        }

        /** This configuration with the given self-loop rule of the attention. */
        public Config withSelfLoops(SelfLoops mode) {
            return new Config(hidden, layers, heads, outputDropout, mode, edgeMaxNorm, nonEquivariant);
        }

        /** This configuration with the edge embeddings clipped to this L2 norm (infinite: no clipping). */
        public Config withEdgeMaxNorm(float maxNorm) {
            return new Config(hidden, layers, heads, outputDropout, selfLoops, maxNorm, nonEquivariant);
        }

        /** This configuration with every task encoded by the trivial group {id} (K = n^2) when on. */
        public Config withNonEquivariant(boolean on) {
            return new Config(hidden, layers, heads, outputDropout, selfLoops, edgeMaxNorm, on);
        }
    }

    /** One residual GATv2 layer's parameters (registered on the model as "layers.l.*"). */
    private static final class Block {
        Linear linL, linR, linEdge, proj;
        LayerNorm norm;
        Tensor att, bias;
    }

    private final Config config;
    private final Device device;
    private final Task.Kind kind;
    private final List<Task> tasks;
    private final List<PairOrbits> orbits = new ArrayList<>();
    private final List<Embedding> edgeEmbedders = new ArrayList<>();
    private final List<Embedding> tokenEmbedders = new ArrayList<>();
    private final List<Module> inputLayers = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final Linear head;
    private final Dropout dropout;
    private final int outputs;
    private final Scope tables;
    private final List<Tensor> categoryTables = new ArrayList<>();
    private final List<Tensor> categoryIds = new ArrayList<>();

    /**
     * @param tasks one or more tasks, all equivariant or all invariant (they may differ in n); each gets its own edge
     *     (and token) embedder, keyed by its position in this list
     */
    public Asen(List<Task> tasks, Config config, Device device, long seed) {
        super("Asen(" + taskNames(tasks) + ", d=" + config.hidden() + ", L=" + config.layers() + ")");
        this.config = config;
        this.device = device;
        this.tasks = List.copyOf(tasks);
        this.kind = tasks.get(0).kind();
        final int d = config.hidden();
        int out = 1;
        for (Task t : tasks) {
            if (t.kind() != kind)
                throw new IllegalArgumentException(name() + ": tasks mix equivariant and invariant (" + t.describe() + ")");
            out = Math.max(out, t.outputs());
        }
        this.outputs = out;
        this.tables = Scope.standalone(name() + " tables");
        for (int k = 0; k < tasks.size(); ++k) {
            Task t = tasks.get(k);
            PermutationGroup g = config.nonEquivariant() ? PermutationGroups.trivial(t.n()) : t.group();
            PairOrbits po = Orbits.pairOrbits(g);
            orbits.add(po);
            String key = "task" + k + "_" + t.name();
            edgeEmbedders.add(child("edge." + key, new Embedding(po.count(), d, config.edgeMaxNorm(), device, mix(seed, 100 + k))));
            if (kind == Task.Kind.EQUIVARIANT)
                tokenEmbedders.add(child("token." + key, new Embedding(t.vocabSize(), d, device, mix(seed, 200 + k))));
            try (Scope.Activation a = tables.activate()) {
                categoryTables.add(Tensor.ofInts(po.categories(), Shape.of(t.n(), t.n()), device));
                categoryIds.add(Tensor.ofInts(java.util.stream.IntStream.range(0, po.count()).toArray(), Shape.of(po.count()), device));
            }
        }
        if (kind == Task.Kind.EQUIVARIANT) {
            inputLayers.add(child("input.norm0", new LayerNorm(d, device)));
            inputLayers.add(child("input.linear", new Linear(d, d, device, mix(seed, 1))));
            inputLayers.add(child("input.norm1", new LayerNorm(d, device)));
        } else {
            inputLayers.add(child("input.linear", new Linear(1, d, device, mix(seed, 1))));
            inputLayers.add(child("input.norm", new LayerNorm(d, device)));
        }
        final int heads = config.heads(), channels = d / heads;
        for (int l = 0; l < config.layers(); ++l) {
            Block b = new Block();
            String p = "layers." + l + ".";
            long s = mix(seed, 1000 + 10L * l);
            b.linL = child(p + "lin_l", glorot(new Linear(d, d, true, device, s + 1), s + 11));
            b.linR = child(p + "lin_r", glorot(new Linear(d, d, true, device, s + 2), s + 12));
            b.linEdge = child(p + "lin_edge", glorot(new Linear(d, d, false, device, s + 3), s + 13));
            float ab = (float) Math.sqrt(6.0 / (heads + channels));
            b.att = parameter(p + "att", Shape.of(heads, channels), device,
                    () -> Random.uniform(Shape.of(heads, channels), device, -ab, ab, s + 4, 0));
            b.bias = parameter(p + "bias", Shape.of(d), device, () -> Tensor.zeros(Shape.of(d), device));
            b.proj = child(p + "proj", new Linear(d, d, device, s + 5));
            b.norm = child(p + "norm", new LayerNorm(d, device));
            blocks.add(b);
        }
        this.head = child("head", new Linear(d, kind == Task.Kind.EQUIVARIANT ? 2 : outputs, device, mix(seed, 2)));
        this.dropout = child("dropout", new Dropout(config.outputDropout(), mix(seed, 3)));
    }

    /** A single-task model. */
    public Asen(Task task, Config config, Device device, long seed) {
        this(List.of(task), config, device, seed);
    }

    private static String taskNames(List<Task> tasks) {
        if (tasks == null || tasks.isEmpty()) throw new IllegalArgumentException("Asen needs at least one task");
        StringBuilder b = new StringBuilder();
        for (Task t : tasks) b.append(b.length() == 0 ? "" : ",").append(t.name());
        return b.toString();
    }

    private static long mix(long seed, long k) {
        return seed * 1_000_003L + k;
    }

    /** Replaces a Linear's weight (out, in) by glorot-uniform values (PyG's Linear init inside GATv2Conv). */
    private static Linear glorot(Linear l, long seed) {
        Tensor w = l.weight();
        float b = (float) Math.sqrt(6.0 / (w.dim(0) + w.dim(1)));
        try (Scope s = Scope.open()) {
            w.copyFrom(Random.uniform(w.shape(), w.device(), -b, b, seed, 0));
        }
        return l;
    }

    /**
     * The outputs for a batch of task {@code task}'s sequences: tokens int32 (B, n) on this model's device (or any
     * device: it is moved). Equivariant tasks: per-node logits (B, n, 2); invariant tasks: (B, outputs()).
     */
    public Tensor forward(int task, Tensor tokens) {
        Task t = task(task);
        if (tokens.dtype() != DType.INT32 || tokens.rank() != 2 || tokens.dim(1) != t.n())
            throw new IllegalArgumentException(name() + ": tokens for " + t.describe() + " must be int32 (B, " + t.n() + "), got "
                    + tokens.describe());
        Tensor h;
        if (kind == Task.Kind.EQUIVARIANT) {
            h = tokenEmbedders.get(task).forward(tokens.to(device));
            h = inputLayers.get(0).forward(h).relu();
            h = inputLayers.get(2).forward(inputLayers.get(1).forward(h));
        } else {
            int[] raw = tokens.toIntArray();
            float[] v = new float[raw.length];
            for (int i = 0; i < raw.length; ++i) v[i] = raw[i];
            h = Tensor.of(v, Shape.of(tokens.dim(0), t.n(), 1), device);
            h = inputLayers.get(1).forward(inputLayers.get(0).forward(h)).relu();
        }
        Tensor e = edgeEmbedders.get(task).forward(categoryIds.get(task));       // (K, d), max-norm applied
        Tensor cat = categoryTables.get(task);
        for (Block b : blocks) {
            Tensor xl = b.linL.forward(h), xr = b.linR.forward(h), ep = b.linEdge.forward(e);
            Tensor a = EdgeAttention.dense(xl, xr, ep, b.att, cat, config.selfLoops(), 0.2f).add(b.bias);
            h = h.add(b.norm.forward(b.proj.forward(a)).relu());
        }
        Tensor y = kind == Task.Kind.EQUIVARIANT ? head.forward(h) : head.forward(h.sum(1, false));
        return dropout.forward(y);
    }

    /** {@link #forward(int, Tensor)} on host tokens (B rows of n). */
    public Tensor forward(int task, int[][] tokens) {
        int n = task(task).n();
        int[] flat = new int[tokens.length * n];
        for (int b = 0; b < tokens.length; ++b) {
            if (tokens[b].length != n)
                throw new IllegalArgumentException(name() + ": token row " + b + " has " + tokens[b].length + " entries, expected " + n);
            System.arraycopy(tokens[b], 0, flat, b * n, n);
        }
        Tensor x = Tensor.ofInts(flat, Shape.of(tokens.length, n), device);
        return forward(task, x);
    }

    /** The single task's outputs; throws when the model has several tasks (use {@link #forward(int, Tensor)}). */
    @Override
    public Tensor forward(Tensor tokens) {
        if (tasks.size() != 1)
            throw new IllegalStateException(name() + " has " + tasks.size() + " tasks: call forward(task, tokens)");
        return forward(0, tokens);
    }

    /** The task with index {@code task} (the order given to the constructor). */
    public Task task(int task) {
        if (task < 0 || task >= tasks.size())
            throw new IndexOutOfBoundsException(name() + ": task " + task + " outside [0, " + tasks.size() + ")");
        return tasks.get(task);
    }

    /** The model's tasks, in order. */
    public List<Task> tasks() {
        return tasks;
    }

    /** Whether the model is equivariant (per-node outputs) or invariant (one output per sequence). */
    public Task.Kind kind() {
        return kind;
    }

    /** The configuration the model was built with. */
    public Config config() {
        return config;
    }

    /** The device holding the parameters. */
    public Device device() {
        return device;
    }

    /** Width of the invariant head (1 when every task regresses); 2 per node for equivariant tasks. */
    public int outputs() {
        return kind == Task.Kind.EQUIVARIANT ? 2 : outputs;
    }

    /** The 2-orbits that define task {@code task}'s edge categories ({id}'s when non-equivariant). */
    public PairOrbits orbits(int task) {
        task(task);
        return orbits.get(task);
    }

    /** Task {@code task}'s edge embedding table (K, d). */
    public Tensor edgeTable(int task) {
        task(task);
        return edgeEmbedders.get(task).weight();
    }

    /** The edge embedders' tables (the reference's learning-rate group 0.03). */
    public List<Tensor> edgeParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Embedding e : edgeEmbedders) out.add(e.weight());
        return out;
    }

    /** The token embedders' tables (the reference's learning-rate group 0.1); empty for invariant models. */
    public List<Tensor> tokenParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Embedding e : tokenEmbedders) out.add(e.weight());
        return out;
    }

    /** Every shared parameter: input map, GATv2 layers, projections, norms, head (learning-rate group 0.01). */
    public List<Tensor> bodyParameters() {
        List<Tensor> out = new ArrayList<>(parameters());
        out.removeAll(edgeParameters());
        out.removeAll(tokenParameters());
        return out;
    }

    @Override
    public void close() {
        tables.close();
        super.close();
    }
}
