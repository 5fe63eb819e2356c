package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 5: changing the thread count while products run. Products in flight finish on the pool they
 * started on (it is shut down only when the last of them is done), so every product completes with the right
 * result, whatever the interleaving.
 */
class ThreadChangeTest {
  static final int PRODUCTS = Boolean.getBoolean("autodiff.reliability") ? 20_000 : 300;
  static final int N = 128;  // 128^3 = PARALLEL_FLOPS: the blocked kernel splits it over the pool

  @Test
  void changingTheThreadCountWhileProductsRunLetsEveryProductFinishRight() throws Exception {
    Random r = new Random(19);
    double[] a = new double[N * N];
    double[] b = new double[N * N];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
      b[i] = r.nextGaussian();
    }
    double[] want = new double[N * N];
    Kernels.reference().gemm(false, false, a, b, want, N, N, N);
    int before = Kernels.threads();
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try {
      Kernels.setThreads(2);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        done.add(workers.submit(() -> {
          double[] c = new double[N * N];
          for (int i = 0; i < PRODUCTS; i++) {
            Kernels.blocked().gemm(false, false, a, b, c, N, N, N);
            assertArrayEquals(want, c, 1e-12, "product " + i);
          }
          return null;
        }));
      }
      // changes until both workers are done, however long their products take
      long changes = 0;
      while (!done.stream().allMatch(Future::isDone)) {
        Kernels.setThreads(2 + (int) (changes++ % 2));
        Thread.yield();
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      System.out.printf("ThreadChangeTest: %,d products, %,d thread-count changes%n", 2 * PRODUCTS, changes);
    } finally {
      workers.shutdownNow();
      Kernels.setThreads(before);
    }
  }
}
