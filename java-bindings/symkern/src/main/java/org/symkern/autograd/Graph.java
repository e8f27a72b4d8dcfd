package org.symkern.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.symkern.tensor.Tensor;

/**
 * Reverse-mode differentiation (micrograd's algorithm, iterative): a depth-first topological order of the
 * nodes that require gradients, then one walk from the root back to the leaves in which each function's
 * backward runs once and gradients reaching the same node are summed. Leaves accumulate (+=) into
 * {@link Tensor#grad()}; the graph's saved tensors are released afterwards, so a second backward through
 * the same graph is an error. Intermediate gradients live in the current scope.
 */
public final class Graph {
    private Graph() {}

    /** Backpropagates from `root`; `seed` is d(out)/d(root) (null means 1 for a one-element root). */
    public static void backward(Tensor root, Tensor seed) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward(): the tensor " + root.shape() + " does not require grad");
        if (seed == null) {
            if (root.numel() != 1)
                throw new IllegalArgumentException("backward() without a seed needs a one-element tensor, got " + root.shape());
            seed = Tensor.full(root.shape(), 1f, root.device());
        } else if (!seed.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward seed " + seed.shape() + " does not match " + root.shape());
        }

        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor node = order.get(i);
            Tensor g = grads.remove(node);
            if (g == null) continue;
            Function fn = node.gradFn();
            if (fn == null) {
                node.accumulateGrad(g);
                continue;
            }
            Tensor[] inputs = fn.inputs();
            Tensor[] gs = fn.runBackward(g);
            for (int k = 0; k < inputs.length; k++) {
                Tensor in = inputs[k];
                if (!in.requiresGrad() || gs[k] == null) continue;
                if (!gs[k].shape().equals(in.shape()))
                    throw new IllegalStateException(fn.name() + ".backward returned gradient " + gs[k].shape()
                            + " for input " + k + " of shape " + in.shape());
                Tensor prev = grads.get(in);
                grads.put(in, prev == null ? gs[k] : prev.add(gs[k]));
            }
            fn.release();
        }
    }

    /** Nodes requiring grad reachable from root, each after all of its inputs (post-order DFS). */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Tensor> nodes = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        visited.add(root);
        nodes.push(root);
        next.push(0);
        while (!nodes.isEmpty()) {
            Tensor t = nodes.peek();
            int k = next.pop();
            Function fn = t.gradFn();
            Tensor[] inputs = fn == null ? null : fn.inputs();
            if (inputs != null && k < inputs.length) {
                next.push(k + 1);
                Tensor in = inputs[k];
                if (in.requiresGrad() && visited.add(in)) {
                    nodes.push(in);
                    next.push(0);
                }
            } else {
                nodes.pop();
                order.add(t);
            }
        }
        return order;
    }
}
