package dev.autodiff.nn;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import java.util.List;

/**
 * A piece of a model: builds its part of the graph for a batch {@code x} (one row per sample). Its parameters are
 * made once, when the layer is made, and shared by every graph built from it, so the same layer serves a batch of
 * 32, a last partial batch of 7 and a single sample. Implement this for layers of your own (a hypernetwork's target
 * network, say, whose weights are nodes computed by another network).
 */
public interface Layer {
  /** The layer's part of the graph for input batch {@code x}. */
  Node forward(Node x, Context ctx);

  /** The trainable parameters, weights and biases alike. */
  List<Parameter> parameters();

  /** The parameters that are biases (weight penalties may leave them out). */
  default List<Parameter> biases() {
    return List.of();
  }

  /** How many outputs per sample for {@code inputWidth} inputs per sample. */
  int outputWidth(int inputWidth);

  /** A short description, e.g. {@code "dense 2 -> 2"}. */
  String describe();

  /** The number of trainable numbers. */
  default int parameterCount() {
    int n = 0;
    for (Parameter p : parameters()) {
      n += p.shape().size();
    }
    return n;
  }
}
