package dev.autodiff.core.kernels.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.kernels.KernelContract;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.kernels.MatMulKernel;
import dev.autodiff.core.tensor.Tensor;
import java.util.Random;
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

  @BeforeAll
  static void needsBytedeco() {
    assumeTrue(bytedecoOnTheClassPath(), "org.bytedeco:openblas is not on this run's class path");
  }

  @Test
  void coreSelectsOpenBlasWhenBytedecoIsOnTheClassPath() {
    assertInstanceOf(OpenBlasKernel.class, Kernels.matmul(), Kernels.selection());
    assertTrue(Kernels.selection().startsWith("openblas 0.3."), Kernels.selection());
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
    MatMulKernel kernel = Kernels.matmul();
    int before = Kernels.threads();
    try {
      for (int t : new int[] {1, 2, 3}) {
        Kernels.setThreads(t);
        for (int mode = 0; mode < 4; mode++) {
          KernelContract.agree(kernel, (mode & 1) != 0, (mode & 2) != 0, 257, 131, 1029, t);
          KernelContract.agree(kernel, (mode & 1) != 0, (mode & 2) != 0, 130, 1030, 129, t + 10);
        }
      }
    } finally {
      Kernels.setThreads(before);
    }
  }
}
