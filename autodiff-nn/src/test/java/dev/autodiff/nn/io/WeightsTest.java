package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.io.TestLayers.Swish;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights-only files in the safetensors format: a file from an independent writer, round trips, model mismatches. */
class WeightsTest {
  static final Path FIXTURE = Path.of("src/test/resources/dev/autodiff/nn/io/weights-fixture.safetensors");

  /** The architecture of the fixture: dense hidden1 2 -> 3, swish, dense output 3 -> 1, weights from {@code seed}. */
  static Model fixtureModel(long seed) {
    Graph g = Graph.create();
    Random r = new Random(seed);
    return new Model(g, Sequential.of(new Dense(g, "hidden1", 2, 3, Init.normal(1), r), new Swish(g, "swish"),
        new Dense(g, "output", 3, 1, Init.normal(1), r)), 2);
  }

  static Map<String, Parameter> byName(Model m) {
    Map<String, Parameter> out = new java.util.LinkedHashMap<>();
    m.parameters().forEach(p -> out.put(p.parameterName(), p));
    m.network().state().forEach(p -> out.put(p.parameterName(), p));
    return out;
  }

  @Test
  void loadsExactlyTheValuesAnIndependentWriterWrote() throws IOException {
    Model m = fixtureModel(1);
    Weights.load(m, FIXTURE);
    Map<String, Parameter> p = byName(m);
    assertArrayEquals(new double[] {0.1, -0.2, 1.0 / 3.0, 1e-300, -2.5, 12345.678},
        p.get("hidden1.W").value().toArray(), 0.0);
    assertArrayEquals(new double[] {0.5, (double) -0.1f, 3.25}, p.get("hidden1.b").value().toArray(), 0.0);
    assertEquals(Tensor.scalar(0.7), p.get("swish.beta").value());
    assertArrayEquals(new double[] {1.5, (double) -0.3f, 2.0}, p.get("output.W").value().toArray(), 0.0);
    assertEquals(Shape.of(3, 1), p.get("output.W").shape());
    assertArrayEquals(new double[] {-0.125}, p.get("output.b").value().toArray(), 0.0);
  }

  @Test
  void readGivesEveryTensorInFileOrder() throws IOException {
    Map<String, Tensor> t = Weights.read(FIXTURE);
    assertEquals(List.of("output.W", "hidden1.W", "swish.beta", "hidden1.b", "output.b"), List.copyOf(t.keySet()));
    assertEquals(Tensor.matrix(1, 3, 0.5, (double) -0.1f, 3.25), t.get("hidden1.b"));
    assertEquals(Tensor.scalar(0.7), t.get("swish.beta"));
  }

  @Test
  void aRoundTripRestoresParametersAndStateBitForBit(@TempDir Path dir) throws IOException {
    // no codecs needed: weights files hold no architecture
    Model m = ModelFileCustomLayerTest.custom();
    Path f = dir.resolve("custom.safetensors");
    Weights.save(m, f);
    Model other = ModelFileCustomLayerTest.custom();
    other.parameters().forEach(p -> p.set(p.value().map(x -> x + 1)));
    other.network().state().get(0).set(Tensor.matrix(1, 3, 9, 9, 9));
    Weights.load(other, f);
    assertEquals(m.snapshot(), other.snapshot());
    assertEquals(m.network().state().get(0).value(), other.network().state().get(0).value());
    assertArrayEquals(m.predict(ModelFileCustomLayerTest.X).toArray(),
        other.predict(ModelFileCustomLayerTest.X).toArray(), 0.0);
    assertEquals(List.of("d1.W", "d1.b", "swish.beta", "res.W", "res.b", "out.W", "out.b", "center.mean"),
        List.copyOf(Weights.read(f).keySet()));
  }

  @Test
  void theWrittenFileIsPlainF64SafetensorsWithItsDataAligned(@TempDir Path dir) throws IOException {
    Model m = fixtureModel(2);
    Path f = dir.resolve("w.safetensors");
    Weights.save(m, f);
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + n) % 8);
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.startsWith("{\"__metadata__\":{\"producer\":\"autodiff\"},\"hidden1.W\":{\"dtype\":\"F64\","
        + "\"shape\":[2,3],\"data_offsets\":[0,48]},"), header);
    assertTrue(header.contains("\"swish.beta\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[72,80]}"), header);
    assertEquals(8 + n + 8 * (6 + 3 + 1 + 3 + 1), bytes.length);
    double w = ByteBuffer.wrap(bytes, (int) (8 + n), 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
    assertEquals(m.parameters().get(0).value().at(0), w, 0.0);
  }

  @Test
  void aMissingTensorIsNamedAndNothingIsChanged(@TempDir Path dir) throws IOException {
    Graph g = Graph.create();
    Model small = new Model(g, Sequential.of(new Dense(g, "hidden1", 2, 3, Init.normal(1), new Random(1))), 2);
    Path f = dir.resolve("small.safetensors");
    Weights.save(small, f);
    Model m = fixtureModel(3);
    List<Tensor> before = m.snapshot();
    ModelFileException e = assertThrows(ModelFileException.class, () -> Weights.load(m, f));
    assertEquals("weights file " + f + ": no tensor 'swish.beta' (the model's scalar swish.beta)", e.getMessage());
    assertEquals(before, m.snapshot());
  }

  @Test
  void aMisShapedTensorIsNamed(@TempDir Path dir) throws IOException {
    Graph g = Graph.create();
    Random r = new Random(1);
    Model wider = new Model(g, Sequential.of(new Dense(g, "hidden1", 2, 4, Init.normal(1), r), new Swish(g, "swish"),
        new Dense(g, "output", 4, 1, Init.normal(1), r)), 2);
    Path f = dir.resolve("wider.safetensors");
    Weights.save(wider, f);
    ModelFileException e = assertThrows(ModelFileException.class, () -> Weights.load(fixtureModel(1), f));
    assertEquals("weights file " + f + ": tensor 'hidden1.W' has shape [2, 4], the model's hidden1.W is 2x3 (shape "
        + "[2, 3])", e.getMessage());
  }

  @Test
  void tensorsTheModelLacksAreRefusedUnlessAskedToIgnoreThem() throws IOException {
    Graph g = Graph.create();
    Model part = new Model(g, new Dense(g, "hidden1", 2, 3, Init.normal(1), new Random(1)), 2);
    ModelFileException e = assertThrows(ModelFileException.class, () -> Weights.load(part, FIXTURE));
    assertEquals("weights file " + FIXTURE + ": the model has no parameter or state value for tensors [output.W, "
        + "swish.beta, output.b] (pass Weights.Option.IGNORE_UNUSED_TENSORS to skip them)", e.getMessage());
    assertFalse(part.parameters().get(0).value().at(0) == 0.1);
    Weights.load(part, FIXTURE, Weights.Option.IGNORE_UNUSED_TENSORS);
    assertEquals(0.1, part.parameters().get(0).value().at(0), 0.0);
  }

  @Test
  void loadingLeavesTrainableFlagsAsTheyAre() throws IOException {
    Model m = fixtureModel(1);
    m.parameters().get(0).setTrainable(false);
    Weights.load(m, FIXTURE);
    assertFalse(m.parameters().get(0).isTrainable());
    assertTrue(m.parameters().get(1).isTrainable());
  }
}
