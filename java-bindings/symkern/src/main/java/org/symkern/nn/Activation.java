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

    /** max(0, x). */
    public static Activation relu() { return new Activation("ReLU", Tensor::relu); }
    /** tanh(x). */
    public static Activation tanh() { return new Activation("Tanh", Tensor::tanh); }
    /** x sigmoid(x). */
    public static Activation silu() { return new Activation("SiLU", Tensor::silu); }
    /** 1 / (1 + exp(-x)). */
    public static Activation sigmoid() { return new Activation("Sigmoid", Tensor::sigmoid); }
    /** x for x &gt; 0, slope x otherwise. */
    public static Activation leakyRelu(float slope) { return new Activation("LeakyReLU", x -> x.leakyRelu(slope)); }
    /** x for x &gt; 0, alpha (exp(x) - 1) otherwise. */
    public static Activation elu(float alpha) { return new Activation("ELU", x -> x.elu(alpha)); }

    @Override
    public Tensor forward(Tensor x) {
        return FieldType.carry(x, f.apply(x));
    }
}
