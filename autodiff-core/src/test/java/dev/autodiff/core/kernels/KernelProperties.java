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

/**
 * Every pure-Java matrix-product kernel ({@link Kernels#blocked()} and {@link Kernels#reference()}) against the triple
 * loop of {@link KernelContract}, written in the test from the index formula, on odd sizes, on one thread and on
 * several. (In core's default run {@link Kernels#matmul()} is the blocked kernel; the native one has
 * {@code OpenBlasKernelTest}.)
 */
class KernelProperties {

  @Property(tries = 300)
  void everyKernelMatchesTheIndexFormulaOnOddSizes(@ForAll @IntRange(min = 1, max = 67) int m,
      @ForAll @IntRange(min = 1, max = 300) int k, @ForAll @IntRange(min = 1, max = 67) int n,
      @ForAll boolean transA, @ForAll boolean transB) {
    KernelContract.Product p = KernelContract.product(transA, transB, m, k, n, m * 31L + k * 7L + n);
    for (MatMulKernel kernel : List.of(Kernels.blocked(), Kernels.reference())) {
      p.check(kernel);
    }
  }

  @Test
  void largeProductsSplitAcrossThreadsAgreeToo() {
    assertTrue(13L * 157 * 1029 >= Kernels.PARALLEL_FLOPS && 17L * 1030 * 121 >= Kernels.PARALLEL_FLOPS,
        "the default build's large products are split across threads");
    KernelContract.largeProductsAgreeOnOneTwoAndThreeThreads(Kernels.blocked());
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
