/**
 * Pure-Java group mathematics for symkern: permutations and permutation groups with their orbits on
 * points and on ordered pairs (ASEN "Algorithm 1"), the plane stabilisers C_N and D_N, the GrouPy p4 / p4m
 * filter index tables, the Z2 time-reversal tables for 1D signals, and the steerable C_N / D_N filter basis.
 *
 * <p>This package must not depend on tensors, the native binding, ops or autograd (docs/design.md,
 * section Invariants, item 7; a test scans its sources for such imports). The native orbit routine is reached through
 * {@code org.symkern.tensor.Orbits}, which returns the same {@link org.symkern.group.PairOrbits} type.
 * Formulas and test vectors: docs/groups.md (sections Permutation groups and 2-orbits, Rotations and reflections
 * of the square, Filter tables, Equivariance laws, Regular fields, Steerable basis).
 */
package org.symkern.group;
