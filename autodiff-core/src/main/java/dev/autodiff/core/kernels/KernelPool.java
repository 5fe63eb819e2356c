package dev.autodiff.core.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The fork-join pool that the pure-Java kernel splits large products over, replaced when the thread count changes.
 * A product leases the pool for as long as it runs; a replaced pool is shut down when its last lease ends. So
 * products in flight when {@link Kernels#setThreads} runs finish on the pool they started on (none is refused), and
 * the next product starts a pool of the new size.
 */
final class KernelPool {
  /** One pool and the products running on it. */
  private static final class Generation {
    final ForkJoinPool pool;
    final AtomicInteger leases = new AtomicInteger();
    volatile boolean retired;

    Generation(int threads) {
      this.pool = new ForkJoinPool(threads);
    }
  }

  private final IntSupplier threads;
  private volatile Generation current;

  /** A pool of {@code threads.getAsInt()} threads, made at the first product after each {@link #replace}. */
  KernelPool(IntSupplier threads) {
    this.threads = threads;
  }

  /** Runs {@code task} to completion on the current pool. */
  void invoke(ForkJoinTask<?> task) {
    Generation g = lease();
    try {
      g.pool.invoke(task);
    } finally {
      release(g);
    }
  }

  private Generation lease() {
    while (true) {
      Generation g = current;
      if (g == null) {
        synchronized (this) {
          if (current == null) {
            current = new Generation(threads.getAsInt());
          }
          g = current;
        }
      }
      g.leases.incrementAndGet();
      if (current == g) {
        return g;  // leased while current: replace() sees the lease and leaves the shutdown to release()
      }
      release(g);  // replaced meanwhile: try the new one
    }
  }

  private static void release(Generation g) {
    if (g.leases.decrementAndGet() == 0 && g.retired) {
      g.pool.shutdown();
    }
  }

  /** Retires the current pool: it shuts down when the products running on it are done. */
  synchronized void replace() {
    Generation g = current;
    current = null;
    if (g != null) {
      g.retired = true;
      if (g.leases.get() == 0) {
        g.pool.shutdown();
      }
    }
  }
}
