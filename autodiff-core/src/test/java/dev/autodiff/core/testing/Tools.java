package dev.autodiff.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.core.viz.Graphviz;

/** External tools some tests need: present, or the test is skipped saying why, or (in CI) failed. */
public final class Tools {
  private Tools() {}

  /**
   * Returns when Graphviz's {@code dot} is installed. Otherwise the test fails when {@code AUTODIFF_REQUIRE_GRAPHVIZ}
   * (set by {@code .ci/run}) or {@code alsoRequiredBy} is set in the environment, and is skipped with the reason
   * when not.
   */
  public static void requireGraphviz(String... alsoRequiredBy) {
    if (Graphviz.isAvailable()) {
      return;
    }
    boolean required = System.getenv("AUTODIFF_REQUIRE_GRAPHVIZ") != null;
    for (String variable : alsoRequiredBy) {
      required |= System.getenv(variable) != null;
    }
    if (required) {
      fail("Graphviz 'dot' is required (AUTODIFF_REQUIRE_GRAPHVIZ is set) but not found; apt-get install graphviz");
    }
    assumeTrue(false, "Graphviz 'dot' is not installed (apt-get install graphviz); set AUTODIFF_REQUIRE_GRAPHVIZ");
  }
}
