package dev.autodiff.core.kernels;

/** A matrix product {@code c = a b} of row-major arrays: {@code a} is {@code m x k}, {@code b} is {@code k x n}. */
public interface MatMulKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /** Writes {@code a b} into {@code c} (its old content is ignored). */
  void multiply(double[] a, double[] b, double[] c, int m, int k, int n);
}
