package dev.autodiff.nn.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.BatchNorm;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event files read back by this library's own reader: what was written, and damage found record by record. */
class EventFileTest {
  @TempDir Path dir;

  @Test
  void crc32cAndTheFramingMatchKnownBytes() {
    // The CRC-32C check value of "123456789" is 0xE3069283 (RFC 3720).
    assertEquals(0xE3069283, Hashing.crc32c().hashBytes("123456789".getBytes(StandardCharsets.US_ASCII)).asInt());
  }

  @Test
  void everyFileStartsWithTheTwelveBytesOfTensorFlowsEventFiles() throws IOException {
    // the length 24 of the file_version record and its masked CRC: 18 00 00 00 00 00 00 00 a3 7f 4b 22
    try (EventWriter w = EventWriter.create(dir)) {
      byte[] bytes = Files.readAllBytes(w.file());
      assertArrayEquals(new byte[] {0x18, 0, 0, 0, 0, 0, 0, 0, (byte) 0xa3, 0x7f, 0x4b, 0x22},
          Arrays.copyOf(bytes, 12));
      assertEquals(12 + 24 + 4, bytes.length);
    }
  }

  @Test
  void scalarsHistogramsAndAGraphReadBackAsWritten() throws IOException {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.matrix(2, 2, 1, -2, 3, 0.5));
    Input x;
    Node y;
    try (Graph.Scope s = g.scope("layer")) {
      x = g.input("x", Shape.of(3, 2));
      y = x.matmul(w).tanh().plus(1);
    }
    GraphDef graph = GraphDef.of(List.of(y), Map.of(x, "input"));
    Map<String, Histogram> hs = new LinkedHashMap<>();
    hs.put("w", Histogram.of(w.value()));
    hs.put("w/grad", Histogram.of(-1e-9, 0, 7));
    Path file;
    try (EventWriter writer = EventWriter.create(dir)) {
      writer.graph(graph);
      writer.scalar(3, "loss", 0.25);
      writer.histograms(4, hs);
      file = writer.file();
    }
    EventFile read = EventFile.read(file);
    assertEquals(List.of(new EventFile.Scalar(3, "loss", 0.25f)), read.scalars());
    assertEquals(List.of(new EventFile.HistogramAt(4, "w", hs.get("w")),
        new EventFile.HistogramAt(4, "w/grad", hs.get("w/grad"))), read.histograms());
    assertEquals(1, read.graphs().size());
    assertEquals(graph.nodes(), read.graphs().get(0).nodes());
    // the constant 1 is drawn in its consumer's group; the parameter was made outside any scope
    assertEquals(List.of("w", "input", "layer/matmul", "layer/tanh", "layer/const", "layer/add"),
        graph.nodes().stream().map(GraphDef.NodeDef::name).toList());
    assertEquals(new GraphDef.NodeDef("layer/add", "add", List.of("layer/tanh", "layer/const"), List.of(3L, 2L)),
        graph.node("layer/add").orElseThrow());
    assertEquals("Const", graph.node("layer/const").orElseThrow().op());
  }

  @Test
  void repeatedNamesAreNumberedAndNoNodeTakesAGroupsName() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(1, 1));
    Node a;
    try (Graph.Scope s = g.scope("exp")) {
      a = x.exp().exp();
    }
    Node b = a.exp();  // outside the group: its op's name is the group's name
    GraphDef graph = GraphDef.of(List.of(b), Map.of());
    assertEquals(List.of("x", "exp/exp", "exp/exp_1", "exp_1"),
        graph.nodes().stream().map(GraphDef.NodeDef::name).toList());
  }

  @Test
  void aModelsGraphHasItsLayersAsGroupsAndItsParametersWithoutTheirPrefix() {
    Graph g = Graph.create();
    Random init = new Random(3);
    Model model = new Model(g, Sequential.of(new Dense(g, "hidden1", 4, 3, Init.he(), init),
        new BatchNorm(g, "bn1", 3), Layers.activation(Activation.RELU), new Dense(g, "output", 3, 1, Init.he(),
            init)), 4);
    int before = g.size();
    GraphDef graph = GraphDef.of(model, Losses.mse(), 7);
    assertEquals(before, g.size(), "built in a branch: the model's graph does not grow");
    List<String> names = graph.nodes().stream().map(GraphDef.NodeDef::name).toList();
    for (String name : List.of("input", "targets", "hidden1/W", "hidden1/b", "hidden1/matmul", "hidden1/add",
        "bn1/gamma", "bn1/beta", "output/W", "output/matmul", "output/add")) {
      assertTrue(names.contains(name), name + " in " + names);
    }
    assertEquals("VariableV2", graph.node("bn1/gamma").orElseThrow().op());
    assertEquals(List.of(7L, 3L), graph.node("hidden1/add").orElseThrow().shape());
    assertTrue(names.get(names.size() - 1).startsWith("loss/"), names.toString());
  }

  @Test
  void theCallbackWritesTheGraphOnceAndHistogramsBeforeTrainingAndAfterEveryEpoch() throws IOException {
    Graph g = Graph.create();
    Model model = new Model(g, Sequential.of(new Dense(g, "hidden1", 2, 3, Init.xavier(), new Random(1)),
        new BatchNorm(g, "bn1", 3), Layers.dropout(0.5), new Dense(g, "output", 3, 1, Init.xavier(),
            new Random(2))), 2);
    Dataset data = Dataset.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new double[][] {{0}, {1}, {1}, {0}});
    Path file;
    try (TensorBoardCallback board = TensorBoardCallback.open(dir, model, Losses.mse(), data)) {
      Trainer.builder(model).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).batchSize(2).epochs(3).seed(1)
          .callback(board).build().fit(data);
      file = board.file();
    }
    EventFile read = EventFile.read(file);
    assertEquals(1, read.graphs().size());
    List<String> tags = List.of("hidden1.W", "hidden1.W/grad", "hidden1.b", "hidden1.b/grad", "bn1.gamma",
        "bn1.gamma/grad", "bn1.beta", "bn1.beta/grad", "output.W", "output.W/grad", "output.b", "output.b/grad",
        "bn1.running_mean", "bn1.running_var");
    for (long step = 0; step <= 3; step++) {
      long s = step;
      assertEquals(tags, read.histograms().stream().filter(h -> h.step() == s).map(EventFile.HistogramAt::tag)
          .toList(), "step " + step);
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), read.scalars().stream().filter(v -> v.tag().equals("step/loss"))
        .map(EventFile.Scalar::step).toList());
    // the final weights' histograms are those of the model's values
    Parameter w = model.parameters().get(0);
    EventFile.HistogramAt last = read.histograms().stream().filter(h -> h.step() == 3 && h.tag().equals("hidden1.W"))
        .findFirst().orElseThrow();
    assertEquals(Histogram.of(w.value()), last.histogram());
    // the gradient pass uses the same masks every epoch: with unchanged weights, the same gradients
    TensorBoardCallback again = TensorBoardCallback.open(dir.resolve("again"), model, Losses.mse(), data);
    again.writeHistograms(7);
    again.writeHistograms(8);
    again.close();
    EventFile twice = EventFile.read(again.file());
    assertEquals(twice.histograms().stream().filter(h -> h.step() == 7).map(EventFile.HistogramAt::histogram)
        .toList(), twice.histograms().stream().filter(h -> h.step() == 8).map(EventFile.HistogramAt::histogram)
        .toList());
  }

  @Test
  void aScalarsOnlyCallbackRefusesToWriteHistograms() throws IOException {
    try (TensorBoardCallback board = TensorBoardCallback.open(dir)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> board.writeHistograms(1));
      assertTrue(e.getMessage().startsWith("tensorboard: writeHistograms: opened without a model"), e.getMessage());
    }
  }

  @Test
  void everyTruncationAndCorruptionIsFoundNamingTheRecord() throws IOException {
    Graph g = Graph.create();
    Model model = new Model(g, Sequential.of(new Dense(g, "d", 2, 2, Init.xavier(), new Random(1))), 2);
    Dataset data = Dataset.of(new double[][] {{0, 0}, {1, 1}}, new double[][] {{0, 1}, {1, 0}});
    Path file;
    try (TensorBoardCallback board = TensorBoardCallback.open(dir, model, Losses.mse(), data)) {
      board.onStep(1, 0.5);
      file = board.file();
    }
    byte[] bytes = Files.readAllBytes(file);
    EventFile.read(bytes);
    // a cut between records leaves a shorter valid file (how TensorBoard follows a live run); any other is found
    java.util.Set<Integer> boundaries = new java.util.HashSet<>();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at < bytes.length; at += 16 + (int) b.getLong(at)) {
      boundaries.add(at);
    }
    assertEquals(4, boundaries.size(), "file version, graph, histograms, one step");
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      if (cut > 0 && boundaries.contains(cut)) {
        EventFile.read(truncated);
        continue;
      }
      IOException e = assertThrows(IOException.class, () -> EventFile.read(truncated), "cut at " + cut);
      assertTrue(e.getMessage().startsWith("event file: "), e.getMessage());
    }
    Random random = new Random(3);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] flipped = bytes.clone();
      int at = random.nextInt(bytes.length);
      flipped[at] = (byte) (flipped[at] ^ (1 + random.nextInt(255)));
      IOException e = assertThrows(IOException.class, () -> EventFile.read(flipped), "byte " + at);
      assertTrue(e.getMessage().startsWith("event file: record "), e.getMessage());
    }
  }

  @Test
  void twoWritersOnOneFolderAtOnceGetTwoFiles() throws IOException {
    // reliability issue item 14: the second writer in the same second threw FileAlreadyExistsException
    try (TensorBoardCallback a = TensorBoardCallback.open(dir); TensorBoardCallback b = TensorBoardCallback.open(dir)) {
      assertNotEquals(a.file(), b.file());
      assertTrue(a.file().getFileName().toString().startsWith("events.out.tfevents."));
    }
  }
}
