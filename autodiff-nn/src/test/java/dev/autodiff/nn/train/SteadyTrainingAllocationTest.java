package dev.autodiff.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.ChildJvm;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Steady training allocates almost nothing per step: gradients go into the previous step's storage, parameters
 * recycle theirs, batches are gathered into the step's buffer.
 *
 * <p>Measured with the JVM's per-thread allocation counter in a fresh JVM with {@code -Xint}: with no JIT there is
 * no escape analysis to remove allocations and no warm-up to wait for, so the count is exact and the same on every
 * run. A step's own allocation is the difference between a fit of three epochs and a fit of one, so what a fit
 * allocates once (a fresh optimizer state, the epoch's order) cancels out.
 */
class SteadyTrainingAllocationTest {
  static final int INPUTS = 256;
  static final int HIDDEN = 32;
  static final int BATCH = 32;
  static final int STEPS_PER_EPOCH = 4;

  static double bytesPerStep(Optimizer optimizer, boolean shuffle) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Model m = Mlp.builder().inputs(INPUTS).hidden(HIDDEN, Activation.RELU).outputs(10, Activation.IDENTITY)
        .init(Init.he()).seed(1).build();
    int rows = BATCH * STEPS_PER_EPOCH;
    Random r = new Random(2);
    double[] x = new double[rows * INPUTS];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(10);
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble();
    }
    Dataset data = Dataset.of(Tensor.matrix(rows, INPUTS, x), Dataset.oneHot(labels, 10));
    long[] bytes = new long[2];
    int[] epochs = {1, 3};
    for (int k = 0; k < 2; k++) {
      Trainer t = Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(optimizer).batchSize(BATCH)
          .epochs(epochs[k]).shuffle(shuffle).seed(3).build();
      t.fit(data);  // the trainer's graphs and buffers, and the classes' first use
      long before = bean.getCurrentThreadAllocatedBytes();
      t.fit(data);
      bytes[k] = bean.getCurrentThreadAllocatedBytes() - before;
    }
    return (bytes[1] - bytes[0]) / (double) ((epochs[1] - epochs[0]) * STEPS_PER_EPOCH);
  }

  /** The child JVM's side: bytes per step for Adam and SGD, without and with shuffling, one a line. */
  public static void main(String[] args) {
    for (boolean shuffle : new boolean[] {false, true}) {
      System.out.println(bytesPerStep(Optimizers.adam(1e-3), shuffle));
      System.out.println(bytesPerStep(Optimizers.sgd(0.01), shuffle));
    }
  }

  @Test
  void adamAndSgdStepsAllocateFarLessThanOneCopyOfTheWeightsOrOfABatch() {
    ChildJvm.Result r = ChildJvm.run(SteadyTrainingAllocationTest.class, List.of("-Xint", "-Xmx256m"));
    assertEquals(0, r.exitCode(), r.out());
    List<Double> perStep = r.out().lines().map(Double::parseDouble).toList();
    assertEquals(4, perStep.size(), r.out());
    // the smallest thing a careless step would copy: the weights, their gradients, Adam's moments (each 68 KB) or
    // the batch (32 x 256 doubles, 64 KB); a step's bookkeeping (its loss in the history) is a few KB
    double weights = 8.0 * (INPUTS * HIDDEN + HIDDEN + HIDDEN * 10 + 10);
    double batch = 8.0 * BATCH * INPUTS;
    double limit = 16 * 1024;
    assertTrue(limit <= Math.min(weights, batch) / 4, "the limit stays well below a copy");
    System.out.println("bytes per step, -Xint (adam, sgd, shuffled adam, shuffled sgd): " + perStep);
    String[] names = {"adam", "sgd", "adam shuffled", "sgd shuffled"};
    for (int i = 0; i < 4; i++) {
      assertTrue(perStep.get(i) < limit, names[i] + ": " + perStep.get(i) + " bytes per step; the weights are "
          + weights + " bytes, a batch " + batch);
    }
  }
}
