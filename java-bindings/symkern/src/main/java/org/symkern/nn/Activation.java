package org.symkern.nn;

import java.util.function.UnaryOperator;

import org.symkern.tensor.Tensor;

/** A parameter-free elementwise layer: relu, tanh, silu, leaky_relu(0.2), elu, sigmoid. */
public final class Activation extends Module {
    private final UnaryOperator<Tensor> f;

    private Activation(String name, UnaryOperator<Tensor> f) {
        super(name);
        this.f = f;
    }

    public static Activation relu() { return new Activation("ReLU", Tensor::relu); }
    public static Activation tanh() { return new Activation("Tanh", Tensor::tanh); }
    public static Activation silu() { return new Activation("SiLU", Tensor::silu); }
    public static Activation sigmoid() { return new Activation("Sigmoid", Tensor::sigmoid); }
    public static Activation leakyRelu(float slope) { return new Activation("LeakyReLU", x -> x.leakyRelu(slope)); }
    public static Activation elu(float alpha) { return new Activation("ELU", x -> x.elu(alpha)); }

    @Override
    public Tensor forward(Tensor x) {
        return FieldType.carry(x, f.apply(x));
    }
}
