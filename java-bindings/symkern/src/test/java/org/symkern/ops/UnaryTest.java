package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class UnaryTest {
    static float alpha(Unary.Op op) {
        switch (op) {
            case LEAKY_RELU: return 0.1f;
            case ELU: return 0.9f;
            case POW: return 1.7f;
            case SCALE: return -2.5f;
            case ADD_SCALAR: return 0.75f;
            default: return 0f;
        }
    }

    static boolean positiveDomain(Unary.Op op) {
        return op == Unary.Op.LOG || op == Unary.Op.SQRT || op == Unary.Op.POW;
    }

    static DoubleUnaryOperator reference(Unary.Op op, double a) {
        switch (op) {
            case NEG: return x -> -x;
            case RELU: return x -> Math.max(x, 0);
            case LEAKY_RELU: return x -> x > 0 ? x : a * x;
            case ELU: return x -> x > 0 ? x : a * Math.expm1(x);
            case SILU: return x -> x / (1 + Math.exp(-x));
            case TANH: return Math::tanh;
            case SIGMOID: return x -> 1 / (1 + Math.exp(-x));
            case EXP: return Math::exp;
            case LOG: return Math::log;
            case SQRT: return Math::sqrt;
            case POW: return x -> Math.pow(x, a);
            case SCALE: return x -> a * x;
            case ADD_SCALAR: return x -> x + a;
            case ABS: return Math::abs;
            default: throw new IllegalArgumentException();
        }
    }

    static float[] inputs(Unary.Op op, int n) {
        float[] x = Fixtures.awayFromZero(7, n, 0.1, 2.0);
        if (positiveDomain(op)) for (int i = 0; i < n; i++) x[i] = Math.abs(x[i]) + 0.2f;
        return x;
    }

    @ParameterizedTest
    @EnumSource(Unary.Op.class)
    void forwardMatchesFloat64Reference(Unary.Op op) {
        try (Scope s = Scope.open()) {
            float[] x = inputs(op, 37);
            DoubleUnaryOperator f = reference(op, alpha(op));
            double[] want = new double[x.length];
            for (int i = 0; i < x.length; i++) want[i] = f.applyAsDouble(x[i]);
            float[] got = Unary.apply(Tensor.of(x, 37), op, alpha(op)).toFloatArray();
            Fixtures.assertClose(want, got, 1e-6, 2e-6);
        }
    }

    @ParameterizedTest
    @EnumSource(Unary.Op.class)
    void backwardMatchesFiniteDifferences(Unary.Op op) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(inputs(op, 23), 23).requiresGrad(true);
            GradCheck.assertGradients(in -> Unary.apply(in[0], op, alpha(op)), new Tensor[] {x}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void oddShapesKeepTheirShape() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(1, 1.0, 3, 1, 5);
            assertEquals(Shape.of(3, 1, 5), x.tanh().shape());
            assertEquals(0, Tensor.zeros(Shape.of(0, 4), Device.CPU).relu().numel());
        }
    }

    @Test
    void nativeShapeErrorIsReportedWithItsMessage() {
        try (Scope s = Scope.open()) {
            Tensor small = Tensor.zeros(2), big = Tensor.zeros(8);
            SymkernException e = assertThrows(SymkernException.class, () -> org.symkern.tensor.Native.check(
                    org.symkern.jni.SymkernNative.sk_unary_forward(small.buffer(), big.buffer(), 8, 1, 0f)));
            assertEquals(SymkernException.Status.BAD_SHAPE, e.status());
            assertTrue(e.getMessage().contains("buffer 'y' holds 8 bytes but the shape needs 32"), e.getMessage());
        }
    }
}
