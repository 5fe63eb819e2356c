package dev.autodiff.nn.io;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the format-version-1 fixture {@code mlp-v1.adnn} and prints the predictions it must give; run only on
 * request ({@code -Dautodiff.fixture.v1=<path>}). See {@code src/test/resources/dev/autodiff/nn/io/README.md}.
 */
class ModelFileV1FixtureMaker {
  static final Tensor INPUTS = Tensor.matrix(4, 2, 0.5, -1.0, 2.0, 0.25, -1.5, 1.0, 0.0, 0.0);

  static Model model() {
    Graph g = Graph.create();
    Dense hidden = new Dense(g, "hidden1", 2, 3, Init.zeros(), new Random(0));
    Layers.PRelu prelu = Layers.prelu(g, "act", 3, 0);
    Dense output = new Dense(g, "output", 3, 2, Init.zeros(), new Random(0));
    hidden.weights().set(Tensor.matrix(2, 3, 0.5, -1.25, 0.75, -0.3, 0.8, 1.1));
    hidden.bias().set(Tensor.matrix(1, 3, 0.1, -0.2, 0.05));
    prelu.slopes().set(Tensor.matrix(1, 3, 0.2, -0.35, 0.6));
    output.weights().set(Tensor.matrix(3, 2, 1.5, -0.4, 0.7, 0.9, -1.2, 0.35));
    output.bias().set(Tensor.matrix(1, 2, 0.3, -0.1));
    return new Model(g, Sequential.of(hidden, Layers.activation(Activation.TANH), Layers.dropout(0.25), prelu,
        output, Layers.activation(Activation.SIGMOID)), 2);
  }

  @Test
  @EnabledIfSystemProperty(named = "autodiff.fixture.v1", matches = ".+")
  void writeFixture() throws IOException {
    Model m = model();
    Path target = Path.of(System.getProperty("autodiff.fixture.v1"));
    Files.write(target, ModelFile.encode(m));
    System.out.println("wrote " + target + " (format version " + ModelFile.VERSION + ")");
    System.out.println("predictions of the model in memory: " + Arrays.toString(m.predict(INPUTS).toArray()));
    System.out.println("predictions after loading the file: "
        + Arrays.toString(ModelFile.load(target).predict(INPUTS).toArray()));
  }
}
