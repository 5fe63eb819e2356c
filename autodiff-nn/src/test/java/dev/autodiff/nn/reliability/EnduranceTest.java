package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Callback;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Endurance: a small model trained step after step (SGD, one sample per step) runs in bounded memory. What could
 * accumulate is counted, not sampled from the heap: the model's graph has the same number of nodes at the end as
 * after the first tenth of the run (a step that built a node would leak one per step), and the history keeps at most
 * {@link History#STEPS_KEPT} step losses. Those counts do not depend on when the collector ran, so they hold in the
 * default build (20,000 steps). With {@code -Preliability} (1,000,000 steps) the heap in use after full collections
 * is compared too, as a catch-all for what the counts do not name; {@code System.gc()} is only a request, so that
 * check belongs to the long run, where a real leak is far larger than the noise.
 */
class EnduranceTest {
  static final boolean RELIABILITY = Boolean.getBoolean("autodiff.reliability");
  static final long STEPS = Long.getLong("autodiff.endurance.steps", RELIABILITY ? 1_000_000L : 20_000L);

  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void trainingRunsInBoundedMemory() {
    Random r = new Random(1);
    int n = 1000;
    double[][] x = new double[n][2];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextDouble();
      x[i][1] = r.nextDouble();
      y[i][0] = (x[i][0] > 0.5) ^ (x[i][1] > 0.5) ? 1 : 0;
    }
    Model m = Mlp.builder().inputs(2).hidden(8, Activation.TANH).outputs(1, Activation.SIGMOID)
        .init(Init.xavier()).seed(1).build();
    long epochs = STEPS / n;
    List<Integer> nodes = new ArrayList<>();
    List<Integer> stepsKept = new ArrayList<>();
    List<Long> heap = new ArrayList<>();
    Callback probe = new Callback() {
      @Override
      public boolean onEpochEnd(int epoch, History history) {
        if (epoch == Math.max(1, epochs / 10) || epoch == epochs) {
          nodes.add(m.graph().size());
          stepsKept.add(history.stepLosses().size());
          if (RELIABILITY) {
            heap.add(usedAfterGc());
          }
        }
        return false;
      }
    };
    History h = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.05)).batchSize(1)
        .epochs((int) epochs).seed(1).callback(probe).build().fit(Dataset.of(x, y));
    assertEquals(STEPS, h.stepCount());
    assertEquals(2, nodes.size());
    assertEquals(nodes.get(0), nodes.get(1), "graph nodes after the first tenth and at the end");
    assertTrue(stepsKept.get(1) <= History.STEPS_KEPT, "step losses kept: " + stepsKept);
    assertEquals(Math.min(STEPS, History.STEPS_KEPT), h.stepLosses().size());
    assertEquals(epochs, h.epochCount());
    assertTrue(h.last("loss") < h.get("loss").get(0), "and it learned: " + h.get("loss").get(0) + " -> "
        + h.last("loss"));
    System.out.printf("endurance: %d training steps; %d graph nodes after 10%% and at the end, %d step losses kept"
        + "%n", STEPS, nodes.get(1), stepsKept.get(1));
    if (RELIABILITY) {
      long growth = heap.get(1) - heap.get(0);
      System.out.printf("reliability: heap after GC %.1f MB at 10%%, %.1f MB at the end (growth %.2f MB)%n",
          heap.get(0) / 1e6, heap.get(1) / 1e6, growth / 1e6);
      // The step log grows to at most 100,000 entries (1.6 MB) once; nothing else may accumulate.
      assertTrue(growth < 4_000_000, "heap grew by " + growth + " bytes");
    }
  }
}
