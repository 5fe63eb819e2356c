package dev.autodiff.core.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.GradientCheck;
import dev.autodiff.core.check.GradientChecker;
import dev.autodiff.core.check.jqwik.GraphArbitraries;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Gradient correctness at scale: random graphs over every op (scalar and matrix shapes, broadcasting, shared
 * subexpressions, built with and without simplification) against finite differences, first derivatives of all of
 * them and second derivatives of the twice-differentiable ones. The number of cases is jqwik's default tries:
 * 3,000 each in CI ({@code junit-platform.properties}), 100,000 each with {@code mvn -B verify -Preliability}. The
 * counts are printed when the class finishes.
 */
class GradientReliabilityProperties {
  private static final AtomicLong FIRST = new AtomicLong();
  private static final AtomicLong SECOND = new AtomicLong();

  @Provide
  Arbitrary<GraphRecipe> graphs() {
    return GraphArbitraries.recipes(10);
  }

  @Provide
  Arbitrary<GraphRecipe> smooth() {
    return GraphArbitraries.smoothRecipes(7);
  }

  @Property
  void everyGradientAgreesWithFiniteDifferences(@ForAll("graphs") GraphRecipe recipe) {
    for (boolean simplifying : new boolean[] {true, false}) {
      GraphRecipe.Built b = recipe.build(simplifying);
      GradientCheck check = GradientChecker.create().withTolerance(1e-5)
          .check(b.output(), b.parameters(), Feeds.empty());
      assertTrue(check.passed(), () -> (simplifying ? "simplified: " : "raw: ") + check);
    }
    FIRST.incrementAndGet();
  }

  @Property
  void secondDerivativesAgreeWithFiniteDifferencesOfTheGradient(@ForAll("smooth") GraphRecipe recipe) {
    GraphRecipe.Built b = recipe.build(true);
    for (Parameter p : b.parameters()) {
      Node g = Gradients.grad(b.output(), p);
      GradientCheck check = GradientChecker.create().withTolerance(1e-5).check(g, List.copyOf(b.parameters()),
          Feeds.empty());
      assertTrue(check.passed(), () -> "d/d" + p.label() + ": " + check);
    }
    SECOND.incrementAndGet();
  }

  @AfterContainer
  static void report() {
    System.out.printf("reliability: %d random graphs checked to first order and %d to second order against finite "
        + "differences, 0 failures%n", FIRST.get(), SECOND.get());
  }
}
