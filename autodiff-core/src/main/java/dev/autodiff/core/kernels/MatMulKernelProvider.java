package dev.autodiff.core.kernels;

/**
 * A source of a faster matrix-product kernel, found with {@link java.util.ServiceLoader} when {@link Kernels} is
 * first used (core registers one, {@code dev.autodiff.core.kernels.openblas}, which wraps a native OpenBLAS when
 * {@code org.bytedeco:openblas} is on the class path). The provider with the highest
 * {@link #priority} whose {@link #create} succeeds and agrees with the reference on a small product is chosen;
 * {@link Kernels#selection()} says which and why others fell back.
 */
public interface MatMulKernelProvider {
  /** A short name, also accepted by the system property {@code autodiff.kernel}. */
  String name();

  /** Higher wins; the pure-Java kernel counts as 0. */
  int priority();

  /**
   * Loads the kernel.
   *
   * @throws Exception (any, and any {@link Error} such as {@link LinkageError}) when it cannot be had on this machine:
   *     the message says why, and the selection logs it and moves on
   */
  MatMulKernel create() throws Exception;
}
