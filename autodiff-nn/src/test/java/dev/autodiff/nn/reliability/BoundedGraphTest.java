package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reliability item 2: a model serves any sequence of batch sizes, and is fitted any number of times, without its
 * graph growing. Passes live in branches of the model's graph that are dropped (the last
 * {@link Model#CACHED_BATCH_SIZES} batch sizes stay compiled). What could pile up is counted (the model graph's
 * nodes, the cached sizes, whether a dropped pass is collected); with {@code -Preliability} the heap after
 * collections is compared too, over the reproducer of 2,000 batch sizes (887 MB kept before the fix).
 */
class BoundedGraphTest {
  static final boolean RELIABILITY = Boolean.getBoolean("autodiff.reliability");

  private static Model mlp() {
    return Mlp.builder().inputs(20).hidden(16, Activation.TANH).outputs(2, Activation.IDENTITY).seed(3).build();
  }

  private static Tensor batch(Random r, int rows) {
    double[] v = new double[rows * 20];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Tensor.matrix(rows, 20, v);
  }

  @Test
  void predictingEveryBatchSizeLeavesTheModelGraphAsItWas() {
    Model m = mlp();
    int nodes = m.graph().size();
    Random r = new Random(7);
    int sizes = RELIABILITY ? 2000 : 300;
    Tensor probe = batch(r, 5);
    Tensor first = m.predict(probe);
    long heapEarly = 0;
    for (int rows = 1; rows <= sizes; rows++) {
      Tensor out = m.predict(batch(r, rows));
      assertEquals(rows, out.rows());
      if (rows == 100 && RELIABILITY) {
        heapEarly = EnduranceTest.usedAfterGc();
      }
    }
    assertEquals(nodes, m.graph().size(), "the model's graph holds only its parameters and what they make");
    List<Integer> expected = new ArrayList<>();
    for (int rows = sizes - Model.CACHED_BATCH_SIZES + 1; rows <= sizes; rows++) {
      expected.add(rows);
    }
    assertEquals(expected, m.cachedBatchSizes(), "the most recently used sizes stay compiled");
    // a size dropped long ago is built again, with the same numbers
    assertArrayEquals(first.toArray(), m.predict(probe).toArray(), 0.0);
    if (RELIABILITY) {
      long growth = EnduranceTest.usedAfterGc() - heapEarly;
      System.out.printf("reliability: %d batch sizes predicted; heap growth after the first 100: %.1f MB%n", sizes,
          growth / 1e6);
      assertTrue(growth < 50_000_000, "heap grew by " + growth + " bytes");
    }
  }

  @Test
  void fittingAgainAndAgainLeavesTheModelGraphAsItWas() {
    Model m = mlp();
    Random r = new Random(11);
    double[][] x = new double[16][20];
    double[][] y = new double[16][2];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 20; j++) {
        x[i][j] = r.nextGaussian();
      }
      y[i][0] = x[i][0];
      y[i][1] = -x[i][1];
    }
    Dataset data = Dataset.of(x, y);
    Dataset valid = Dataset.of(new double[][] {x[0], x[1], x[2]}, new double[][] {y[0], y[1], y[2]});
    int fits = RELIABILITY ? 3000 : 300;
    int nodes = m.graph().size();
    for (int k = 0; k < fits; k++) {
      Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(1e-3)).batchSize(8 + k % 5).epochs(1)
          .regularizer(Regularizer.l2(1e-4)).validation(valid).seed(k).build().fit(data);
    }
    assertEquals(nodes, m.graph().size(), "after " + fits + " fits");
  }

  @Test
  void aDroppedPassIsCollected() {
    Model m = mlp();
    WeakReference<Graph> dropped = passAndDrop(m);
    for (int i = 0; i < 100 && dropped.get() != null; i++) {
      System.gc();
    }
    assertNull(dropped.get(), "nothing in the model keeps a dropped pass alive");
  }

  private static WeakReference<Graph> passAndDrop(Model m) {
    Model.Pass pass = m.newPass("x", 3, false);
    Program p = Program.compile(pass.output());
    Tensor out = p.run(Feeds.of(pass.input(), batch(new Random(1), 3))).get(pass.output());
    assertEquals(3, out.rows());
    return new WeakReference<>(pass.graph());
  }
}
