package dev.autodiff.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Branches: graphs that extend a graph as it is when they are made, take its nodes as inputs, keep what is built for
 * them, and are collected as a whole. Values are checked against hand computation.
 */
class GraphBranchTest {
  @Test
  void aBranchSeesItsParentAndKeepsItsOwnNodes() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.matrix(2, 1, 3, 4));  // W = [3; 4]
    Node e = w.exp();
    int before = g.size();
    Graph b = g.branch();
    assertSame(g, b.parent().orElseThrow());
    Input x = b.input("x", Shape.of(1, 2));
    Node y = x.matmul(w);  // called on a branch node: built in the branch
    assertSame(b, y.graph());
    assertEquals(before, g.size(), "the parent does not grow");
    assertEquals(before + 2, b.size());
    assertEquals(before, x.id(), "a branch's ids continue its parent's");
    assertSame(w, b.node("w").orElseThrow());
    assertSame(e, b.node(e.id()));
    assertEquals(List.of(w), b.parameters());
    assertEquals(List.of(x), b.inputs());
    assertTrue(b.nodes().containsAll(List.of(w, e, x, y)));
    assertTrue(g.nodes().stream().noneMatch(n -> n == x || n == y));
    assertTrue(b.sees(w) && b.sees(y) && !g.sees(y));

    Program p = Program.compile(y);
    double out = p.run(Feeds.of(x, Tensor.matrix(1, 2, 1, 2))).get(y).item();
    assertEquals(1 * 3 + 2 * 4, out, 0.0);
    assertThrows(IllegalArgumentException.class, () -> b.input("w", Shape.scalar()),
        "a name the branch sees is taken");
  }

  @Test
  void anEqualExpressionIsTheParentsNode() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", 2.0);
    Node e = w.exp();
    Graph b = g.branch();
    try (Graph.Building building = b.building()) {
      assertSame(e, w.exp(), "hash-consed with the parent's node");
      Node fresh = w.log();  // built from the parent's nodes only, for the branch
      assertSame(b, fresh.graph());
      assertSame(fresh, w.log());
    }
    assertTrue(g.nodes().stream().noneMatch(n -> n.op().opName().equals("log")), "the parent has no log node");
    Node later = w.log();  // outside the branch's scope: in the parent, as asked
    assertSame(g, later.graph());
  }

  @Test
  void aParentNodeAddedAfterTheBranchIsRefusedNamingIt() {
    Graph g = Graph.create();
    Graph b = g.branch();
    Input x = b.input("x");
    Parameter late = g.parameter("late", 1.0);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> x.times(late));
    assertTrue(ex.getMessage().contains("mul: input 1 (late")
        && ex.getMessage().contains("added to an ancestor after this branch was made"), ex.getMessage());
    assertTrue(!b.sees(late) && b.node("late").isEmpty());
    assertEquals(1, b.size(), "the branch does not see the parent's later node");
  }

  @Test
  void siblingBranchesDoNotMix() {
    Graph g = Graph.create();
    Input x1 = g.branch().input("x");
    Input x2 = g.branch().input("x");  // the same name in two branches
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> x1.plus(x2));
    assertTrue(ex.getMessage().contains("another graph"), ex.getMessage());
    IllegalArgumentException compile = assertThrows(IllegalArgumentException.class,
        () -> Program.compile(x1.exp(), x2.exp()));
    assertTrue(compile.getMessage().startsWith("compile:"), compile.getMessage());
  }

  @Test
  void gradientsOfABranchStayInTheBranch() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.matrix(2, 1, 3, 4));
    int before = g.size();
    Graph b = g.branch();
    Input x = b.input("x", Shape.of(1, 2));
    Node loss = x.matmul(w).exp().sum();
    // d/dx exp(x W) = exp(x W) W^T: W^T is built from the parent's W alone, and goes in the branch
    List<Node> grads = Gradients.gradients(loss, List.of(x, w));
    assertEquals(before, g.size(), "the gradient built nothing in the parent: " + g.nodes());
    Tensor xv = Tensor.matrix(1, 2, 0.5, -0.25);
    var r = Program.compile(grads).run(Feeds.of(x, xv));
    double s = Math.exp(0.5 * 3 - 0.25 * 4);
    assertArrayEquals(new double[] {s * 3, s * 4}, r.get(grads.get(0)).toArray(), 1e-15);
    assertArrayEquals(new double[] {s * 0.5, s * -0.25}, r.get(grads.get(1)).toArray(), 1e-15);
  }

  @Test
  void aNestedBranchSeesBothAncestors() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", 2.0);
    Graph b = g.branch();
    Input x = b.input("x");
    Graph bb = b.branch();
    Input z = bb.input("z");
    Node y = z.times(x).times(w);
    assertSame(bb, y.graph());
    assertEquals(List.of(x, z), bb.inputs());
    assertEquals(6.0, Program.compile(y).run(Feeds.of(x, Tensor.scalar(1.5)).with(z, Tensor.scalar(2))).get(y)
        .item(), 0.0);
  }

  @Test
  void aDroppedBranchIsCollected() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.matrix(2, 1, 3, 4));
    WeakReference<Graph> dropped = buildAndDrop(g, w);
    for (int i = 0; i < 100 && dropped.get() != null; i++) {
      System.gc();
    }
    assertNull(dropped.get(), "nothing keeps a dropped branch alive");
  }

  private static WeakReference<Graph> buildAndDrop(Graph g, Parameter w) {
    Graph b = g.branch();
    Input x = b.input("x", Shape.of(3, 2));
    Node loss = x.matmul(w).tanh().sum();
    Program p = Program.compile(Gradients.gradients(loss, List.of(w)));
    p.run(Feeds.of(x, Tensor.filled(Shape.of(3, 2), 0.5)));
    return new WeakReference<>(b);
  }

  @Test
  void buildingScopesNestAndCloseInOrder() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", 2.0);
    Graph b = g.branch();
    Graph bb = b.branch();
    try (Graph.Building deep = bb.building()) {
      try (Graph.Building shallow = b.building()) {
        assertSame(bb, w.sin().graph(), "inside the deeper branch, entering its ancestor keeps the deeper one");
      }
      Graph.Building again = b.building();
      Graph.Building inner = g.building();
      assertThrows(IllegalStateException.class, again::close, "closed out of order");
      inner.close();
      again.close();
      assertSame(bb, w.cos().graph());
    }
    assertSame(g, w.sqrt().graph());
  }
}
