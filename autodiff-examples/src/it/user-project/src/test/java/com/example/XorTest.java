package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import org.junit.jupiter.api.Test;

/** A model trained through autodiff-nn from a user's project. */
class XorTest {
  @Test
  void learnsXor() {
    Dataset xor = Dataset.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new double[][] {{0}, {1}, {1}, {0}});
    Model mlp = Mlp.builder().inputs(2).hidden(4, Activation.TANH).outputs(1, Activation.SIGMOID).seed(1).build();
    Trainer.builder(mlp).loss(Losses.mse()).optimizer(Optimizers.adam(0.05)).batchSize(4).epochs(500).seed(1)
        .build().fit(xor);
    double[][] pairs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    double[] want = {0, 1, 1, 0};
    for (int k = 0; k < 4; k++) {
      assertEquals(want[k], Math.round(mlp.predict(pairs[k])[0]), "xor of " + pairs[k][0] + ", " + pairs[k][1]);
    }
  }
}
