package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symkern.autograd.GradCheck;
import org.symkern.group.Permutation;
import org.symkern.group.PermutationGroup;
import org.symkern.group.PermutationGroups;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** The orbit-tied linear layer: G-equivariance for the generators of each ASEN task group, and its limits. */
class OrbitLinearLayerTest {
    static double check(String what, PermutationGroup group, boolean separable, Permutation g) {
        try (OrbitLinear layer = new OrbitLinear(group.pairOrbits(), 5, 4, separable, true, Device.CPU, 21); Scope s = Scope.open()) {
            /* a non-zero bias, so that the node-orbit term is part of what is checked */
            layer.bias().copyFrom(Fixtures.randn(2, (int) layer.bias().numel(), 1.0));
            double err = Equivariance.error(layer::forward, Fixtures.randn(3, 1.0, 2, group.degree(), 5), g);
            System.out.printf("OrbitLinear(%s), %s, g = %s: equivariance error %.3g%n", separable ? "separable" : "full", what,
                    g.toCycleString(), err);
            return err;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void isEquivariantUnderTheGeneratorsOfEachTaskGroup(boolean separable) {
        List<PermutationGroup> groups = List.of(PermutationGroups.reversalGroup(10), PermutationGroups.dihedral(10),
                PermutationGroups.wreathHalves(10), PermutationGroups.fixingFirst(8), PermutationGroups.cyclic(7));
        for (PermutationGroup g : groups)
            for (Permutation gen : g.generators())
                assertTrue(check(g.toString(), g, separable, gen) < 1e-5, g + " generator " + gen);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void permutationsOutsideTheTwoClosureChangeTheOutput(boolean separable) {
        assertTrue(check("reversal n=10", PermutationGroups.reversalGroup(10), separable, PermutationGroups.rotation(10, 1)) > 1e-3);
        assertTrue(check("dihedral n=10", PermutationGroups.dihedral(10), separable, Permutation.transposition(10, 0, 1)) > 1e-3);
        assertTrue(check("intersect n=10", PermutationGroups.wreathHalves(10), separable, Permutation.transposition(10, 4, 5)) > 1e-3);
    }

    /** A_8 (3-cycles) has the 2-orbits of S_8: the layer commutes with an odd transposition as well. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void alternatingGroupLayerIsAlsoEquivariantUnderAnOddTransposition(boolean separable) {
        PermutationGroup a8 = PermutationGroups.alternating(8);
        assertTrue(check("A_8", a8, separable, Permutation.cycle(8, 1, 4, 6)) < 1e-5);
        assertTrue(check("A_8 (odd transposition)", a8, separable, Permutation.transposition(8, 0, 1)) < 1e-5);
    }

    @Test
    void initialisationAndGradients() {
        PermutationGroup d = PermutationGroups.dihedral(10);
        try (OrbitLinear sep = new OrbitLinear(d.pairOrbits(), 6, 3, true, true, Device.CPU, 5); Scope s = Scope.open()) {
            assertEquals(Shape.of(6), sep.alpha().shape());
            assertEquals(Shape.of(6, 3), sep.weight().shape());
            assertEquals(Shape.of(1, 3), sep.bias().shape());   // D_10 is transitive: one node orbit
            double bound = Math.sqrt(6.0 / 9);
            for (float v : sep.weight().toFloatArray()) assertTrue(Math.abs(v) <= bound);
            Tensor x = Fixtures.randn(4, 1.0, 2, 10, 6);
            Tensor[] in = {sep.alpha(), sep.weight(), sep.bias()};
            GradCheck.assertGradients(t -> sep.forward(x), in, 1e-2, 2e-3, 2e-3);
        }
        try (OrbitLinear full = new OrbitLinear(PermutationGroups.fixingFirst(6).pairOrbits(), 2, 3, false, true, Device.CPU, 5)) {
            assertEquals(Shape.of(5, 2, 3), full.weight().shape());
            assertEquals(Shape.of(2, 3), full.bias().shape());   // point 0, and the rest
            assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1}, OrbitLinear.nodeOrbits(PermutationGroups.fixingFirst(6).pairOrbits()).ids());
        }
    }
}
