package dev.autodiff.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.print.Formula;
import org.junit.jupiter.api.Test;

/** Naming what the lecture names, whatever the simplifier made of it. */
class NamingTest {
  private final Graph g = Graph.create();
  private final Parameter x = g.parameter("x", 2.0);
  private final Parameter y = g.parameter("y", 5.0);

  @Test
  void namingAnExpressionMergedWithAnEarlierOneKeepsBothNames() {
    Node a = x.plus(y).named("a");
    Node b = y.plus(x).named("b");
    assertEquals("a", a.name().orElseThrow());
    assertEquals("b", b.name().orElseThrow());
    assertSame(a, g.node("a").orElseThrow());
    assertSame(b, g.node("b").orElseThrow());
    assertEquals(7.0, Program.evaluate(b).item());  // 2 + 5 by hand
    assertEquals("x + y", Formula.infix(b));
    assertEquals("b*2", Formula.infix(b.times(2), Formula.NAMES, 100));
  }

  @Test
  void namingAnIdentityThatBecameALeafNamesAnAliasAndLeavesTheLeaf() {
    Node scaled = x.times(1).named("y1");
    assertEquals("y1", scaled.name().orElseThrow());
    assertEquals("x", x.name().orElseThrow());
    assertEquals(2.0, Program.evaluate(scaled).item());
    // the alias passes the gradient through: d(y1^2)/dx = 2x = 4
    assertEquals(4.0, Program.evaluate(Gradients.grad(scaled.square(), x)).item());
  }

  @Test
  void theSameNameAgainReturnsTheSameNodeAndATakenNameIsRefused() {
    Node a = x.times(y).named("p");
    assertSame(a, y.times(x).named("p"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.minus(y).named("p"));
    assertEquals("named: name 'p' is already used by p:scalar", e.getMessage());
  }
}
