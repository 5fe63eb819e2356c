package dev.autodiff.core.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.RecursiveAction;

/**
 * The kernels in use, and the thread count for large operations.
 *
 * <p>Every numeric loop of the engine sits behind one of four kernel interfaces: {@link ElementwiseKernel}
 * (elementwise functions with broadcasting, selection, powers, transposes), {@link ReductionKernel} (sums, extrema,
 * log-sum-exp), {@link PatchKernel} (image patches unfolded and folded back) and {@link MatMulKernel}. Ops name
 * what to compute and call the kernel in use; none has a loop of
 * its own. The elementwise and reduction kernels are the pure-Java loops (one per function, written once).
 *
 * <p>The matrix-product kernel is chosen once, at first use: the {@link MatMulKernelProvider}s on the class path
 * (found with {@link java.util.ServiceLoader}; core itself registers OpenBLAS, in
 * {@code dev.autodiff.core.kernels.openblas}, which needs the optional dependency {@code org.bytedeco:openblas}) are
 * tried by priority, and the first that loads and agrees with {@link #reference()} on a small product wins;
 * otherwise the pure-Java {@link #blocked()} kernel. A provider that fails is logged (logger
 * {@code dev.autodiff.core.kernels}: level DEBUG when its classes are simply not on the class path, INFO otherwise)
 * with its reason, and {@link #selection()} repeats it; so is a provider that cannot even be loaded, and the search
 * goes on. The system property {@code autodiff.kernel} forces a choice: {@code blocked}, {@code reference} or a
 * provider's name.
 *
 * <p>Threads: {@link #threads()} (default: all cores; {@link #setThreads} or the system property
 * {@code autodiff.threads}). The pure-Java kernel splits products of at least {@value #PARALLEL_FLOPS}
 * multiply-adds over that many threads and runs smaller ones on the calling thread, where the fork costs more than
 * it saves; a native kernel is told the count and applies its own threshold.
 */
public final class Kernels {
  /** The smallest product (in multiply-adds) that the pure-Java kernel splits across threads. */
  public static final long PARALLEL_FLOPS = 1L << 21;

  private static final System.Logger LOG = System.getLogger("dev.autodiff.core.kernels");
  private static final MatMulKernel REFERENCE = new Reference();
  private static final MatMulKernel BLOCKED = new Blocked();
  private static final JavaLoops LOOPS = new JavaLoops();
  private static final PatchLoops PATCHES = new PatchLoops();
  private static volatile MatMulKernel matmul;
  private static volatile String selection;
  private static volatile int threads = Integer.getInteger("autodiff.threads",
      Runtime.getRuntime().availableProcessors());
  private static final KernelPool POOL = new KernelPool(() -> threads);

  private Kernels() {}

  /** The elementwise kernel in use: the pure-Java loops of {@link UnaryFunction} and {@link BinaryFunction}. */
  public static ElementwiseKernel elementwise() {
    return LOOPS;
  }

  /** The reduction kernel in use: the pure-Java loops of {@link Reducer}. */
  public static ReductionKernel reductions() {
    return LOOPS;
  }

  /** The image-patch kernel in use (im2col and col2im): the pure-Java loops of {@link PatchLoops}. */
  public static PatchKernel patches() {
    return PATCHES;
  }

  /** The matrix product kernel in use (chosen at the first call). */
  public static MatMulKernel matmul() {
    MatMulKernel k = matmul;
    return k != null ? k : select();
  }

  /** Which kernel was chosen and why: the providers tried and the reasons any of them fell back. */
  public static String selection() {
    matmul();
    return selection;
  }

  private static synchronized MatMulKernel select() {
    if (matmul != null) {
      return matmul;
    }
    List<String> lookup = new ArrayList<>();
    List<MatMulKernelProvider> providers = discover(
        ServiceLoader.load(MatMulKernelProvider.class, Kernels.class.getClassLoader()).iterator(), lookup);
    Choice c = choose(providers, System.getProperty("autodiff.kernel", "").trim());
    selection = lookup.isEmpty() ? c.description() : c.description() + " (" + String.join("; ", lookup) + ")";
    matmul = c.kernel();
    return c.kernel();
  }

