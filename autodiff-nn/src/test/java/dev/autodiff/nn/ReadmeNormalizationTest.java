package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.testing.ReadmeSnippets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The README's normalization example, compiled and run as written. */
class ReadmeNormalizationTest {

  static BatchNorm build(PrintStream out) {
    // README-NORM-BEGIN
    Graph graph = Graph.create();
    Model model = new Model(graph, Sequential.of(
        new Dense(graph, "hidden", 4, 8, Init.he(), new Random(1)),
        new BatchNorm(graph, "bn", 8),                      // PyTorch's defaults: momentum 0.1, epsilon 1e-5
        Layers.activation(Activation.RELU),
        new Dense(graph, "block", 8, 8, Init.he(), new Random(2)),
        new LayerNorm(graph, "ln", 8),                      // each row over its 8 columns, epsilon 1e-5
        new Dense(graph, "out", 8, 1, Init.xavier(), new Random(3))), 4);
    out.println(model.parameterCount() + " parameters");   // 4*8+8 + 2*8 + 8*8+8 + 2*8 + 8+1 = 153
    out.println(model.network().state());                  // [bn.running_mean:1x8, bn.running_var:1x8]

    Model.Pass pass = model.newPass("x", 32, true);        // training: batch statistics...
    out.println(pass.context().stateUpdates().size());     // ...and 2 state updates, applied after each step
    out.println(model.predict(1, 2, 3, 4).length);         // inference: running statistics; one sample is fine

    BatchNorm likeKeras = new BatchNorm(graph, "bn_keras", 8, 0.01, 1e-3);  // Keras's momentum=0.99, epsilon=1e-3
    // README-NORM-END
    return likeKeras;
  }

  @Test
  void theExampleBuildsAndPredicts() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BatchNorm keras = build(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals("153 parameters\n[bn.running_mean:1x8, bn.running_var:1x8]\n2\n1\n",
        bytes.toString(StandardCharsets.UTF_8));
    assertEquals(0.01, keras.momentum());
    assertEquals(1e-3, keras.epsilon());
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/ReadmeNormalizationTest.java"),
        "README-NORM");
  }
}
