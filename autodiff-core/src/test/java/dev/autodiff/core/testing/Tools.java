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

  /**
   * Returns when protobuf's compiler {@code protoc} is on the path (tests decode the files the library writes with
   * it, as an independent decoder). Otherwise the test fails when {@code AUTODIFF_REQUIRE_PROTOC} (set by
   * {@code .ci/run}) is set in the environment, and is skipped with the reason when not.
   */
  public static void requireProtoc() {
    if (protocAvailable()) {
      return;
    }
    if (System.getenv("AUTODIFF_REQUIRE_PROTOC") != null) {
      fail("protoc is required (AUTODIFF_REQUIRE_PROTOC is set) but not found; apt-get install protobuf-compiler");
    }
    assumeTrue(false, "protoc is not installed (apt-get install protobuf-compiler); set AUTODIFF_REQUIRE_PROTOC");
  }

  private static boolean protocAvailable() {
    try {
      Process p = new ProcessBuilder("protoc", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
