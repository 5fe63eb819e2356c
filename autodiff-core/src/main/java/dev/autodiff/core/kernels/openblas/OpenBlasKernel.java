package dev.autodiff.core.kernels.openblas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.kernels.MatMulKernel;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Matrix products through OpenBLAS's {@code cblas_dgemm} (row-major, transposes passed as flags). Products smaller
 * than {@value #SMALL} multiply-adds stay in Java ({@link Kernels#blocked()}): for them the native call costs more
 * than the arithmetic. OpenBLAS keeps its own thread pool; the thread count follows {@link Kernels#setThreads}.
 *
 * <p>The operands cross into native memory through per-thread staging buffers that grow as needed: {@code a} and
 * {@code b} are copied in, {@code c} is copied out. Passing the Java arrays to the binding directly would copy each
 * of the three arrays both ways (JNI's {@code Get/ReleaseDoubleArrayElements}), which at {@code n = 256} halved the
 * throughput.
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
    Kernels.checkGemm(a, b, c, m, k, n);
    if ((long) m * k * n < SMALL) {
      Kernels.blocked().gemm(transA, transB, a, b, c, m, k, n);
      return;
    }
    Staging s = STAGING.get();
    int sizeA = m * k;
    int sizeB = k * n;
    int sizeC = m * n;
    DoublePointer pa = s.a(sizeA);
    DoublePointer pb = s.b(sizeB);
    DoublePointer pc = s.c(sizeC);
    pa.put(a, 0, sizeA);
    pb.put(b, 0, sizeB);
    openblas_nolapack.cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
        transB ? CblasTrans : CblasNoTrans, m, n, k, 1.0, pa, transA ? m : k, pb, transB ? k : n, 0.0, pc, n);
    pc.get(c, 0, sizeC);
  }

  private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

  /** One thread's native copies of the operands, grown to the largest product seen (freed with the thread). */
  private static final class Staging {
    private DoublePointer a = new DoublePointer(0L);
    private DoublePointer b = new DoublePointer(0L);
    private DoublePointer c = new DoublePointer(0L);

    DoublePointer a(long size) {
      a = fit(a, size);
      return a;
    }

    DoublePointer b(long size) {
      b = fit(b, size);
      return b;
    }

    DoublePointer c(long size) {
      c = fit(c, size);
      return c;
    }

    private static DoublePointer fit(DoublePointer p, long size) {
      if (p.capacity() >= size) {
        return p;
      }
      p.close();
      return new DoublePointer(Math.max(size, p.capacity() * 3 / 2));
    }
  }

  @Override
  public void threadsChanged(int threads) {
    openblas_nolapack.blas_set_num_threads(threads);
  }
}
