package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.jqwik.GraphArbitraries;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BackpropTraceTest {
  private static final double E3 = Math.exp(3);

  @Test
  void lectureExampleStepsCarryTheLectureNumbers() {
    Examples.Exp ex = Examples.exp();
    BackpropTrace t = BackpropTrace.of(ex.f(), ex.feeds());
    // df = 1, dc = 1, db = e^3, then b passes e^3 to a and w0, then a passes x e^3 to w1 and w1 e^3 to x.
    assertEquals(4, t.steps().size());
    assertEquals(List.of(ex.f(), ex.c(), ex.b(), ex.a()), t.steps().stream().map(BackpropTrace.Step::node).toList());
    assertEquals(1.0, t.steps().get(0).adjoint().item());
    assertEquals(1.0, t.steps().get(1).adjoint().item(), 1e-15);
    assertEquals(E3, t.steps().get(2).adjoint().item(), 1e-12);
    assertEquals(E3, t.steps().get(3).adjoint().item(), 1e-12);
    BackpropTrace.Contribution toB = t.steps().get(1).contributions().get(0);
    assertEquals(ex.b(), toB.input());
    assertEquals(E3, toB.partial().item(), 1e-12);  // dc/db = e^b at b = 3
    assertNull(toB.before());
    BackpropTrace.Contribution toX = t.steps().get(3).contributions().get(0);
    assertEquals(ex.x(), toX.input());
    assertEquals(2.0, toX.partial().item());  // da/dx = w1
    assertEquals(2 * E3, toX.value().item(), 1e-12);
    assertEquals(E3, t.adjoint(ex.w0()).orElseThrow().item(), 1e-12);
    assertEquals(E3, t.adjoint(ex.w1()).orElseThrow().item(), 1e-12);
    assertEquals(2 * E3, t.adjoint(ex.x()).orElseThrow().item(), 1e-12);
    assertEquals(1 + E3, t.value(ex.f()).item(), 1e-12);
  }

  @Test
  void textReadsLikeTheLecture() {
    Examples.Exp ex = Examples.exp();
    String text = BackpropTrace.of(ex.f(), ex.feeds()).toText();
    // e^3 = 20.0855 (6 significant digits), 2 e^3 = 40.1711.
    assertTrue(text.contains("Backward pass, starting from df = 1:"), text);
    assertTrue(text.contains("dc = df/dc * df = 1 * 1 = 1"), text);
    assertTrue(text.contains("db = dc/db * dc = exp(b) * 1 = 20.0855 * 1 = 20.0855"), text);
    assertTrue(text.contains("dw0 = db/dw0 * db = 1 * 20.0855 = 20.0855"), text);
    assertTrue(text.contains("da = db/da * db = 1 * 20.0855 = 20.0855"), text);
    assertTrue(text.contains("dw1 = da/dw1 * da = x * 20.0855 = 1 * 20.0855 = 20.0855"), text);
    assertTrue(text.contains("dx = da/dx * da = w1 * 20.0855 = 2 * 20.0855 = 40.1711"), text);
    assertTrue(text.contains("  c = exp(b) = 20.0855\n"), text);
  }

  @Test
  void fanOutShowsTheRunningSum() {
    Node q = Examples.fanOut();
    BackpropTrace t = BackpropTrace.of(q, Feeds.empty());
    Node p = q.graph().node("p").orElseThrow();
    assertEquals(2, t.contributionCount(p));
    assertEquals(-2.0, t.adjoint(p).orElseThrow().item());
    String text = t.toText();
    assertTrue(text.contains("dp += d(add#2)/dp * d(add#2) = 1 * (-3) = -3;  dp = 1 + (-3) = -2"), text);
    String dot = Dot.backprop(t, DotOptions.defaults());
    assertTrue(dot.contains("dp = 1 + (-3) = -2"), dot);
    assertTrue(dot.contains("dq/d(add#2) = p = -3"), dot);
  }

  @Test
  void matrixExampleGivesTheLectureGradients() {
    Graph g = Graph.create();
    Parameter x = g.parameter("X", Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
    Parameter w = g.parameter("W", Tensor.matrix(new double[][] {{1, 0}, {-1, 1}}));
    Node a = x.matmul(w).named("a");
    Node s = a.square().named("s");
    Node b = s.sum().named("b");
    Node f = b.times(0.5).named("f");
    BackpropTrace t = BackpropTrace.of(f, Feeds.empty());
    // db = 1/2, da = a, dW = X^T a: a = [[-1, 2], [-1, 4]], X^T a = [[-4, 14], [-6, 20]].
    assertEquals(0.5, t.adjoint(b).orElseThrow().item());
    assertEquals(Tensor.matrix(2, 2, -1, 2, -1, 4), t.adjoint(a).orElseThrow());
    assertEquals(Tensor.matrix(2, 2, -4, 14, -6, 20), t.adjoint(w).orElseThrow());
    BackpropTrace.Step matmul = t.steps().get(t.steps().size() - 1);
    assertEquals(a, matmul.node());
    assertNull(matmul.contributions().get(0).partialNode(), "a matrix product has no elementwise partial");
    String text = t.toText();
    assertTrue(text.contains("dW = X^T@da = 2x2 [[-4, 14], [-6, 20]]"), text);
    assertTrue(text.contains("da = ds/da * ds = a*2 * "), text);
  }

  @Test
  void markdownHasOneRowPerContributionAndLatexIsOneAlignBlock() {
    Examples.Exp ex = Examples.exp();
    BackpropTrace t = BackpropTrace.of(ex.f(), ex.feeds());
    String md = t.toMarkdown();
    long rows = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| step")).count();
    assertEquals(6, rows, md);
    assertTrue(md.contains("| 2 | `c = exp(b)` | `dc = 1` | `b` | `dc/db = exp(b) = 20.0855` | `20.0855` |  | "
        + "`db = 20.0855` |"), md);
    String tex = t.toLatex();
    assertTrue(tex.startsWith("\\begin{align*}\n") && tex.endsWith("\\end{align*}\n"), tex);
    assertTrue(tex.contains("db &= \\frac{\\partial c}{\\partial b} \\, dc = e^{b} \\cdot 1 = 20.0855"), tex);
    assertTrue(tex.contains("dx &= \\frac{\\partial a}{\\partial x} \\, da = w_{1} \\cdot 20.0855 = 40.1711"), tex);
    assertEquals(tex.indexOf("\\end"), tex.lastIndexOf("\\end"));
    assertTrue(!tex.contains("\\\\\n\\end"), "no line break before \\end: " + tex);
  }

  @Test
  void nonScalarOutputNeedsASeed() {
    Graph g = Graph.create();
    Parameter p = g.parameter("p", Tensor.row(1, 2));
    Node y = p.exp();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackpropTrace.of(y, Feeds.empty()));
    assertTrue(e.getMessage().contains("needs a seed"), e.getMessage());
    BackpropTrace t = BackpropTrace.of(y, Tensor.row(1, 0), Feeds.empty());
    assertEquals(Tensor.row(Math.exp(1), 0), t.adjoint(p).orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> BackpropTrace.of(y, Tensor.scalar(1), Feeds.empty()));
  }

  @Provide
  Arbitrary<GraphRecipe> graphs() {
    return GraphArbitraries.recipes(8);
  }

  /**
   * On random graphs each leaf's traced adjoint is the derivative, by central differences of the forward value (which
   * never runs the reverse pass that the trace and {@code grad} share), and the sum of the contributions the trace
   * shows for it; every running sum adds up.
   */
  @Property(tries = 300)
  void traceAgreesWithFiniteDifferencesAndAddsUp(@ForAll("graphs") GraphRecipe recipe) {
    GraphRecipe.Built built = recipe.build(true);
    Node y = built.output();
    BackpropTrace t = BackpropTrace.of(y, Feeds.empty());
    Program forward = Program.compile(y);
    for (Parameter p : built.parameters()) {
      Tensor got = t.adjoint(p).orElse(Tensor.zeros(p.shape()));
      double[] x = p.value().toArray();
      for (int e = 0; e < x.length; e++) {
        double orig = x[e];
        double h = 1e-6 * Math.max(1, Math.abs(orig));
        x[e] = orig + h;
        double up = forward.run(Feeds.of(p, Tensor.of(p.shape(), x))).scalar(y);
        x[e] = orig - h;
        double down = forward.run(Feeds.of(p, Tensor.of(p.shape(), x))).scalar(y);
        x[e] = orig;
        double fd = (up - down) / (2 * h);
        double rounding = 8 * Math.ulp(1.0) * (Math.abs(up) + Math.abs(down)) / (2 * h);
        double tolerance = 1e-5 * Math.max(1, Math.max(Math.abs(fd), Math.abs(got.at(e)))) + rounding;
        assertEquals(fd, got.at(e), tolerance, "adjoint of " + p + " element " + e);
      }
    }
    Map<Node, double[]> summed = new HashMap<>();
    for (BackpropTrace.Step s : t.steps()) {
      for (BackpropTrace.Contribution c : s.contributions()) {
        double[] sum = summed.computeIfAbsent(c.input(), n -> new double[n.shape().size()]);
        for (int k = 0; k < sum.length; k++) {
          sum[k] += c.value().at(k);
        }
        if (c.before() == null) {
          assertEquals(c.value(), c.after());
        } else {
          for (int k = 0; k < c.after().size(); k++) {
            double runningSum = c.before().at(k) + c.value().at(k);
            assertEquals(runningSum, c.after().at(k), 1e-12 * Math.max(1, Math.abs(runningSum)));
          }
        }
      }
    }
    for (Parameter p : built.parameters()) {
      double[] sum = summed.getOrDefault(p, new double[p.shape().size()]);
      if (p == y) {
        sum[0] += 1;  // the output's adjoint starts at the seed
      }
      Tensor adjoint = t.adjoint(p).orElse(Tensor.zeros(p.shape()));
      for (int k = 0; k < sum.length; k++) {
        assertEquals(sum[k], adjoint.at(k), 1e-12 * Math.max(1, Math.abs(sum[k])), "contributions to " + p);
      }
    }
    // Renderers handle every op the recipes make.
    assertTrue(t.toText().contains("Backward pass"));
    assertTrue(t.toLatex().endsWith("\\end{align*}\n"));
  }
}
