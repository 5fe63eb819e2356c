package dev.autodiff.core.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FormulaTest {
  private final Graph g = Graph.create();
  private final Input x = g.input("x");
  private final Parameter w1 = g.parameter("w1", 2.0);
  private final Parameter w0 = g.parameter("w0", 1.0);

  @Test
  void lectureExamplePrintsInfixAndLatex() {
    Node f = w1.times(x).plus(w0).exp().plus(1);
    assertEquals("exp(w1*x + w0) + 1", Formula.infix(f));
    assertEquals("e^{w_{1} \\cdot x + w_{0}} + 1", Formula.latex(f));
    Node dx = Gradients.grad(f, x);
    assertEquals("exp(w1*x + w0)*w1", Formula.infix(dx));
    assertEquals("e^{w_{1} \\cdot x + w_{0}} \\cdot w_{1}", Formula.latex(dx));
  }

  @Test
  void parenthesesOnlyWherePrecedenceNeedsThem() {
    Node a = x.plus(w1);
    assertEquals("(x + w1)*w0", Formula.infix(a.times(w0)));
    assertEquals("w0 - (x + w1)", Formula.infix(w0.minus(a)));
    assertEquals("x + w1 - w0", Formula.infix(a.minus(w0)));
    assertEquals("x/(w1*w0)", Formula.infix(x.div(w1.times(w0))));
    assertEquals("x*w1/w0", Formula.infix(x.times(w1).div(w0)));
    assertEquals("-(x + w1)", Formula.infix(a.neg()));
    assertEquals("(x + w1)^2", Formula.infix(a.square()));
    assertEquals("(-x)^2", Formula.infix(x.neg().square()));
    assertEquals("x^0.5", Formula.infix(x.pow(0.5)));
    assertEquals("x*-3", Formula.infix(x.times(-3)).replace("(-3)", "-3"));
  }

  @Test
  void functionsMatricesAndAttributesPrint() {
    Parameter m = g.parameter("M", Tensor.matrix(2, 2, 1, 2, 3, 4));
    Parameter v = g.parameter("v", Tensor.column(1, 2));
    assertEquals("sigmoid(M@v)", Formula.infix(m.matmul(v).sigmoid()));
    assertEquals("sum(M^T, rows)", Formula.infix(m.transpose().sum(Axis.ROWS)));
    assertEquals("logsoftmax(M, cols)", Formula.infix(m.logSoftmax(Axis.COLUMNS)));
    assertEquals("M*[[1, 0], [0, 2]]", Formula.infix(m.times(g.constant(Tensor.matrix(2, 2, 1, 0, 0, 2)))));
    assertEquals("0.5*M", Formula.infix(m.times(g.constant(Shape.of(2, 2), 0.5))));
    assertEquals("\\sigma\\left(M v\\right)", Formula.latex(m.matmul(v).sigmoid()));
    assertEquals("\\frac{\\sqrt{x}}{\\left|w_{0}\\right|}", Formula.latex(x.sqrt().div(w0.abs())));
  }

  @Test
  void namedIntermediateNodesStillExpand() {
    Node a = w1.times(x).named("a");
    assertEquals("w1*x + 1", Formula.infix(a.plus(1)));
  }

  @Test
  void symbolsStopExpansionBelowTheRoot() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Parameter w1 = g.parameter("w1", 2.0);
    Parameter w0 = g.parameter("w0", 1.0);
    Node b = w1.times(x).plus(w0).named("b");
    Node c = b.exp().named("c");
    Node f = c.plus(1).named("f");
    assertEquals("c + 1", Formula.infix(f, Formula.NAMES, 100));
    assertEquals("exp(b)", Formula.infix(c, Formula.NAMES, 100), "the root itself always expands");
    assertEquals("e^{b}", Formula.latex(c, Formula.LATEX_NAMES, 100));
    assertEquals("exp(w1*x + w0) + 1", Formula.infix(f), "without symbols everything expands");
    // Any symbol text, with parentheses decided by its precedence: a negative symbol binds like a prefix minus.
    Node y = b.times(c);
    assertEquals("B*C", Formula.infix(y, n -> n == b ? "B" : n == c ? "C" : null, 100));
    assertEquals("(-B)^2", Formula.infix(b.pow(2), n -> n == b ? "-B" : null, 100));
  }

  @Test
  void budgetElidesTheInsideAndKeepsTheOutside() {
    Node h = x;
    for (int i = 0; i < 200; i++) {
      h = h.tanh().plus(w0);
    }
    String s = Formula.infix(h, 40);
    assertEquals(true, s.startsWith("tanh(tanh(") && s.contains("…") && s.endsWith(") + w0"), s);
    assertEquals(true, s.length() < 400, s);
  }
}
