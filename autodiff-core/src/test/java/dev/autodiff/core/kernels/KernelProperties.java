package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Every matrix-product kernel against the reference triple loop, on odd sizes, on one thread and on several. */
class KernelProperties {

  @Property(tries = 300)
  void everyKernelMatchesTheReferenceOnOddSizes(@ForAll @IntRange(min = 1, max = 67) int m,
      @ForAll @IntRange(min = 1, max = 300) int k, @ForAll @IntRange(min = 1, max = 67) int n,
      @ForAll boolean transA, @ForAll boolean transB) {
    for (MatMulKernel kernel : List.of(Kernels.blocked(), Kernels.matmul())) {
      KernelContract.agree(kernel, transA, transB, m, k, n, m * 31L + k * 7L + n);
    }
  }

  @Test
  void largeProductsSplitAcrossThreadsAgreeToo() {
    int before = Kernels.threads();
    try {
      for (int t : new int[] {1, 2, 3}) {
        Kernels.setThreads(t);
        for (int mode = 0; mode < 4; mode++) {
          KernelContract.agree(Kernels.blocked(), (mode & 1) != 0, (mode & 2) != 0, 257, 131, 1029, t);
          KernelContract.agree(Kernels.blocked(), (mode & 1) != 0, (mode & 2) != 0, 130, 1030, 129, t + 10);
        }
      }
    } finally {
      Kernels.setThreads(before);
    }
    assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
    assertThrows(IllegalArgumentException.class, () -> Kernels.setMatmul(null));
  }

  @Test
  void withoutBytedecoOnTheClassPathThePureJavaKernelIsChosenAndTheSelectionSaysWhy() {
    // core registers its OpenBLAS provider; this run leaves org.bytedeco off the class path (the surefire
    // configuration in autodiff-core/pom.xml), as a user who never added it has it
    assumeFalse(bytedecoOnTheClassPath(), "org.bytedeco:openblas is on this run's class path");
    assertEquals(Kernels.blocked(), Kernels.matmul());
    String selection = Kernels.selection();
    assertTrue(selection.startsWith("blocked (openblas unavailable: "), selection);
    assertTrue(selection.contains("org.bytedeco:openblas is not on the class path"), selection);
  }

  private static boolean bytedecoOnTheClassPath() {
    try {
      Class.forName("org.bytedeco.javacpp.Loader", false, KernelProperties.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
