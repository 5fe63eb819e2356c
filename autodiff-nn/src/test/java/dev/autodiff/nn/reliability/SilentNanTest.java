package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.NonFiniteValueException;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Standardizer;
import dev.autodiff.nn.train.Trainer;
import dev.autodiff.nn.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Issue 19, item 16 (nn): no NaN enters a model or a transform silently; rows out of range are refused. */
class SilentNanTest {
  static void assertRefused(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage().contains(f), "message '" + ex.getMessage() + "' should contain '" + f + "'");
    }
  }

  @Test
  void anInitThatGivesNaNIsRefusedNamingTheParameterAndTheElement() {
    Init broken = (in, out, r) -> {
      double[] v = new double[in * out];
      v[3] = Double.NaN;
      return Tensor.matrix(in, out, v);
    };
    assertRefused(() -> Mlp.builder().inputs(2).hidden(3, Activation.TANH).outputs(1, Activation.IDENTITY)
        .init(broken).build(), "hidden1.W", "element 3 (row 1, column 0) is NaN");
  }

  @Test
  void standardizingHugeColumnsNeitherOverflowsNorGivesZeros() {
    // (1e308, 1e308): the sum overflowed to Infinity and the mean was NaN; (1e200, -1e200): the squares overflowed,
    // the std was Infinity and every value standardized to 0
    Standardizer same = Standardizer.fit(Tensor.matrix(2, 1, 1e308, 1e308));
    assertArrayEquals(new double[] {1e308}, same.mean());
    assertArrayEquals(new double[] {1}, same.std(), "a constant column gets std 1");
    assertEquals(Tensor.matrix(2, 1, 0, 0), same.apply(Tensor.matrix(2, 1, 1e308, 1e308)));
    Standardizer wide = Standardizer.fit(Tensor.matrix(2, 1, 1e200, -1e200));
    assertArrayEquals(new double[] {0}, wide.mean());
    assertArrayEquals(new double[] {1e200}, wide.std());
    assertEquals(Tensor.matrix(2, 1, 1, -1), wide.apply(Tensor.matrix(2, 1, 1e200, -1e200)));
    Standardizer extreme = Standardizer.fit(Tensor.matrix(2, 1, Double.MAX_VALUE, -Double.MAX_VALUE));
    assertEquals(Tensor.matrix(2, 1, 1, -1), extreme.apply(Tensor.matrix(2, 1, Double.MAX_VALUE, -Double.MAX_VALUE)));
    // what cannot be represented is refused: a value standardizing to infinity, non-finite data
    Standardizer low = Standardizer.fit(Tensor.matrix(2, 1, -1e308, -1e308));
    assertRefused(() -> low.apply(Tensor.matrix(1, 1, 1e308)), "standardizer", "row 0, column 0", "Infinity");
    assertRefused(() -> Standardizer.fit(Tensor.matrix(2, 1, 1, Double.NaN)), "standardizer", "row 1, column 0",
        "NaN");
    assertRefused(() -> wide.apply(Tensor.matrix(1, 1, Double.POSITIVE_INFINITY)), "standardizer", "Infinity");
  }

  /**
   * Found by the fuzz test's reliability run (sequence 749): a model fitted to huge targets kept finite weights that
   * overflow on other inputs, and predict handed back -Infinity. Now the first node that overflows is named.
   */
  @Test
  void predictionsThatOverflowAreRefusedNamingTheNode() {
    Model m = Mlp.builder().inputs(1).outputs(1, Activation.IDENTITY).init(Init.zeros()).build();
    m.parameters().get(0).set(Tensor.matrix(1, 1, 1e200));
    assertEquals(2e200, m.predict(2)[0]);  // large but finite: returned
    NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> m.predict(1e200));
    assertTrue(e.getMessage().contains("matmul"), e.getMessage());
  }

  @Test
  void argmaxRefusesARowOutOfRange() {
    Tensor column = Tensor.column(1, 2, 3);
    assertEquals(0, Metric.argmax(column, 2));
    assertRefused(() -> Metric.argmax(column, 99), "argmax: row 99 is outside 3x1");
    assertRefused(() -> Metric.argmax(column, -1), "argmax: row -1");
  }

  @Test
  void anOptimizerStepToInfinityIsADivergenceWithTheWeightsKept() {
    // Parameter.set refuses Infinity now; a rule that sets weights (momentum) must still end in a divergence
    Model m = Mlp.builder().inputs(1).outputs(1, Activation.IDENTITY).init(Init.zeros()).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.nesterov(1e10, 0.9)).batchSize(1)
            .epochs(1).build().fit(Dataset.of(new double[][] {{1e150}}, new double[][] {{1e150}})));
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    for (Parameter p : m.parameters()) {
      assertEquals(0.0, p.value().at(0), "the weights from before the step: " + p.label());
    }
  }
}
