package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import org.junit.jupiter.api.Test;

class XorTest {
  static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  static final double[][] Y = {{0}, {1}, {1}, {0}};

  @Test
  void aTwoTwoOneMlpHasNineParametersAndLearnsXor() {
    Model m = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(1, Activation.SIGMOID)
        .init(Init.xavier()).seed(3).build();
    assertEquals(9, m.parameterCount());
    Dataset xor = Dataset.of(X, Y);
    History h = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.05)).batchSize(4).epochs(2000)
        .metrics(Metric.ACCURACY).seed(1).build().fit(xor);
    assertEquals(1.0, h.last("accuracy"), h.stopReason());
    assertTrue(h.last("loss") < 0.02, "loss " + h.last("loss"));
    for (int i = 0; i < 4; i++) {
      double p = m.predict(X[i])[0];
      assertEquals(Y[i][0], p, 0.2, "sample " + i);
    }
  }
}
