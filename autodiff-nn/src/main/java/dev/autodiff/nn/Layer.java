package dev.autodiff.nn;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Image;
import java.util.List;
import java.util.Optional;

/**
 * A piece of a model: builds its part of the graph for a batch {@code x} (one row per sample). Its parameters are
 * made once, when the layer is made, and shared by every graph built from it, so the same layer serves a batch of
 * 32, a last partial batch of 7 and a single sample. Implement this for layers of your own (a hypernetwork's target
 * network, say, whose weights are nodes computed by another network).
 */
public interface Layer {
  /** The layer's part of the graph for input batch {@code x}. */
  Node forward(Node x, Context ctx);

  /**
   * The parameters learned by gradient steps, weights and biases alike, including frozen ones
   * ({@link Parameter#isTrainable()} false): a frozen weight is still a weight of the layer.
   */
  List<Parameter> parameters();

  /**
   * Values the layer keeps that no gradient step moves, updated by the training step instead (batch
   * normalization's running mean and variance; see {@link Context#addStateUpdate}). Saved with the model and counted
   * as non-trainable. Default: the state of {@link #children()}.
   */
  default List<Parameter> state() {
    List<Parameter> all = new java.util.ArrayList<>();
    for (Layer c : children()) {
      all.addAll(c.state());
    }
    return List.copyOf(all);
  }

  /**
   * The layers this one is made of (a {@link Sequential}'s layers; a custom layer's sub-layers). A custom layer that
   * returns its sub-layers here gets their state by default, and can collect their parameters with
   * {@link #parametersOf}. Default: none.
   */
  default List<Layer> children() {
    return List.of();
  }

  /** The parameters of {@code layers}, in order, each once: for a custom layer's {@link #parameters()}. */
  static List<Parameter> parametersOf(List<? extends Layer> layers) {
    dev.autodiff.core.Require.checkNotNull(layers, "layer: parametersOf: layers are null");
    java.util.LinkedHashSet<Parameter> all = new java.util.LinkedHashSet<>();
    for (Layer l : layers) {
      dev.autodiff.core.Require.checkNotNull(l, "layer: parametersOf: a layer is null");
      all.addAll(l.parameters());
    }
    return List.copyOf(all);
  }

  /**
   * The parameters that are biases (weight penalties may leave them out). Default: the biases of
   * {@link #children()}, so a layer made of others needs no code of its own for them.
   */
  default List<Parameter> biases() {
    List<Parameter> all = new java.util.ArrayList<>();
    for (Layer c : children()) {
      all.addAll(c.biases());
    }
    return List.copyOf(all);
  }

  /** How many outputs per sample for {@code inputWidth} inputs per sample. */
  int outputWidth(int inputWidth);

  /**
   * The geometry of the layer's output when it is a batch of images (a convolution's or a pooling's), for summaries
   * and drawings: {@code 28x28x8} rather than 6,272 columns. Default: none.
   */
  default Optional<Image> outputImage() {
    return Optional.empty();
  }

  /**
   * The layer's name (a {@link Dense}'s {@code "hidden1"}), or empty for an unnamed layer, which
   * {@link Model#summary()} names by its kind. Default: empty.
   */
  default String name() {
    return "";
  }

  /**
   * The layer's type as {@link Model#summary()} prints it. Default: the class's simple name less a {@code Layer}
   * suffix ({@code Dense}, {@code Activation}); a layer whose Keras name differs says so ({@code MaxPooling2D}).
   */
  default String kind() {
    String k = getClass().getSimpleName();
    if (k.isEmpty()) {
      return "Layer";  // an anonymous class
    }
    return k.endsWith("Layer") && k.length() > "Layer".length() ? k.substring(0, k.length() - "Layer".length()) : k;
  }

  /** A short description, e.g. {@code "dense 2 -> 2"}. */
  String describe();

  /** The number of numbers in {@link #parameters()} (trainable or frozen; state not included). */
  default int parameterCount() {
    int n = 0;
    for (Parameter p : parameters()) {
      n += p.shape().size();
    }
    return n;
  }
}
