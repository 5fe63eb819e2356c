package dev.autodiff.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Steady training allocates almost nothing per step: gradients go into the previous step's storage, parameters
 * recycle theirs, batches are gathered into the step's buffer. Measured with the JVM's per-thread allocation
 * counter, not timed.
 */
class SteadyTrainingAllocationTest {
  static double bytesPerStep(Optimizer optimizer, boolean shuffle) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Model m = Mlp.builder().inputs(256).hidden(128, Activation.RELU).outputs(10, Activation.IDENTITY)
        .init(Init.he()).seed(1).build();
    int rows = 64 * 8;
    Random r = new Random(2);
    double[] x = new double[rows * 256];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(10);
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble();
    }
    Dataset data = Dataset.of(Tensor.matrix(rows, 256, x), Dataset.oneHot(labels, 10));
    Trainer t = Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(optimizer).batchSize(64)
        .epochs(40).shuffle(shuffle).seed(3).build();
    t.fit(data);  // warm-up, and the trainer's graphs and buffers
    long before = bean.getCurrentThreadAllocatedBytes();
    t.fit(data);
    return (bean.getCurrentThreadAllocatedBytes() - before) / (40.0 * 8);
  }

  @Test
  void adamAndSgdStepsAllocateFarLessThanOneCopyOfTheWeights() {
    double weights = 8.0 * (256 * 128 + 128 + 128 * 10 + 10);  // 273 KB; a step used to allocate ~4x this
    for (boolean shuffle : new boolean[] {false, true}) {
      double adam = bytesPerStep(Optimizers.adam(1e-3), shuffle);
      double sgd = bytesPerStep(Optimizers.sgd(0.01), shuffle);
      assertTrue(adam < weights / 10 && sgd < weights / 10, "shuffle " + shuffle + ": adam " + adam + ", sgd " + sgd
          + " bytes per step; the weights are " + weights + " bytes");
    }
  }
}
