package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

/**
 * The check every matrix-product kernel must pass: {@code op(a) op(b)} equal to the triple loop written here from the
 * index formula, with garbage (NaN) in the output beforehand. The reference is this file's own loop, not
 * {@link Kernels#reference()}, so it is independent of every kernel in core, the reference one included. Public (and
 * in core's test-jar) so every kernel is tested the same way, wherever it lives.
 */
public final class KernelContract {
  private KernelContract() {}

  static double[] random(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  /**
   * One product with its expected result, computed once: {@code c[i][j] = sum_p op(a)[i][p] op(b)[p][j]}, where
   * {@code op(a)[i][p]} is {@code a[p*m + i]} when {@code a} is transposed, else {@code a[i*k + p]}.
   */
  public record Product(boolean transA, boolean transB, int m, int k, int n, double[] a, double[] b, double[] want) {
    /** Asserts that {@code kernel} computes this product. */
    public void check(MatMulKernel kernel) {
      double[] got = new double[m * n];
      Arrays.fill(got, Double.NaN);
      kernel.gemm(transA, transB, a, b, got, m, k, n);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])) * Math.sqrt(k), kernel.name() + " "
            + m + "x" + k + "x" + n + " transA=" + transA + " transB=" + transB + " element " + i);
      }
    }
  }

  /** A random product of the given sizes and transposes, and its result by the index formula. */
  public static Product product(boolean transA, boolean transB, int m, int k, int n, long seed) {
    double[] a = random(m * k, seed);
    double[] b = random(k * n, seed + 1);
    double[] want = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
        }
        want[i * n + j] = s;
      }
    }
    return new Product(transA, transB, m, k, n, a, b, want);
  }

  /** Asserts that {@code kernel} agrees with the index formula on one product of the given sizes and transposes. */
  public static void agree(MatMulKernel kernel, boolean transA, boolean transB, int m, int k, int n, long seed) {
    product(transA, transB, m, k, n, seed).check(kernel);
  }

  /**
   * Shapes past every threshold of the blocked kernel, each for all four transpose modes: {@code k} over a panel
   * ({@code KC = 128}), {@code n} over a panel ({@code NC = 1024}), rows not a multiple of four, and at least
   * {@link Kernels#PARALLEL_FLOPS} multiply-adds, so that several threads split the rows. The default build takes
   * products just past the thresholds; {@code -Preliability} adds the large ones (17 and 33 million multiply-adds).
   */
  public static int[][] largeShapes() {
    int[][] cheap = {{13, 157, 1029}, {17, 1030, 121}};
    int[][] large = {{257, 131, 1029}, {130, 1030, 129}};
    if (!Boolean.getBoolean("autodiff.reliability")) {
      return cheap;
    }
    int[][] all = Arrays.copyOf(cheap, 4);
    all[2] = large[0];
    all[3] = large[1];
    return all;
  }

  /** Every large shape in every mode, computed once and checked with {@code kernel} on 1, 2 and 3 threads. */
  public static void largeProductsAgreeOnOneTwoAndThreeThreads(MatMulKernel kernel) {
    int before = Kernels.threads();
    try {
      int seed = 0;
      for (int[] s : largeShapes()) {
        for (int mode = 0; mode < 4; mode++) {
          Product p = product((mode & 1) != 0, (mode & 2) != 0, s[0], s[1], s[2], seed++);
          for (int t : new int[] {1, 2, 3}) {
            Kernels.setThreads(t);
            p.check(kernel);
          }
        }
      }
    } finally {
      Kernels.setThreads(before);
    }
  }
}
