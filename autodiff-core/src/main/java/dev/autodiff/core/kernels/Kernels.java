package dev.autodiff.core.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kernels in use, and the thread count for large operations. The matrix product defaults to
 * {@link #blocked()}; {@link #reference()} is the plain triple loop every kernel is tested against.
 * Threads: products of at least {@value #PARALLEL_FLOPS} multiply-adds split their rows over
 * {@link #threads()} threads (default: all cores; {@link #setThreads} or the system property
 * {@code autodiff.threads}); smaller ones run on the calling thread, where the fork costs more than it saves.
 */
public final class Kernels {
  /** The smallest product (in multiply-adds) that is split across threads. */
  public static final long PARALLEL_FLOPS = 1L << 21;

  private static final MatMulKernel REFERENCE = new Reference();
  private static final MatMulKernel BLOCKED = new Blocked();
  private static final AtomicReference<MatMulKernel> MATMUL = new AtomicReference<>(BLOCKED);
  private static volatile int threads = Integer.getInteger("autodiff.threads",
      Runtime.getRuntime().availableProcessors());
  private static volatile ForkJoinPool pool;

  private Kernels() {}

  /** The matrix product kernel in use. */
  public static MatMulKernel matmul() {
    return MATMUL.get();
  }

  /** Uses {@code kernel} for every matrix product from now on. */
  public static void setMatmul(MatMulKernel kernel) {
    if (kernel == null) {
      throw new IllegalArgumentException("kernels: matmul kernel is null");
    }
    MATMUL.set(kernel);
  }

  /** The plain triple loop, the reference for tests. */
  public static MatMulKernel reference() {
    return REFERENCE;
  }

  /** The blocked, JIT-vectorisable pure-Java kernel (the default). */
  public static MatMulKernel blocked() {
    return BLOCKED;
  }

  /** Threads used for large operations. */
  public static int threads() {
    return threads;
  }

  /** Sets the threads used for large operations (1 keeps everything on the calling thread). */
  public static synchronized void setThreads(int n) {
    if (n < 1 || n > 4096) {
      throw new IllegalArgumentException("kernels: threads must be in [1, 4096], got " + n);
    }
    if (n != threads) {
      threads = n;
      ForkJoinPool old = pool;
      pool = null;
      if (old != null) {
        old.shutdown();
      }
    }
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (Kernels.class) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(threads);
          pool = p;
        }
      }
    }
    return p;
  }

  private static final class Reference implements MatMulKernel {
    @Override
    public String name() {
      return "reference";
    }

    @Override
    public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += a[i * k + p] * b[p * n + j];
          }
          c[i * n + j] = s;
        }
      }
    }
  }

  /**
   * Rows of {@code c} in blocks; within a block, panels of {@code k} and of {@code n} sized for the caches, and four
   * rows of {@code a} at a time so each loaded element of {@code b} feeds four multiply-adds. The innermost loop runs
   * along a row of {@code b} and {@code c}, contiguous, which the JIT vectorises.
   */
  private static final class Blocked implements MatMulKernel {
    static final int KC = 128;
    static final int NC = 1024;

    @Override
    public String name() {
      return "blocked";
    }

    @Override
    public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
      java.util.Arrays.fill(c, 0, m * n, 0.0);
      long flops = (long) m * k * n;
      int t = threads;
      if (t > 1 && flops >= PARALLEL_FLOPS && m >= 8) {
        int chunks = Math.min(m / 4, t * 4);
        pool().invoke(new Rows(a, b, c, m, k, n, 0, m, Math.max(4, (m + chunks - 1) / chunks)));
      } else {
        rows(a, b, c, k, n, 0, m);
      }
    }

    static void rows(double[] a, double[] b, double[] c, int k, int n, int from, int to) {
      for (int p0 = 0; p0 < k; p0 += KC) {
        int p1 = Math.min(k, p0 + KC);
        for (int j0 = 0; j0 < n; j0 += NC) {
          int j1 = Math.min(n, j0 + NC);
          int i = from;
          for (; i + 3 < to; i += 4) {
            int c0 = i * n;
            int c1 = c0 + n;
            int c2 = c1 + n;
            int c3 = c2 + n;
            for (int p = p0; p < p1; p++) {
              double a0 = a[i * k + p];
              double a1 = a[(i + 1) * k + p];
              double a2 = a[(i + 2) * k + p];
              double a3 = a[(i + 3) * k + p];
              int bp = p * n;
              for (int j = j0; j < j1; j++) {
                double bv = b[bp + j];
                c[c0 + j] += a0 * bv;
                c[c1 + j] += a1 * bv;
                c[c2 + j] += a2 * bv;
                c[c3 + j] += a3 * bv;
              }
            }
          }
          for (; i < to; i++) {
            int ci = i * n;
            for (int p = p0; p < p1; p++) {
              double av = a[i * k + p];
              int bp = p * n;
              for (int j = j0; j < j1; j++) {
                c[ci + j] += av * b[bp + j];
              }
            }
          }
        }
      }
    }

    private static final class Rows extends RecursiveAction {
      private static final long serialVersionUID = 1L;
      private final double[] a;
      private final double[] b;
      private final double[] c;
      private final int m;
      private final int k;
      private final int n;
      private final int from;
      private final int to;
      private final int grain;

      Rows(double[] a, double[] b, double[] c, int m, int k, int n, int from, int to, int grain) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.m = m;
        this.k = k;
        this.n = n;
        this.from = from;
        this.to = to;
        this.grain = grain;
      }

      @Override
      protected void compute() {
        if (to - from <= grain) {
          rows(a, b, c, k, n, from, to);
          return;
        }
        int mid = from + ((to - from) / 2 + 3) / 4 * 4;
        mid = Math.min(to, Math.max(from + 1, mid));
        invokeAll(new Rows(a, b, c, m, k, n, from, mid, grain), new Rows(a, b, c, m, k, n, mid, to, grain));
      }
    }
  }
}
