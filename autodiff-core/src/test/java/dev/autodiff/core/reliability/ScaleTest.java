package dev.autodiff.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Issue 19, item 17 (core): what is bounded stays bounded on large graphs, and what cannot fit is refused. */
class ScaleTest {
  static final int CHAIN = Boolean.getBoolean("autodiff.reliability") ? 1_000_000 : 100_000;

  @Test
  void aFormulaStaysWithinItsBudgetForEveryNodeOfALongChainAndItsGradient() {
    // the gradient of a 10^6 chain printed 4,009,601 characters at the default budget of 4,000: the pending right
    // operands of its left-deep products were each printed after the budget was spent
    Graph g = Graph.create();
    Parameter x = g.parameter("x", 0.5);
    Node y = x;
    for (int i = 0; i < CHAIN; i++) {
      y = y.sin().times(0.999);
    }
    Node dy = Gradients.grad(y, x);
    for (Node n : new Node[] {y, dy, dy.plus(y).times(dy)}) {
      for (int budget : new int[] {8, 100, Formula.DEFAULT_MAX_CHARS}) {
        String infix = Formula.infix(n, budget);
        assertTrue(infix.length() <= budget + 16, "infix of " + n + " at budget " + budget + ": " + infix.length());
        String latex = Formula.latex(n, budget);
        assertTrue(latex.length() <= budget + 40, "latex of " + n + " at budget " + budget + ": " + latex.length());
        assertTrue(infix.contains("…") && latex.contains("\\ldots"), "elided");
      }
    }
    assertEquals(true, Formula.infix(dy).length() > Formula.DEFAULT_MAX_CHARS / 2, "the budget is used, not wasted");
  }

  @Test
  void aDenseHessianOrJacobianThatCannotFitIsRefusedBeforeAnythingIsBuilt() {
    // N = 20,000: the reverse Jacobian built 20,000 one-hot seeds of 20,000 elements (3.2 GB) before running
    Graph g = Graph.create();
    Parameter p = g.parameter("p", Tensor.zeros(Shape.of(1, 20_000)));
    Node y = p.square().sum();
    int before = g.size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.hessian(y, p));
    assertTrue(e.getMessage().startsWith("hessian: ") && e.getMessage().contains("20000 x 20000"), e.getMessage());
    IllegalArgumentException j = assertThrows(IllegalArgumentException.class,
        () -> Gradients.jacobian(p.sin(), p));
    assertTrue(j.getMessage().startsWith("jacobian: ") && j.getMessage().contains("20000 x 20000"), j.getMessage());
    assertTrue(g.size() <= before + 4, "nothing much was built: " + (g.size() - before) + " nodes");
    // one that fits is still made
    Parameter q = g.parameter("q", Tensor.row(1, 2, 3));
    assertEquals(Tensor.matrix(3, 3, 2, 0, 0, 0, 2, 0, 0, 0, 2),
        Program.evaluate(Gradients.hessian(q.square().sum(), q)));
  }
}
