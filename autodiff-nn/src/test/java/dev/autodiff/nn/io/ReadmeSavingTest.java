package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's saving example, compiled and run as written. */
class ReadmeSavingTest {
  /** The README's custom layer: {@code x sigmoid(beta x)} with a learned {@code <name>.beta}. */
  static final class Swish implements Layer {
    private final String name;
    private final Parameter beta;

    Swish(Graph g, String name) {
      this.name = name;
      this.beta = g.parameter(name + ".beta", 1.0);
    }

    public String name() {
      return name;
    }

    @Override
    public Node forward(Node x, Context ctx) {
      return x.times(x.times(beta).sigmoid());
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(beta);
    }

    @Override
    public int outputWidth(int inputWidth) {
      return inputWidth;
    }

    @Override
    public String describe() {
      return "swish " + name;
    }
  }

  @AfterEach
  void unregister() {
    LayerCodecs.forKind("example.swish").ifPresent(LayerCodecs::unregister);
  }

  @Test
  void theExampleSavesAndLoadsACustomLayer(@TempDir Path dir) throws IOException {
    // README-SAVE-BEGIN
    LayerCodecs.register(LayerCodec.of("example.swish", Swish.class,   // once, before saving or loading
        (swish, out) -> out.writeString(swish.name()),                    // its settings (beta is a parameter)
        in -> new Swish(in.graph(), in.readString("name"))));            // the same layer, same parameter names

    Graph g = Graph.create();
    Model model = new Model(g, Sequential.of(new Dense(g, "hidden", 2, 4, Init.xavier(), new Random(1)),
        new Swish(g, "swish"), new Dense(g, "output", 4, 1, Init.xavier(), new Random(2))), 2);
    ModelFile.save(model, dir.resolve("model.adnn"));         // architecture, parameters, state, trainable flags
    Model again = ModelFile.load(dir.resolve("model.adnn"));  // same predictions, bit for bit

    Weights.save(model, dir.resolve("model.safetensors"));    // weights only: hidden.W, hidden.b, swish.beta, ...
    Weights.load(again, dir.resolve("model.safetensors"));    // into a model of the same architecture
    Map<String, Tensor> tensors = Weights.read(dir.resolve("model.safetensors"));  // F64 or F32, by name
    // README-SAVE-END
    Tensor x = Tensor.matrix(2, 2, 0.5, -1, 2, 0.25);
    assertArrayEquals(model.predict(x).toArray(), again.predict(x).toArray(), 0.0);
    assertEquals("dense hidden 2 -> 4, swish swish, dense output 4 -> 1", again.network().describe());
    assertEquals(List.of("hidden.W", "hidden.b", "swish.beta", "output.W", "output.b"),
        List.copyOf(tensors.keySet()));
    assertTrue(again.network() instanceof Sequential s && s.layers().get(1) instanceof Swish);
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/io/ReadmeSavingTest.java"), "README-SAVE");
  }
}
