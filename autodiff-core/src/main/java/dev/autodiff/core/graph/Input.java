package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Shape;

/** A named placeholder leaf whose value is fed at each run; a missing or wrongly shaped feed is an error. */
public final class Input extends Node {
  Input(Graph graph, int id, String name, Shape shape, String group) {
    super(graph, id, Leaf.INPUT, new Node[0], shape, name, group);
  }

  /** The input's name (always present). */
  public String inputName() {
    return name().orElseThrow();
  }
}
