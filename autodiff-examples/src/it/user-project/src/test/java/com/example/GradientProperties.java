package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.GradientChecker;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.check.jqwik.GraphArbitraries;
import dev.autodiff.core.exec.Feeds;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The README's property, in a user's project: autodiff's gradients agree with finite differences. */
class GradientProperties {
  @Property(tries = 50, seed = "7")
  void gradientsAgreeWithFiniteDifferences(@ForAll("graphs") GraphRecipe recipe) {
    GraphRecipe.Built b = recipe.build(true);
    assertTrue(GradientChecker.create().withTolerance(1e-5)
        .check(b.output(), b.parameters(), Feeds.empty()).passed());
  }

  @Provide
  Arbitrary<GraphRecipe> graphs() {
    return GraphArbitraries.recipes(8);
  }
}
