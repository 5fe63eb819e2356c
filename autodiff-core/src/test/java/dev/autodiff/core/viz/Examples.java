package dev.autodiff.core.viz;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;

/** Small graphs shared by the drawing and trace tests. */
final class Examples {
  private Examples() {}

  /** The lecture's {@code f(x, w) = 1 + e^(w1 x + w0)}, with its point {@code x = 1, w1 = 2, w0 = 1}. */
  record Exp(Graph graph, Input x, Parameter w1, Parameter w0, Node a, Node b, Node c, Node f, Feeds feeds) {}

  static Exp exp() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Parameter w1 = g.parameter("w1", 2.0);
    Parameter w0 = g.parameter("w0", 1.0);
    Node a = x.times(w1).named("a");
    Node b = a.plus(w0).named("b");
    Node c = b.exp().named("c");
    Node f = c.plus(1).named("f");
    return new Exp(g, x, w1, w0, a, b, c, f, Feeds.of(x, 1.0));
  }

  /** {@code q = p * (p + 4)} at {@code p = -3}: {@code p} fans out, {@code dp = 1 + (-3) = -2}. */
  static Node fanOut() {
    Graph g = Graph.create();
    Parameter p = g.parameter("p", -3.0);
    return p.times(p.plus(4)).named("q");
  }

  /** A 2-2-1 sigmoid MLP with its layers in scopes {@code mlp/hidden} and {@code mlp/output}, and an MSE loss. */
  static Node mlp(Graph g) {
    Input x = g.input("x", Shape.of(1, 2));
    Node out;
    try (Graph.Scope mlp = g.scope("mlp")) {
      Node h;
      try (Graph.Scope hidden = g.scope("hidden")) {
        Parameter w1 = g.parameter("W1", Tensor.matrix(2, 2, 0.1, -0.2, 0.3, 0.05));
        Parameter b1 = g.parameter("b1", Tensor.row(0.0, 0.1));
        h = x.matmul(w1).plus(b1).sigmoid().named("h");
      }
      try (Graph.Scope output = g.scope("output")) {
        Parameter w2 = g.parameter("W2", Tensor.column(0.4, -0.6));
        Parameter b2 = g.parameter("b2", Tensor.scalar(0.2));
        out = h.matmul(w2).plus(b2).sigmoid().named("y");
      }
    }
    Input target = g.input("t", Shape.of(1, 1));
    return out.minus(target).square().sum(Axis.ROWS).sum().named("loss");
  }

  static Feeds mlpFeeds(Graph g) {
    return Feeds.of(g.node("x").orElseThrow(), Tensor.row(1.0, 0.5))
        .with(g.node("t").orElseThrow(), Tensor.matrix(1, 1, 1.0));
  }
}
