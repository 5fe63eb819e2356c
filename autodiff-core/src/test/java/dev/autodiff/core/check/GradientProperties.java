package dev.autodiff.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.jqwik.GraphArbitraries;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Properties over random graphs, using the same arbitraries that users get from {@code check.jqwik}: one property a
 * method, each checked in this one class. The first- and second-order properties take jqwik's default number of
 * tries: 3,000 in the default build ({@code junit-platform.properties}), 100,000 with {@code -Preliability}; the
 * counts are printed when the class finishes. Their reference is finite differences of the forward values, which
 * never touch the reverse pass. Determinism across runs is {@link CrossJvmDeterminismTest}.
 */
class GradientProperties {
  private static final AtomicLong FIRST = new AtomicLong();
  private static final AtomicLong SECOND = new AtomicLong();

  @Provide
  Arbitrary<GraphRecipe> graphs() {
    return GraphArbitraries.recipes(10);
  }

  @Provide
  Arbitrary<GraphRecipe> smoothGraphs() {
    return GraphArbitraries.smoothRecipes(7);
  }

  @Property
  void firstDerivativesAgreeWithFiniteDifferences(@ForAll("graphs") GraphRecipe recipe) {
    for (boolean simplifying : new boolean[] {true, false}) {
      GraphRecipe.Built b = recipe.build(simplifying);
      GradientCheck check = GradientChecker.create().withTolerance(1e-5)
          .check(b.output(), b.parameters(), Feeds.empty());
      assertTrue(check.passed(), () -> (simplifying ? "simplified: " : "raw: ") + check);
    }
    FIRST.incrementAndGet();
  }

  @Property
  void secondDerivativesAreSymmetricAndAgreeWithFiniteDifferencesOfTheGradient(
      @ForAll("smoothGraphs") GraphRecipe recipe) {
    GraphRecipe.Built b = recipe.build(true);
    for (Parameter p : b.parameters()) {
      Node grad = Gradients.grad(b.output(), p);
      GradientCheck check = GradientChecker.create().withTolerance(1e-5)
          .check(grad, List.copyOf(b.parameters()), Feeds.empty());
      assertTrue(check.passed(), () -> "d/d" + p.label() + ": " + check);
    }
    Parameter p = b.parameters().get(0);
    Node grad = Gradients.grad(b.output(), p);
    Tensor h = Program.evaluate(Gradients.hessian(b.output(), p));
    int n = p.shape().size();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double scale = Math.max(1, Math.abs(h.get(i, j)));
        assertEquals(h.get(i, j), h.get(j, i), 1e-9 * scale, "H not symmetric at " + i + "," + j);
      }
    }
    // The Hessian node is built apart from the gradient checks above: its first column against central
    // differences of the gradient along the first element, error O(eps^2).
    double eps = 1e-5;
    double[] up = p.value().toArray();
    double[] down = p.value().toArray();
    up[0] += eps;
    down[0] -= eps;
    Program gp = Program.compile(grad);
    Tensor g1 = gp.run(Feeds.of(p, Tensor.of(p.shape(), up))).get(grad);
    Tensor g0 = gp.run(Feeds.of(p, Tensor.of(p.shape(), down))).get(grad);
    for (int i = 0; i < n; i++) {
      double fd = (g1.at(i) - g0.at(i)) / (2 * eps);
      assertEquals(fd, h.get(i, 0), 1e-4 * Math.max(1, Math.abs(fd)), "H[" + i + ",0]");
    }
    SECOND.incrementAndGet();
  }

  @Property(tries = 1000)
  void simplificationKeepsValuesAndGradients(@ForAll("graphs") GraphRecipe recipe) {
    GraphRecipe.Built simple = recipe.build(true);
    GraphRecipe.Built raw = recipe.build(false);
    List<Tensor> a = valueAndGradients(simple);
    List<Tensor> b = valueAndGradients(raw);
    for (int k = 0; k < a.size(); k++) {
      Tensor x = a.get(k);
      Tensor y = b.get(k);
      for (int i = 0; i < x.size(); i++) {
        double scale = Math.max(1, Math.abs(y.at(i)));
        assertEquals(y.at(i), x.at(i), 1e-10 * scale, "output " + k + " element " + i);
      }
    }
    // Computing nodes only: folding a chain of constants leaves each folded intermediate as a constant node, so a
    // simplified graph can hold a few more constants than the raw one (found: 7 folded constants against a raw
    // 6-node chain of broadcasts and sums), but never more work.
    assertTrue(computing(simple) <= computing(raw),
        "simplified graph computes " + computing(simple) + " nodes > raw " + computing(raw));
  }

  private static long computing(GraphRecipe.Built b) {
    return b.graph().nodes().stream().filter(n -> !n.isConstant()).count();
  }

  @AfterContainer
  static void report() {
    System.out.printf("gradient properties: %d random graphs checked to first order (simplified and raw) and %d to "
        + "second order against finite differences, 0 failures%n", FIRST.get(), SECOND.get());
  }

  private static List<Tensor> valueAndGradients(GraphRecipe.Built b) {
    List<Node> outputs = new ArrayList<>();
    outputs.add(b.output());
    outputs.addAll(Gradients.gradients(b.output(), b.parameters()));
    Results r = Program.compile(outputs).run();
    List<Tensor> values = new ArrayList<>();
    for (Node o : outputs) {
      values.add(r.get(o));
    }
    return values;
  }
}
