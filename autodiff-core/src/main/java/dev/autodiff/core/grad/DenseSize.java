package dev.autodiff.core.grad;

import static com.google.common.base.Preconditions.checkArgument;

/** The refusal of a dense Jacobian or Hessian that cannot fit, before anything of it is built. */
final class DenseSize {
  private DenseSize() {}

  /**
   * Refuses a dense {@code m x n} matrix built from {@code seeds} one-hot seeds of {@code seedSize} elements when it
   * cannot fit: more elements than a tensor holds, or more memory than the heap has for the seeds (made as constants
   * before anything runs) and twice the matrix (its rows, then the matrix they are joined into).
   */
  static void check(String op, long m, long n, long seeds, long seedSize) {
    long elements = m * n;
    checkArgument(elements <= Integer.MAX_VALUE - 8,
        "%s: the %s x %s matrix has %s elements, more than a tensor can hold", op, m, n, elements);
    long bytes = 8 * (seeds * seedSize + 2 * elements);
    long heap = Runtime.getRuntime().maxMemory();
    checkArgument(bytes <= heap, "%s: the %s x %s matrix (%s) and its %s one-hot seeds of %s elements need %s, more "
        + "than this JVM's heap (%s, -Xmx); for many parameters use hessianVectorProduct or jvp", op, m, n,
        size(8 * elements), seeds, seedSize, size(bytes), size(heap));
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format("%.1f GB", bytes / (double) (1L << 30))
        : String.format("%.1f MB", bytes / (double) (1L << 20));
  }
}
