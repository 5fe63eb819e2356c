package dev.autodiff.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.kernels.KernelContract;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.kernels.MatMulKernel;
import dev.autodiff.core.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The native kernel is selected on this platform and agrees with the reference on odd sizes and thread counts. */
class OpenBlasKernelTest {

  @Test
  void coreSelectsOpenBlasWhenThisModuleIsOnTheClassPath() {
    assertTrue(Kernels.matmul() instanceof OpenBlasKernel, Kernels.selection());
    assertTrue(Kernels.selection().startsWith("openblas 0.3."), Kernels.selection());
    // and the graph's matrix products go through it
    Graph g = Graph.create();
    Node y = g.constant(Tensor.matrix(2, 3, 1, 2, 3, 4, 5, 6)).matmul(g.constant(Tensor.matrix(3, 1, 1, 0, -1)));
    assertEquals(Tensor.matrix(2, 1, -2, -2), Program.evaluate(y));
  }

  @Property(tries = 400)
  void agreesWithTheReferenceOnOddSizes(@ForAll @IntRange(min = 1, max = 97) int m,
      @ForAll @IntRange(min = 1, max = 300) int k, @ForAll @IntRange(min = 1, max = 97) int n,
      @ForAll boolean transA, @ForAll boolean transB) {
    KernelContract.agree(Kernels.matmul(), transA, transB, m, k, n, m * 131L + k * 17L + n);
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
