package dev.autodiff.core.graph;

import static dev.autodiff.core.Require.checkNotNull;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Graph walks shared by the gradient engine, the executor and the printers; none recurses on graph depth. */
public final class Traversal {
  private Traversal() {}

  /** The ancestors of {@code outputs} (themselves included) in creation order, which is a topological order. */
  public static List<Node> ancestors(List<? extends Node> outputs) {
    checkNotNull(outputs, "ancestors: outputs are null");
    for (int i = 0; i < outputs.size(); i++) {
      checkNotNull(outputs.get(i), "ancestors: output %s is null", i);
    }
    BitSet seen = new BitSet();
    ArrayList<Node> stack = new ArrayList<>();
    ArrayList<Node> found = new ArrayList<>();
    for (Node o : outputs) {
      if (!seen.get(o.id())) {
        seen.set(o.id());
        stack.add(o);
      }
    }
    while (!stack.isEmpty()) {
      Node n = stack.remove(stack.size() - 1);
      found.add(n);
      for (Node in : n.inputArray()) {
        if (!seen.get(in.id())) {
          seen.set(in.id());
          stack.add(in);
        }
      }
    }
    int maxId = 0;
    for (Node n : found) {
      maxId = Math.max(maxId, n.id());
    }
    if (found.size() * 8L < maxId) {
      found.sort((a, b) -> Integer.compare(a.id(), b.id()));  // a few nodes of a large graph
      return found;
    }
    // most of the ids below the largest: place by id, which is linear (a sort is n log n with a cache miss per
    // comparison on graphs of millions of nodes)
    Node[] byId = new Node[maxId + 1];
    for (Node n : found) {
      byId[n.id()] = n;
    }
    ArrayList<Node> ordered = new ArrayList<>(found.size());
    for (Node n : byId) {
      if (n != null) {
        ordered.add(n);
      }
    }
    return ordered;
  }

  /** The ancestors of one node, itself included, in creation order. */
  public static List<Node> ancestors(Node output) {
    checkNotNull(output, "ancestors: output is null");
    return ancestors(List.of(output));
  }
}
