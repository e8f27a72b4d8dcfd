package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Typed group fields: layers attach the field type to their maps and group layers reject a map of another group.
 * Before the types existed, a p4m map (B, 2, 8, 12, 12) fed to a C8 GroupConv2d was accepted and gave a
 * [1, 2, 8, 10, 10] output with no meaning.
 */
class FieldTypeTest {
    @Test
    void p4mMapIntoC8LayerIsAClearException() {
        try (Scope s = Scope.open();
             LiftingConv2d lift = new LiftingConv2d(GSpace.P4M, 1, 2, 3, Device.CPU, 1);
             GroupConv2d c8 = new GroupConv2d(GSpace.C8, 2, 2, 3, Device.CPU, 2)) {
            Tensor h = lift.forward(Tensor.zeros(1, 1, 14, 14));
            assertEquals(FieldType.regular(GSpace.P4M, 2), h.type());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c8.forward(h));
            assertEquals("GroupConv2d(c8, 2->2, 3x3): the input carries 2 regular fields of p4m (|G| = 8), but this layer takes "
                    + "2 regular fields of c8 (|G| = 8)", e.getMessage());
        }
    }

    @Test
    void typesFlowThroughNormActivationAndPoolingAndGroupPoolMakesThemTrivial() {
        try (Scope s = Scope.open();
             Sequential net = new Sequential(new LiftingConv2d(GSpace.P4, 1, 3, 3, Device.CPU, 1), new InnerBatchNorm(3, 4, Device.CPU),
                     Activation.relu(), new PlaneMaxPool(), new GroupConv2d(GSpace.P4, 3, 2, 3, Device.CPU, 2))) {
            Tensor y = net.forward(Tensor.zeros(2, 1, 10, 10));
            assertEquals(FieldType.regular(GSpace.P4, 2), y.type());
            Tensor pooled = GroupPool.max().forward(y);
            assertEquals(FieldType.trivial(GSpace.P4, 2), pooled.type());
            Tensor global = GlobalPool.max().forward(pooled);
            assertNull(global.type(), "global pooling leaves plain (B, C) features");
        }
    }

    @Test
    void untypedMapsStillWorkAndOrderEightGroupsAreToldApart() {
        try (Scope s = Scope.open();
             LiftingConv2d lift = new LiftingConv2d(GSpace.P4, 2, 3, 3, Device.CPU, 1);
             GroupConv2d p4m = new GroupConv2d(GSpace.P4M, 3, 3, 3, Device.CPU, 2)) {
            Tensor plain = Tensor.zeros(1, 3, 8, 8, 8);
            assertEquals(FieldType.regular(GSpace.P4M, 3), p4m.forward(plain).type(), "an untyped map of the right shape is accepted");
            Tensor planar = Tensor.zeros(1, 2, 8, 8).withType(FieldType.trivial(GSpace.P4M, 2));
            assertEquals(Shape.of(1, 3, 4, 6, 6), lift.forward(planar).shape(), "trivial fields of any space lift");
            Tensor c8 = Tensor.zeros(1, 3, 8, 8, 8).withType(FieldType.regular(GSpace.C8, 3));
            assertEquals("GroupConv2d(p4m, 3->3, 3x3): the input carries 3 regular fields of c8 (|G| = 8), but this layer takes "
                    + "3 regular fields of p4m (|G| = 8)", assertThrows(IllegalArgumentException.class, () -> p4m.forward(c8)).getMessage());
            assertEquals("a tensor of shape [1, 8, 8, 8] cannot carry the type 2 regular fields of p4 (|G| = 4)",
                    assertThrows(IllegalArgumentException.class,
                            () -> Tensor.zeros(1, 8, 8, 8).withType(FieldType.regular(GSpace.P4, 2))).getMessage());
        }
    }
}
