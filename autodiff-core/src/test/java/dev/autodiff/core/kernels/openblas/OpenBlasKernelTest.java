package dev.autodiff.core.kernels.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.kernels.KernelContract;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With bytedeco on the class path the native kernel is selected and agrees with the reference on odd sizes and
 * thread counts. Runs in core's surefire execution {@code openblas}; elsewhere (the default run, which leaves
 * bytedeco off the class path, or an IDE without it) it is skipped.
 */
class OpenBlasKernelTest {

  static boolean bytedecoOnTheClassPath() {
    try {
      Class.forName(OpenBlasProvider.BINDING, false, OpenBlasKernelTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The OpenBLAS version of the bytedeco jar on the class path: {@code 0.3.28} of {@code 0.3.28-1.5.11}. */
  static String bytedecoOpenBlasVersion() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = OpenBlasKernelTest.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.bytedeco/openblas/pom.properties")) {
      assertNotNull(in, "the bytedeco openblas jar's pom.properties");
      pom.load(in);
    }
    String version = pom.getProperty("version");
    return version.substring(0, version.indexOf('-'));
  }

  @BeforeAll
  static void needsBytedeco() {
    assumeTrue(bytedecoOnTheClassPath(), "org.bytedeco:openblas is not on this run's class path");
  }

  @Test
  void coreSelectsOpenBlasWhenBytedecoIsOnTheClassPath() throws IOException {
    assertInstanceOf(OpenBlasKernel.class, Kernels.matmul(), Kernels.selection());
    // the version the native library reports, against the version of the bytedeco jar on the class path
    assertTrue(Kernels.selection().matches("openblas " + Pattern.quote(bytedecoOpenBlasVersion()) + "(\\D.*)?"),
        Kernels.selection());
    // and the graph's matrix products go through it
    Graph g = Graph.create();
    Node y = g.constant(Tensor.matrix(2, 3, 1, 2, 3, 4, 5, 6)).matmul(g.constant(Tensor.matrix(3, 1, 1, 0, -1)));
    assertEquals(Tensor.matrix(2, 1, -2, -2), Program.evaluate(y));
  }

  @Test
  void agreesWithTheReferenceOnOddSizes() {
    // a seeded loop rather than a jqwik property: the whole class must be skippable by one JUnit assumption
    Random r = new Random(12);
    for (int i = 0; i < 400; i++) {
      int m = 1 + r.nextInt(97);
      int k = 1 + r.nextInt(300);
      int n = 1 + r.nextInt(97);
      KernelContract.agree(Kernels.matmul(), r.nextBoolean(), r.nextBoolean(), m, k, n, m * 131L + k * 17L + n);
    }
  }

  @Test
  void largeProductsAgreeOnOneTwoAndThreeThreads() {
    KernelContract.largeProductsAgreeOnOneTwoAndThreeThreads(Kernels.matmul());
  }
}
