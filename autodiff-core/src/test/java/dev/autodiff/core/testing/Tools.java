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

  /** The Python that has Debian's {@code python3-onnx}: the system's, not whatever {@code python3} a PATH finds. */
  public static final String SYSTEM_PYTHON = "/usr/bin/python3";

  /**
   * Returns when {@value #SYSTEM_PYTHON} can {@code import onnx} (Debian's {@code python3-onnx}, whose checker the
   * ONNX export tests run). Otherwise the test fails when {@code AUTODIFF_REQUIRE_ONNX} (set by {@code .ci/run}) is
   * set in the environment, and is skipped with the reason when not.
   */
  public static void requirePythonOnnx() {
    if (pythonImports("onnx")) {
      return;
    }
    if (System.getenv("AUTODIFF_REQUIRE_ONNX") != null) {
      fail("Python's onnx package is required (AUTODIFF_REQUIRE_ONNX is set) but " + SYSTEM_PYTHON
          + " cannot import it; apt-get install python3-onnx");
    }
    assumeTrue(false, SYSTEM_PYTHON + " cannot import onnx (apt-get install python3-onnx); set AUTODIFF_REQUIRE_ONNX");
  }

  private static boolean pythonImports(String module) {
    try {
      Process p = new ProcessBuilder(SYSTEM_PYTHON, "-c", "import " + module).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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
