package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.symkern.group.PairOrbits;
import org.symkern.group.Permutation;
import org.symkern.group.PermutationGroup;
import org.symkern.group.PermutationGroups;
import org.symkern.ops.EdgeAttention.SelfLoops;
import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The ASEN equivariance statement (docs/asen.md, section Model) for a 2-layer orbit-GATv2 stack with a shared
 * edge table: exact (up to float rounding) for permutations in the 2-closure of G, clearly broken outside it.
 */
class OrbitGatV2Test {
    static final int IN = 8, HEADS = 2, CH = 4, EDGE = 8;

    /** layer2(relu(layer1(x))) with one edge table shared by both layers (as ASEN shares it per task). */
    static final class Stack implements AutoCloseable {
        final Scope params = Scope.standalone("shared edge table");
        final OrbitGatV2 l1, l2;

        Stack(PairOrbits orbits, SelfLoops mode, long seed) {
            Tensor table;
            try (Scope.Activation a = params.activate()) {
                table = Random.normal(Shape.of(orbits.count(), EDGE), Device.CPU, 0f, 1f, seed, 0).requiresGrad(true);
            }
            l1 = OrbitGatV2.dense(orbits, IN, HEADS, CH, EDGE, table, mode, Device.CPU, seed + 1);
            l2 = OrbitGatV2.dense(orbits, HEADS * CH, HEADS, CH, EDGE, table, mode, Device.CPU, seed + 2);
        }

        Tensor forward(Tensor x) {
            return l2.forward(l1.forward(x).relu());
        }

        @Override
        public void close() {
            l1.close();
            l2.close();
            params.close();
        }
    }

    static double check(String what, PermutationGroup group, SelfLoops mode, Permutation g) {
        try (Stack net = new Stack(group.pairOrbits(), mode, 17); Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(5, 1.0, 2, group.degree(), IN);
            UnaryOperator<Tensor> f = net::forward;
            double err = Equivariance.error(f, x, g);
            System.out.printf("OrbitGatV2 stack, %s, self loops %s, g = %s: equivariance error %.3g%n", what, mode, g.toCycleString(), err);
            return err;
        }
    }

    @ParameterizedTest
    @EnumSource(value = SelfLoops.class, names = {"MEAN", "CATEGORY"})
    void reversalGroupIsRespectedAndRotationIsNot(SelfLoops mode) {
        PermutationGroup rev = PermutationGroups.reversalGroup(10);
        assertEquals(50, rev.pairOrbits().count());
        assertTrue(check("reversal group n=10", rev, mode, PermutationGroups.reversal(10)) < 1e-5);
        assertTrue(check("reversal group n=10", rev, mode, PermutationGroups.rotation(10, 1)) > 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = SelfLoops.class, names = {"MEAN", "CATEGORY"})
    void dihedralGroupIsRespectedAndASwapIsNot(SelfLoops mode) {
        PermutationGroup d = PermutationGroups.dihedral(10);
        assertEquals(6, d.pairOrbits().count());
        assertTrue(check("dihedral n=10", d, mode, PermutationGroups.rotation(10, 1)) < 1e-5);
        assertTrue(check("dihedral n=10", d, mode, PermutationGroups.rotation(10, 3)) < 1e-5);
        assertTrue(check("dihedral n=10", d, mode, PermutationGroups.reversal(10)) < 1e-5);
        assertTrue(check("dihedral n=10", d, mode, Permutation.transposition(10, 0, 1)) > 1e-3);
    }

    /** A_8 has the 2-orbits of S_8 (K = 2), so the layer is S_8-equivariant: an odd transposition is respected too. */
    @Test
    void alternatingGroupOvershootsToTheSymmetricGroup() {
        PermutationGroup a8 = PermutationGroups.alternating(8);
        assertEquals(2, a8.pairOrbits().count());
        for (SelfLoops mode : new SelfLoops[] {SelfLoops.MEAN, SelfLoops.CATEGORY}) {
            assertTrue(check("A_8", a8, mode, Permutation.cycle(8, 0, 3, 5)) < 1e-5);
            Permutation odd = Permutation.transposition(8, 2, 6);
            assertEquals(-1, odd.sign());
            assertTrue(check("A_8 (odd transposition, 2-closure S_8)", a8, mode, odd) < 1e-5);
        }
    }

    @ParameterizedTest
    @EnumSource(SelfLoops.class)
    void denseAndCsrLayersAgree(SelfLoops mode) {
        PairOrbits orbits = PermutationGroups.dihedral(7).pairOrbits();
        int[][] csr = OrbitGatV2.completeGraphCsr(orbits, 3);
        try (OrbitGatV2 d = OrbitGatV2.dense(orbits, IN, HEADS, CH, EDGE, null, mode, Device.CPU, 4);
             OrbitGatV2 c = OrbitGatV2.csr(csr[0], csr[1], csr[2], orbits.count(), IN, HEADS, CH, EDGE, null, mode, Device.CPU, 4);
             Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(9, 1.0, 3, 7, IN);
            assertArrayEquals(d.forward(x).toFloatArray(), c.forward(x.reshape(21, IN)).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void everyParameterAndTheSharedTableReceiveGradients() {
        try (Stack net = new Stack(PermutationGroups.reversalGroup(6).pairOrbits(), SelfLoops.MEAN, 3); Scope s = Scope.open()) {
            net.forward(Fixtures.randn(1, 1.0, 2, 6, IN)).sum().backward();
            for (OrbitGatV2 l : new OrbitGatV2[] {net.l1, net.l2}) {
                assertEquals(7, l.namedParameters().size(), l.namedParameters().keySet().toString());   // no own edge table
                l.namedParameters().forEach((name, p) -> assertNotNull(p.grad(), name));
            }
            assertNotNull(net.l1.edgeTable().grad());
            assertSame(net.l1.edgeTable(), net.l2.edgeTable());
        }
    }

    @Test
    void initialisationFollowsPyG() {
        try (OrbitGatV2 l = OrbitGatV2.dense(PermutationGroups.cyclic(5).pairOrbits(), 12, 3, 4, 6, null, SelfLoops.MEAN, Device.CPU, 8)) {
            var p = l.namedParameters();
            assertEquals(Shape.of(5, 6), p.get("edge").shape());
            double glorotL = Math.sqrt(6.0 / (12 + 12)), glorotE = Math.sqrt(6.0 / (6 + 12)), att = Math.sqrt(6.0 / (3 + 4));
            for (float v : p.get("lin_l.weight").toFloatArray()) assertTrue(Math.abs(v) <= glorotL);
            for (float v : p.get("lin_edge.weight").toFloatArray()) assertTrue(Math.abs(v) <= glorotE);
            for (float v : p.get("att").toFloatArray()) assertTrue(Math.abs(v) <= att);
            for (float v : p.get("bias").toFloatArray()) assertEquals(0f, v);
            assertNull(p.get("lin_edge.bias"));
        }
    }
}
