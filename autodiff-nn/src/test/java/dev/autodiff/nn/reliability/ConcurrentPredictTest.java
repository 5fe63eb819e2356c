package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 1: eight threads calling {@code predict} on a fresh model build the graphs for their batch sizes at
 * once. Scopes are per thread, so no build sees another's scope: no exception, every prediction equals the one of
 * the same model used from one thread, every node's group is a layer's name, and no scope stays open afterwards.
 */
class ConcurrentPredictTest {
  static final int THREADS = 8;
  static final int TRIALS = Boolean.getBoolean("autodiff.reliability") ? 2_000 : 60;

  static Model mlp() {
    return Mlp.builder().inputs(4).hidden(8, Activation.TANH).hidden(8, Activation.RELU)
        .outputs(2, Activation.IDENTITY).seed(7).build();
  }

  static Tensor batch(int rows) {
    Random r = new Random(rows);
    double[] v = new double[rows * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Tensor.matrix(rows, 4, v);
  }

  @Test
  void eightThreadsPredictingOnAFreshModelLeaveTheGraphAsOneThreadWould() throws Exception {
    Model serial = mlp();
    List<Tensor> expected = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      expected.add(serial.predict(batch(t + 1)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int trial = 0; trial < TRIALS; trial++) {
        Model m = mlp();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Tensor>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          Tensor in = batch(t + 1);
          done.add(pool.submit(() -> {
            start.await();
            return m.predict(in);
          }));
        }
        start.countDown();
        for (int t = 0; t < THREADS; t++) {
          assertEquals(expected.get(t), done.get(t).get(60, TimeUnit.SECONDS), "trial " + trial + ", batch " + (t + 1));
        }
        try (Graph.Scope probe = m.graph().scope("probe")) {
          assertEquals("probe", probe.path(), "trial " + trial + ": a scope was left open");
        }
        for (Node n : m.graph().nodes()) {
          n.group().ifPresent(group -> assertEquals(true, List.of("hidden1", "hidden2", "output").contains(group),
              "node " + n + " is in group " + group));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
