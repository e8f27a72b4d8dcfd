package org.symkern.nn;

import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Tensor;

/**
 * A layer over a batch of variable-size sets stored as CSR rows: x is (rows, features) and offsets is an
 * int64 vector of sets + 1 row pointers (set s = rows offsets[s] .. offsets[s+1]-1; see
 * {@code org.symkern.ops.SegmentReduce#offsets}). {@link DeepSets} passes the offsets to stages that
 * implement this interface and calls plain {@link Module#forward} (a row-wise map) on the others.
 */
public interface SetLayer {
    /** The layer on the rows x of sets given by CSR {@code offsets}. */
    Tensor forward(Tensor x, Tensor offsets);

    /** The layer applied to all rows of x as one set. */
    default Tensor forwardOneSet(Tensor x) {
        return forward(x, SegmentReduce.offsets(x.device(), x.rank() > 0 ? x.dim(0) : 0));
    }
}
