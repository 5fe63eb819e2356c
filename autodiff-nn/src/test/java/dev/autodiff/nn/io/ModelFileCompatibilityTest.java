package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Model;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Files of older format versions still load; the fixtures and how they were made: test resources' README. */
class ModelFileCompatibilityTest {
  private static final Path V1 = Path.of("src/test/resources/dev/autodiff/nn/io/mlp-v1.adnn");

  /** Recorded when the fixture was written, from the model in memory (see the fixtures' README). */
  private static final double[] V1_PREDICTIONS = {
    0.859091106209972, 0.45990667274714064,
    0.6365362605496057, 0.5583066540196112,
    0.6766074399798268, 0.7016715517741566,
    0.607760649747425, 0.48495241025122615,
  };

  @Test
  void aVersion1FileLoadsAndPredictsWhatItDidWhenItWasWritten() throws IOException {
    Model m = ModelFile.load(V1);
    Tensor x = Tensor.matrix(4, 2, 0.5, -1.0, 2.0, 0.25, -1.5, 1.0, 0.0, 0.0);
    assertArrayEquals(V1_PREDICTIONS, m.predict(x).toArray(), 1e-15);
    assertEquals("dense hidden1 2 -> 3, activation tanh, dropout 0.25, prelu act 3, dense output 3 -> 2, "
        + "activation sigmoid", m.network().describe());
    assertArrayEquals(new double[] {0.2, -0.35, 0.6}, m.parameters().get(2).value().toArray(), 0.0);
    for (Parameter p : m.parameters()) {
      assertTrue(p.isTrainable(), p.parameterName() + ": version 1 had no frozen parameters");
    }
  }
}
