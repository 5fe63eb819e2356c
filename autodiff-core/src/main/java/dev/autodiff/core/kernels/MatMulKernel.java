package dev.autodiff.core.kernels;

/**
 * Matrix products of row-major arrays. {@link #gemm} computes {@code c = op(a) op(b)} where {@code op(a)} is
 * {@code m x k} and {@code op(b)} is {@code k x n}; with {@code transA} the array {@code a} holds the {@code k x m}
 * matrix whose transpose is meant (likewise {@code transB}), so the graph's {@code a.transpose().matmul(g)} needs no copy of
 * the transpose.
 *
 * <p>Implementations must ignore the old content of {@code c} and may be called from many threads at once.
 */
public interface MatMulKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /** Writes {@code op(a) op(b)} into {@code c} (its old content is ignored). */
  void gemm(boolean transA, boolean transB, double[] a, double[] b, double[] c, int m, int k, int n);

  /** Writes {@code a b} into {@code c} (its old content is ignored): {@code a} is {@code m x k}, {@code b} {@code k x n}. */
  default void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    gemm(false, false, a, b, c, m, k, n);
  }

  /** Told when {@link Kernels#setThreads} changes the thread count (a native library keeps its own pool). */
  default void threadsChanged(int threads) {}
}
