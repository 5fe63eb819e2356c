package dev.autodiff.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A compiled program is immutable and keeps all per-run state on the caller's stack, so many threads may run it at
 * once, each with its own feeds; parameters are immutable tensors swapped atomically, so updating one while
 * programs run is safe: a run sees, for each parameter, either the old or the new value, never a mix inside it.
 */
class ConcurrencyTest {
  static final int THREADS = 8;
  static final int RUNS = Integer.getInteger("autodiff.stress.runs",
      Boolean.getBoolean("autodiff.reliability") ? 100_000 : 10_000);

  static final class Net {
    final Graph g = Graph.create();
    final Input x = g.input("x", Shape.of(4, 3));
    final Parameter w1 = g.parameter("w1", Tensor.matrix(3, 5, randoms(15, 1)));
    final Parameter w2 = g.parameter("w2", Tensor.matrix(5, 1, randoms(5, 2)));
    final Node y = x.matmul(w1).tanh().matmul(w2).square().sum();
    final List<Node> grads = Gradients.gradients(y, w1, w2);
    final Program program = Program.compile(List.of(y, grads.get(0), grads.get(1)));

    static double[] randoms(int n, long seed) {
      Random r = new Random(seed);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = r.nextGaussian();
      }
      return v;
    }

    Feeds feeds(int k) {
      return Feeds.of(x, Tensor.matrix(4, 3, randoms(12, 1000 + k % 97)));
    }
  }

  @Test
  void eightThreadsRunningOneProgramAgreeWithSerialRuns() throws Exception {
    Net net = new Net();
    List<Results> serial = new ArrayList<>();
    for (int k = 0; k < 97; k++) {
      serial.add(net.program.run(net.feeds(k)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      final int offset = t;
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < RUNS; i++) {
          int k = (i * THREADS + offset) % 97;
          Results r = net.program.run(net.feeds(k));
          for (Node o : List.of(net.y, net.grads.get(0), net.grads.get(1))) {
            if (!r.get(o).equals(serial.get(k).get(o))) {
              throw new AssertionError("thread " + offset + " run " + i + ": " + o + " differs");
            }
          }
        }
        return RUNS;
      }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : done) {
      total += f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertEquals(THREADS * RUNS, total);
    System.out.printf("reliability: %d concurrent evaluations on %d threads matched serial results%n", total, THREADS);
  }

  @Test
  void updatingAParameterDuringRunsGivesEitherTheOldOrTheNewResult() throws Exception {
    Net net = new Net();
    Tensor old = net.w2.value();
    Tensor updated = old.map(v -> -2 * v);
    Feeds feeds = net.feeds(3);
    double before = net.program.run(feeds).scalar(net.y);
    net.w2.set(updated);
    double after = net.program.run(feeds).scalar(net.y);
    net.w2.set(old);
    assertTrue(before != after);
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      boolean flip = false;
      while (!stop.get()) {
        net.w2.set(flip ? old : updated);
        flip = !flip;
      }
    });
    writer.start();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<int[]>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(pool.submit(() -> {
        int[] seen = new int[2];
        for (int i = 0; i < RUNS / 2; i++) {
          double y = net.program.run(feeds).scalar(net.y);
          if (y == before) {
            seen[0]++;
          } else if (y == after) {
            seen[1]++;
          } else {
            throw new AssertionError("a run mixed two values of w2: " + y);
          }
        }
        return seen;
      }));
    }
    int[] total = new int[2];
    for (Future<int[]> f : done) {
      int[] s = f.get(5, TimeUnit.MINUTES);
      total[0] += s[0];
      total[1] += s[1];
    }
    stop.set(true);
    writer.join();
    pool.shutdown();
    assertEquals(4 * (RUNS / 2), total[0] + total[1]);
  }
}
