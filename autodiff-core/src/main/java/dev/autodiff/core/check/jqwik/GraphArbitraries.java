package dev.autodiff.core.check.jqwik;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for property tests of gradients: random well-formed graphs (scalar and matrix parameters,
 * broadcasting, shared subexpressions, every kind of op) at points that are safe for finite differences.
 *
 * <p>Needs {@code net.jqwik:jqwik} on the test classpath (autodiff-core declares it optional). Example:
 * <pre>{@code
 * @Property
 * void gradientsAgreeWithFiniteDifferences(@ForAll("graphs") GraphRecipe recipe) {
 *   GraphRecipe.Built b = recipe.build(true);
 *   assertTrue(GradientChecker.create().check(b.output(), b.parameters(), Feeds.empty()).passed());
 * }
 *
 * @Provide
 * Arbitrary<GraphRecipe> graphs() {
 *   return GraphArbitraries.recipes(8);
 * }
 * }</pre>
 */
public final class GraphArbitraries {
  private static final List<Shape> SHAPES =
      List.of(Shape.scalar(), Shape.of(2, 3), Shape.of(1, 3), Shape.of(2, 1), Shape.of(3, 2));

  /** The smallest distance from a kink that {@link #recipes} accepts for a point. */
  public static final double KINK_MARGIN = 1e-3;

  private GraphArbitraries() {}

  /** Recipes of up to {@code maxSteps} steps, with kinked ops, at points at least {@link #KINK_MARGIN} from kinks. */
  public static Arbitrary<GraphRecipe> recipes(int maxSteps) {
    checkArgument(maxSteps >= 0, "recipes: maxSteps must not be negative, got %s", maxSteps);
    return recipes(maxSteps, false)
        .filter(r -> r.build(true).awayFromKinks(KINK_MARGIN));
  }

  /** Recipes of smooth (twice differentiable everywhere) ops only: for Hessians and second derivatives. */
  public static Arbitrary<GraphRecipe> smoothRecipes(int maxSteps) {
    checkArgument(maxSteps >= 0, "smoothRecipes: maxSteps must not be negative, got %s", maxSteps);
    return recipes(maxSteps, true);
  }

  private static Arbitrary<GraphRecipe> recipes(int maxSteps, boolean smooth) {
    Arbitrary<List<Shape>> shapes = Arbitraries.of(SHAPES).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<int[]> step = Arbitraries.integers().between(0, 1000).array(int[].class).ofSize(3);
    Arbitrary<List<int[]>> steps = step.list().ofMinSize(1).ofMaxSize(maxSteps);
    Arbitrary<List<double[]>> values = domainSafeValues(6).list().ofSize(3);
    return Combinators.combine(shapes, values, steps).as((s, v, st) -> {
      List<double[]> used = new ArrayList<>(v.subList(0, s.size()));
      return new GraphRecipe(s, used, st, smooth);
    });
  }

  /** {@code n} values in {@code [-1.5, 1.5]}, rounded to multiples of 1/64 so that reports stay readable. */
  public static Arbitrary<double[]> domainSafeValues(int n) {
    checkArgument(n >= 0, "domainSafeValues: n must not be negative, got %s", n);
    return Arbitraries.integers().between(-96, 96).map(i -> i / 64.0).array(double[].class).ofSize(n);
  }
}
