package dev.autodiff.core.graph.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import java.util.List;

/** Which graph an operation on several nodes at once works in, now that graphs have branches. */
public final class Graphs {
  private Graphs() {}

  /**
   * The graph that sees every one of {@code nodes} (the deepest of their graphs), for an operation on all of them
   * at once (compiling, differentiating, drawing).
   *
   * @throws IllegalArgumentException naming {@code what} and the first node that is neither seen from the others'
   *     graph nor sees it
   */
  public static Graph common(String what, List<? extends Node> nodes) {
    checkNotNull(nodes, "%s: nodes are null", what);
    Graph g = null;
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      checkNotNull(n, "%s: node %s is null", what, i);
      if (g == null || g.sees(n)) {
        g = g == null ? n.graph() : g;
        continue;
      }
      Graph candidate = n.graph();
      for (int k = 0; k < i; k++) {
        checkArgument(candidate.sees(nodes.get(k)),
            "%s: node %s (%s) belongs to another graph than node %s (%s), or to a branch made after it", what, i, n,
            k, nodes.get(k));
      }
      g = candidate;
    }
    return g;
  }
}
