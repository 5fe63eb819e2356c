package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

/**
 * The check every matrix-product kernel must pass: {@code op(a) op(b)} equal to the reference triple loop, with
 * garbage (NaN) in the output beforehand. Public (and in core's test-jar) so every kernel is tested the same way,
 * wherever it lives.
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

  /** Asserts that {@code kernel} agrees with the reference on one product of the given sizes and transposes. */
  public static void agree(MatMulKernel kernel, boolean transA, boolean transB, int m, int k, int n, long seed) {
    double[] a = random(m * k, seed);
    double[] b = random(k * n, seed + 1);
    double[] want = new double[m * n];
    Kernels.reference().gemm(transA, transB, a, b, want, m, k, n);
    double[] got = new double[m * n];
    Arrays.fill(got, Double.NaN);
    kernel.gemm(transA, transB, a, b, got, m, k, n);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])) * Math.sqrt(k),
          kernel.name() + " " + m + "x" + k + "x" + n + " transA=" + transA + " transB=" + transB + " element " + i);
    }
  }
}
