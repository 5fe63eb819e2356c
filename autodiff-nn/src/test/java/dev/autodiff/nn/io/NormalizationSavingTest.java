package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.BatchNorm;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.LayerNorm;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Normalization layers go through both file formats with their running statistics and settings. */
class NormalizationSavingTest {
  @TempDir Path dir;

  private static Model trained() {
    Graph g = Graph.create();
    Model m = new Model(g, Sequential.of(new Dense(g, "h", 3, 4, Init.xavier(), new Random(1)),
        new BatchNorm(g, "bn", 4, 0.3, 1e-3), Layers.activation(Activation.TANH), new LayerNorm(g, "ln", 4, 1e-4),
        new Dense(g, "out", 4, 1, Init.xavier(), new Random(2))), 3);
    double[][] x = new double[12][3];
    double[][] y = new double[12][1];
    Random r = new Random(5);
    for (int i = 0; i < 12; i++) {
      for (int c = 0; c < 3; c++) {
        x[i][c] = 3 + 2 * r.nextGaussian();
      }
      y[i][0] = x[i][0] - x[i][2];
    }
    Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.01)).batchSize(4).epochs(3).seed(1).build()
        .fit(Dataset.of(x, y));
    return m;
  }

  @Test
  void aModelFileKeepsSettingsRunningStatisticsAndPredictions() throws Exception {
    Model m = trained();
    BatchNorm bn = (BatchNorm) ((Sequential) m.network()).layers().get(1);
    assertNotEquals(Tensor.zeros(bn.runningMean().shape()), bn.runningMean().value(), "training moved them");
    ModelFile.save(m, dir.resolve("m.adnn"));
    Model back = ModelFile.load(dir.resolve("m.adnn"));
    BatchNorm bn2 = (BatchNorm) ((Sequential) back.network()).layers().get(1);
    LayerNorm ln2 = (LayerNorm) ((Sequential) back.network()).layers().get(3);
    assertEquals(0.3, bn2.momentum());
    assertEquals(1e-3, bn2.epsilon());
    assertEquals(1e-4, ln2.epsilon());
    assertEquals(bn.runningMean().value(), bn2.runningMean().value());
    assertEquals(bn.runningVar().value(), bn2.runningVar().value());
    assertFalse(bn2.runningMean().isTrainable());
    Tensor batch = Tensor.matrix(2, 3, 1, 2, 3, -1, 0, 4);
    assertEquals(m.predict(batch), back.predict(batch), "inference uses the running statistics, bit for bit");
  }

  @Test
  void weightsCarryTheRunningStatisticsToo() throws Exception {
    Model m = trained();
    Weights.save(m, dir.resolve("w.safetensors"));
    Model fresh = trainedShapeOnly();
    Weights.load(fresh, dir.resolve("w.safetensors"));
    for (int i = 0; i < m.state().size(); i++) {
      Parameter a = m.state().get(i);
      assertEquals(a.value(), fresh.state().get(i).value(), a.label());
    }
    Tensor batch = Tensor.matrix(1, 3, 0.5, 1, 2);
    assertEquals(m.predict(batch), fresh.predict(batch));
  }

  private static Model trainedShapeOnly() {
    Graph g = Graph.create();
    return new Model(g, Sequential.of(new Dense(g, "h", 3, 4, Init.zeros(), new Random(1)),
        new BatchNorm(g, "bn", 4, 0.3, 1e-3), Layers.activation(Activation.TANH), new LayerNorm(g, "ln", 4, 1e-4),
        new Dense(g, "out", 4, 1, Init.zeros(), new Random(2))), 3);
  }
}
