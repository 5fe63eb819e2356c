package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.autodiff.core.graph.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds a multilayer perceptron: {@code Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID)
 * .outputs(1, Activation.SIGMOID).seed(7).build()}. Layers are named {@code hidden1}, {@code hidden2}, ...,
 * {@code output}; weights start from {@link Init#normal normal(0.1)} (the lecture's default) unless
 * {@link Builder#init} says otherwise, biases at zero, all drawn from one {@link Random} seeded with
 * {@link Builder#seed} (default 0), so the same seed gives the same network.
 */
public final class Mlp {
  private Mlp() {}

  public static Builder builder() {
    return new Builder();
  }

  /** The builder; see {@link Mlp}. */
  public static final class Builder {
    private record Spec(int width, Activation activation, double dropout) {}

    private Graph graph;
    private int inputs;
    private final List<Spec> hidden = new ArrayList<>();
    private Spec output;
    private Init init = Init.normal(0.1);
    private long seed;
    private String prefix = "";

    private Builder() {}

    /** The graph to build in (default: a new one). */
    public Builder graph(Graph g) {
      this.graph = checkNotNull(g, "mlp: graph is null");
      return this;
    }

    /**
     * A prefix for the layers' names, so that several MLPs can live in one graph (an {@link Ensemble}'s members):
     * with {@code "m1"} the layers are {@code m1.hidden1}, ..., {@code m1.output} and their parameters
     * {@code m1.hidden1.W}, ... Default: none ({@code hidden1}, ..., {@code output}).
     */
    public Builder name(String prefix) {
      checkNotNull(prefix, "mlp: name is null");
      checkArgument(!prefix.isBlank() && prefix.indexOf('/') < 0,
          "mlp: name must be non-blank and without '/', got '%s'", prefix);
      this.prefix = prefix + ".";
      return this;
    }

    /** The number of inputs per sample. */
    public Builder inputs(int n) {
      checkArgument(n > 0, "mlp: inputs must be positive, got %s", n);
      this.inputs = n;
      return this;
    }

    /** A hidden layer of {@code width} units. */
    public Builder hidden(int width, Activation activation) {
      return hidden(width, activation, 0);
    }

    /** A hidden layer of {@code width} units followed by dropout at {@code dropoutRate}. */
    public Builder hidden(int width, Activation activation, double dropoutRate) {
      checkArgument(width > 0, "mlp: hidden width must be positive, got %s", width);
      checkNotNull(activation, "mlp: activation is null");
      checkArgument(dropoutRate >= 0 && dropoutRate < 1, "mlp: dropout rate must be in [0, 1), got %s", dropoutRate);
      hidden.add(new Spec(width, activation, dropoutRate));
      return this;
    }

    /** The output layer of {@code width} units ({@link Activation#IDENTITY} for logits). */
    public Builder outputs(int width, Activation activation) {
      checkArgument(width > 0, "mlp: outputs must be positive, got %s", width);
      checkNotNull(activation, "mlp: activation is null");
      this.output = new Spec(width, activation, 0);
      return this;
    }

    public Builder init(Init weights) {
      this.init = checkNotNull(weights, "mlp: init is null");
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public Model build() {
      checkState(inputs > 0, "mlp: inputs(n) was not given");
      checkState(output != null, "mlp: outputs(n, activation) was not given");
      Graph g = graph != null ? graph : Graph.create();
      Random random = new Random(seed);
      List<Layer> layers = new ArrayList<>();
      int in = inputs;
      for (int i = 0; i < hidden.size(); i++) {
        Spec s = hidden.get(i);
        layers.add(new Dense(g, prefix + "hidden" + (i + 1), in, s.width(), init, random));
        layers.add(Layers.activation(s.activation()));
        if (s.dropout() > 0) {
          layers.add(Layers.dropout(s.dropout()));
        }
        in = s.width();
      }
      layers.add(new Dense(g, prefix + "output", in, output.width(), init, random));
      if (output.activation() != Activation.IDENTITY) {
        layers.add(Layers.activation(output.activation()));
      }
      return new Model(g, new Sequential(layers), inputs);
    }
  }
}
