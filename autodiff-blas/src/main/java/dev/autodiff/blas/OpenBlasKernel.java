package dev.autodiff.blas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.kernels.MatMulKernel;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Matrix products through OpenBLAS's {@code cblas_dgemm} (row-major, transposes passed as flags). Products smaller
 * than {@value #SMALL} multiply-adds stay in Java ({@link Kernels#blocked()}): for them the native call and the
 * copies of the arrays across JNI cost more than the arithmetic. OpenBLAS keeps its own thread pool; the thread
 * count follows {@link Kernels#setThreads}.
 */
public final class OpenBlasKernel implements MatMulKernel {
  /** Products below this many multiply-adds run in the pure-Java kernel. */
  public static final long SMALL = 4096;

  private final String version;

  OpenBlasKernel(String version) {
    this.version = version;
  }

  @Override
  public String name() {
    return "openblas " + version;
  }

  @Override
  public void gemm(boolean transA, boolean transB, double[] a, double[] b, double[] c, int m, int k, int n) {
    if ((long) m * k * n < SMALL) {
      Kernels.blocked().gemm(transA, transB, a, b, c, m, k, n);
      return;
    }
    openblas_nolapack.cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
        transB ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a, transA ? m : k, b, transB ? k : n, 0.0, c, n);
  }

  @Override
  public void threadsChanged(int threads) {
    openblas_nolapack.blas_set_num_threads(threads);
  }
}
