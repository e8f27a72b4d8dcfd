package org.symkern.nn;

import org.symkern.group.FilterTables;
import org.symkern.group.SteerableBasis;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The K8 table of a group-convolution layer (see {@link org.symkern.ops.FilterExpand}): int32 idx and float32
 * coef (null = all ones) of shape (to, si, taps, e), over a filter with q = si_src * perPlane parameters per
 * (out, in) field pair, so that
 * <pre>
 *   W_exp[o, t, i, s, tap] = sum_{m &lt; e} coef[t, s, tap, m] * w[o, i, idx[t, s, tap, m]]
 * </pre>
 * Built on the host, once per layer, from {@code org.symkern.group}:
 * <ul>
 *   <li>{@link #gather}: p4 / p4m / Z2 time reversal (GrouPy), e = 1, no coef:
 *       idx[t, s, tap] = T[t, s] * taps + source[t][tap] (lifting: T = 0, si = 1);</li>
 *   <li>{@link #steerable}: C_N / D_N regular fields, e = nb basis images, w = basis coefficients:
 *       idx[t, s, tap, j] = T[t, s] * nb + j and coef[t, s, tap, j] = M[t][tap][j] = B_j(g_t^{-1} . x_tap).</li>
 * </ul>
 *
 * @param idx       (to, si, taps, e) flattened
 * @param coef      same size, or null for pure gathers
 * @param perPlane  filter parameters per (out field, in field, source group element): taps or nb
 */
record GroupFilterTable(int[] idx, float[] coef, int to, int si, int taps, int e, int perPlane) {
    /** p4 / p4m / time-reversal gather table of {@code ft}, lifting (si = 1) or group layer (si = |H|). */
    static GroupFilterTable gather(FilterTables ft, boolean lifting) {
        int g = ft.groupOrder(), si = lifting ? 1 : g, taps = ft.taps();
        int[] idx = new int[g * si * taps];
        int n = 0;
        for (int t = 0; t < g; ++t)
            for (int s = 0; s < si; ++s)
                for (int p = 0; p < taps; ++p) idx[n++] = (lifting ? 0 : ft.stabiliser(t, s)) * taps + ft.sourceTap(t, p);
        return new GroupFilterTable(idx, null, g, si, taps, 1, taps);
    }

    /** Steerable-basis table of {@code basis}, lifting (si = 1) or group layer (si = |G|). */
    static GroupFilterTable steerable(SteerableBasis basis, boolean lifting) {
        int g = basis.group().order(), si = lifting ? 1 : g, nb = basis.size();
        int taps = basis.kernelSize() * basis.kernelSize();
        float[] m = basis.expansionTable();   // [t][tap][j]
        int[][] tt = basis.stabiliserTable();
        int[] idx = new int[g * si * taps * nb];
        float[] coef = new float[idx.length];
        int n = 0;
        for (int t = 0; t < g; ++t)
            for (int s = 0; s < si; ++s)
                for (int p = 0; p < taps; ++p)
                    for (int j = 0; j < nb; ++j, ++n) {
                        idx[n] = (lifting ? 0 : tt[t][s]) * nb + j;
                        coef[n] = m[(t * taps + p) * nb + j];
                    }
        return new GroupFilterTable(idx, coef, g, si, taps, nb, nb);
    }

    Shape shape() {
        return Shape.of(to, si, taps, e);
    }

    Tensor idxTensor(Device device) {
        return Tensor.ofInts(idx, shape(), device);
    }

    /** The coefficient tensor, or null for a pure gather. */
    Tensor coefTensor(Device device) {
        return coef == null ? null : Tensor.of(coef, shape(), device);
    }

    /**
     * sum over the taps of the identity element's filter of sum_m coef^2: the squared norm that one unit
     * parameter spreads over a filter (taps for a gather, about nb for a normalized basis). The He-style
     * init divides by it so that every layer starts with the variance of a plain conv with the same fan-in.
     */
    double identityEnergy() {
        double sum = 0;
        for (int p = 0; p < taps; ++p)
            for (int m = 0; m < e; ++m) {
                double c = coef == null ? 1.0 : coef[p * e + m];   // t = 0, s = 0
                sum += c * c;
            }
        return sum;
    }
}
