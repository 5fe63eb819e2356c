package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Every matrix-product kernel against the reference triple loop, on odd sizes, on one thread and on several. */
class KernelProperties {
  static double[] random(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  static void agree(MatMulKernel kernel, int m, int k, int n, long seed) {
    double[] a = random(m * k, seed);
    double[] b = random(k * n, seed + 1);
    double[] want = new double[m * n];
    Kernels.reference().multiply(a, b, want, m, k, n);
    double[] got = new double[m * n];
    java.util.Arrays.fill(got, Double.NaN);  // garbage in the output must not matter
    kernel.multiply(a, b, got, m, k, n);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])) * Math.sqrt(k),
          kernel.name() + " " + m + "x" + k + "x" + n + " element " + i);
    }
  }

  @Property(tries = 300)
  void everyKernelMatchesTheReferenceOnOddSizes(@ForAll @IntRange(min = 1, max = 67) int m,
      @ForAll @IntRange(min = 1, max = 300) int k, @ForAll @IntRange(min = 1, max = 67) int n) {
    for (MatMulKernel kernel : List.of(Kernels.blocked())) {
      agree(kernel, m, k, n, m * 31L + k * 7L + n);
    }
  }

  @Test
  void largeProductsSplitAcrossThreadsAgreeToo() {
    int before = Kernels.threads();
    try {
      for (int t : new int[] {1, 2, 3}) {
        Kernels.setThreads(t);
        agree(Kernels.blocked(), 257, 131, 1029, t);
        agree(Kernels.blocked(), 130, 1030, 129, t + 10);
      }
    } finally {
      Kernels.setThreads(before);
    }
    assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
    assertThrows(IllegalArgumentException.class, () -> Kernels.setMatmul(null));
  }
}
