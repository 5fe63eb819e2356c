package dev.autodiff.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientCheckerTest {

  /** {@code sin(x)} with a wrong derivative ({@code +sin} instead of {@code cos}): a user's buggy custom op. */
  enum BuggySin implements Op {
    INSTANCE;

    @Override
    public String opName() {
      return "sin";
    }

    @Override
    public Shape shape(List<Shape> inputs) {
      return inputs.get(0);
    }

    @Override
    public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.sin(in[0][i]);
      }
    }

    @Override
    public Node[] vjp(Node grad, Node result, boolean[] needed) {
      return new Node[] {grad.times(result)};
    }
  }

  @Test
  void passesCorrectGradients() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.matrix(2, 2, 0.5, -1, 2, 0.1));
    Node y = w.matmul(w).tanh().sum();
    GradientCheck check = GradientChecker.create().check(y, w);
    assertTrue(check.passed(), check.toString());
    assertTrue(check.maxError() < 1e-8, check.toString());
  }

  @Test
  void findsAWrongDerivativeNamesTheWorstElementAndTheCulpritOp() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.row(0.3, 1.2, -0.7));
    Node s = g.apply(BuggySin.INSTANCE, w.times(2));
    Node y = s.exp().sum();
    GradientCheck check = GradientChecker.create().check(y, w);
    assertFalse(check.passed());
    assertSame(w, check.worst().node());
    assertTrue(check.worst().worstElement().startsWith("w[0,"), check.worst().worstElement());
    assertTrue(check.culprit().isPresent(), check.toString());
    assertSame(s, check.culprit().get().node());
    assertTrue(check.toString().contains("first disagreeing op: sin#"), check.toString());
  }

  @Test
  void forwardDifferencesWorkWithALooserTolerance() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.column(2));
    Node y = x.exp().sumOfSquares();
    Feeds at = Feeds.of(x, Tensor.column(0.1, -0.4));
    GradientChecker central = GradientChecker.create().withEpsilon(1e-4);
    GradientChecker forward = central.withMethod(GradientChecker.Method.FORWARD);
    double forwardError = forward.check(y, List.of(x), at).maxError();
    double centralError = central.check(y, List.of(x), at).maxError();
    // O(h) against O(h^2): with h = 1e-4 the forward error is orders of magnitude larger.
    assertTrue(forwardError > 100 * centralError, forwardError + " vs " + centralError);
    assertFalse(forward.check(y, List.of(x), at).passed());
    assertTrue(forward.withTolerance(1e-3).check(y, List.of(x), at).passed());
  }

  @Test
  void nonScalarOutputsAreCheckedThroughARandomProjection() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.column(0.2, 0.4));
    Node y = w.matmul(w.transpose()).sigmoid();
    assertTrue(GradientChecker.create().check(y, w).passed());
    Node bad = g.apply(BuggySin.INSTANCE, w.matmul(w.transpose()));
    assertFalse(GradientChecker.create().check(bad, w).passed());
  }

  @Test
  void rejectsWrtThatCannotBePerturbedAndBadSettings() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", 1.0);
    Node inner = w.exp();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradientChecker.create().check(inner.square(), inner));
    assertTrue(e.getMessage().contains("must be an input or a parameter"), e.getMessage());
    Input unfed = g.input("u");
    IllegalArgumentException notFed = assertThrows(IllegalArgumentException.class,
        () -> GradientChecker.create().check(w.square(), unfed));
    assertTrue(notFed.getMessage().contains("wrt[0] is input 'u', which is not fed"), notFed.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GradientChecker.create().withEpsilon(0));
    assertThrows(IllegalArgumentException.class, () -> GradientChecker.create().withTolerance(-1));
    assertEquals(1e-6, GradientChecker.create().epsilon());
  }
}