  /**
   * The providers {@code found} yields. One that cannot be loaded or instantiated (a {@link ServiceConfigurationError}
   * from the iterator, or a {@link LinkageError} when its class needs one that is missing) is skipped, with a note in
   * {@code notes}, and the search goes on with the next.
   */
  static List<MatMulKernelProvider> discover(Iterator<MatMulKernelProvider> found, List<String> notes) {
    List<MatMulKernelProvider> providers = new ArrayList<>();
    // NOTE: a broken entry need not advance the iterator; the bound keeps a lookup that fails forever from hanging
    for (int failures = 0; failures < 16; ) {
      try {
        if (!found.hasNext()) {
          break;
        }
        providers.add(found.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        failures++;
        String why = "provider lookup failed: " + e;
        notes.add(why);
        LOG.log(System.Logger.Level.INFO, "matrix products: " + why);
      }
    }
    return providers;
  }

  /** A chosen kernel and what to say about the choice. */
  record Choice(MatMulKernel kernel, String description) {}

  /**
   * The selection rule: {@code forced} ({@code ""} for none) names {@code blocked}, {@code reference} or a provider;
   * otherwise providers by descending priority, the first that loads and agrees with the reference; else blocked.
   * Every provider that fails is logged with its reason.
   */
  static Choice choose(List<MatMulKernelProvider> candidates, String forced) {
    List<String> notes = new ArrayList<>();
    MatMulKernel chosen = null;
    if (forced.equals("blocked") || forced.equals("java")) {
      chosen = BLOCKED;
      notes.add("forced by -Dautodiff.kernel=" + forced);
    } else if (forced.equals("reference")) {
      chosen = REFERENCE;
      notes.add("forced by -Dautodiff.kernel=reference");
    } else {
      List<MatMulKernelProvider> providers = new ArrayList<>(candidates);
      providers.sort(Comparator.comparingInt(MatMulKernelProvider::priority).reversed());
      for (MatMulKernelProvider p : providers) {
        if (!forced.isEmpty() && !forced.equals(p.name())) {
          notes.add(p.name() + " skipped: -Dautodiff.kernel=" + forced);
          continue;
        }
        try {
          MatMulKernel k = p.create();
          verify(k);
          k.threadsChanged(threads);
          chosen = k;
          break;
        } catch (Throwable e) {
          String why = p.name() + " unavailable: " + e;
          notes.add(why);
          // an optional library the user did not add is the ordinary case, not news: DEBUG; anything else: INFO
          LOG.log(absent(e) ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
              "matrix products fall back: " + why);
        }
      }
      if (chosen == null) {
        if (!forced.isEmpty()) {
          notes.add("no kernel named '" + forced + "' could be loaded");
        }
        chosen = BLOCKED;
      }
    }
    return new Choice(chosen, chosen.name() + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
  }

  /** Whether {@code e} comes from classes missing from the class path (an optional dependency not added). */
  static boolean absent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
        return true;
      }
    }
    return false;
  }

  /** A small product with transposes, checked against the reference: a broken native library is not used. */
  private static void verify(MatMulKernel k) {
    double[] a = {1, -2, 3.5, 0.25, 4, -1, 2, 0.5, -3, 1.5, 2.5, -0.75};
    double[] b = {0.5, 1, -1, 2, 3, -2.5, 1.25, 0, -0.5, 2, 1, -1.5, 0.75, 3, -2};
    for (int mode = 0; mode < 4; mode++) {
      boolean ta = (mode & 1) != 0;
      boolean tb = (mode & 2) != 0;
      double[] want = new double[4 * 5];
      double[] got = new double[4 * 5];
      java.util.Arrays.fill(got, Double.NaN);
      REFERENCE.gemm(ta, tb, a, b, want, 4, 3, 5);
      k.gemm(ta, tb, a, b, got, 4, 3, 5);
      for (int i = 0; i < want.length; i++) {
        if (!(Math.abs(want[i] - got[i]) <= 1e-12 * (1 + Math.abs(want[i])))) {
          throw new IllegalStateException(String.format("kernel %s disagrees with the reference (transA=%s, "
              + "transB=%s, element %s: %s vs %s)", k.name(), ta, tb, i, got[i], want[i]));
        }
      }
    }
  }

  /** Uses {@code kernel} for every matrix product from now on. */
  public static synchronized void setMatmul(MatMulKernel kernel) {
    if (kernel == null) {
      throw new IllegalArgumentException("kernels: matmul kernel is null");
    }
    kernel.threadsChanged(threads);
    selection = kernel.name() + " (set by Kernels.setMatmul)";
    matmul = kernel;
  }

  /** The plain triple loop, the reference for tests. */
  public static MatMulKernel reference() {
    return REFERENCE;
  }

  /** The blocked, JIT-vectorisable pure-Java kernel (the fallback). */
  public static MatMulKernel blocked() {
    return BLOCKED;
  }

  /** Threads used for large operations. */
  public static int threads() {
    return threads;
  }

  /**
   * Sets the threads used for large operations (1 keeps everything on the calling thread). Safe while products run:
   * those in flight finish on the threads they started with, and the next ones use the new count.
   */
  public static synchronized void setThreads(int n) {
    if (n < 1 || n > 4096) {
      throw new IllegalArgumentException("kernels: threads must be in [1, 4096], got " + n);
    }
    if (n != threads) {
      threads = n;
      POOL.replace();  // products running on the old pool finish there
    }
    MatMulKernel k = matmul;
    if (k != null) {
      k.threadsChanged(n);
    }
  }

  /**
   * The checks every kernel's {@link MatMulKernel#gemm} makes first: arrays present and large enough for the sizes
   * (a cost of nothing next to a product).
   */
  public static void checkGemm(double[] a, double[] b, double[] c, int m, int k, int n) {
    if (a == null || b == null || c == null) {
      throw new IllegalArgumentException("gemm: " + (a == null ? "a" : b == null ? "b" : "c") + " is null");
    }
    if (m < 1 || k < 1 || n < 1 || (long) m * k > a.length || (long) k * n > b.length || (long) m * n > c.length) {
      throw new IllegalArgumentException(String.format(
          "gemm: %sx%s · %sx%s needs arrays of %s, %s and %s (sizes at least 1), got %s, %s and %s",
          m, k, k, n, (long) m * k, (long) k * n, (long) m * n, a.length, b.length, c.length));
    }
  }

  private static final class Reference implements MatMulKernel {
    @Override
    public String name() {
      return "reference";
    }

    @Override
    public void gemm(boolean transA, boolean transB, double[] a, double[] b, double[] c, int m, int k, int n) {
      checkGemm(a, b, c, m, k, n);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += a[transA ? p * m + i : i * k + p] * b[transB ? j * k + p : p * n + j];
          }
          c[i * n + j] = s;
        }
      }
    }
  }

  /**
   * Rows of {@code c} in blocks; within a block, panels of {@code k} and of {@code n} sized for the caches, and four
   * rows of {@code op(a)} at a time so each loaded element of {@code b} feeds four multiply-adds. The innermost loop
   * runs along a row of {@code b} and {@code c}, contiguous, which the JIT vectorises. A transposed {@code a} is read
   * with strides (outside the inner loop); a transposed {@code b} is first copied into a per-thread scratch array.
   */
  private static final class Blocked implements MatMulKernel {
    static final int KC = 128;
    static final int NC = 1024;
    static final int TINY = 512;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    @Override
    public String name() {
      return "blocked";
    }

    @Override
    public void gemm(boolean transA, boolean transB, double[] a, double[] b, double[] c, int m, int k, int n) {
      checkGemm(a, b, c, m, k, n);
      if ((long) m * k * n <= TINY) {
        // tiny products: one dot product per element, no packing, no zero-fill, no panels
        int ars = transA ? 1 : k;
        int acs = transA ? m : 1;
        int brs = transB ? 1 : n;
        int bcs = transB ? k : 1;
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
              s += a[i * ars + p * acs] * b[p * brs + j * bcs];
            }
            c[i * n + j] = s;
          }
        }
        return;
      }
      double[] bb = b;
      if (transB) {
        int size = k * n;
        bb = SCRATCH.get();
        if (bb.length < size) {
          bb = new double[size];
          SCRATCH.set(bb);
        }
        for (int j = 0; j < n; j++) {
          for (int p = 0; p < k; p++) {
            bb[p * n + j] = b[j * k + p];
          }
        }
      }
      int rowStride = transA ? 1 : k;
      int colStride = transA ? m : 1;
      java.util.Arrays.fill(c, 0, m * n, 0.0);
      long flops = (long) m * k * n;
      int t = threads;
      if (t > 1 && flops >= PARALLEL_FLOPS && m >= 8) {
        int chunks = Math.min(m / 4, t * 4);
        POOL.invoke(new Rows(a, bb, c, rowStride, colStride, k, n, 0, m, Math.max(4, (m + chunks - 1) / chunks)));
      } else {
        rows(a, bb, c, rowStride, colStride, k, n, 0, m);
      }
    }

    static void rows(double[] a, double[] b, double[] c, int rs, int cs, int k, int n, int from, int to) {
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
              int ap = i * rs + p * cs;
              double a0 = a[ap];
              double a1 = a[ap + rs];
              double a2 = a[ap + 2 * rs];
              double a3 = a[ap + 3 * rs];
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
              double av = a[i * rs + p * cs];
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
      private final int rs;
      private final int cs;
      private final int k;
      private final int n;
      private final int from;
      private final int to;
      private final int grain;

      Rows(double[] a, double[] b, double[] c, int rs, int cs, int k, int n, int from, int to, int grain) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.rs = rs;
        this.cs = cs;
        this.k = k;
        this.n = n;
        this.from = from;
        this.to = to;
        this.grain = grain;
      }

      @Override
      protected void compute() {
        if (to - from <= grain) {
          rows(a, b, c, rs, cs, k, n, from, to);
          return;
        }
        int mid = from + ((to - from) / 2 + 3) / 4 * 4;
        mid = Math.min(to, Math.max(from + 1, mid));
        invokeAll(new Rows(a, b, c, rs, cs, k, n, from, mid, grain), new Rows(a, b, c, rs, cs, k, n, mid, to, grain));
      }
    }
  }
}
