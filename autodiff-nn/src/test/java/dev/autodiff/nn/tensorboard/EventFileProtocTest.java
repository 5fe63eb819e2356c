package dev.autodiff.nn.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.TextFormat;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.Tools;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event files the TensorBoard callback writes, decoded by an independent decoder with TensorBoard's own schema:
 * {@code protoc --decode=tensorboard.Event} with the {@code .proto} files TensorBoard publishes (test resources,
 * {@code tensorboard-protos/ORIGIN.md}), the framing stripped here by hand, and the graph's bytes decoded again as
 * {@code tensorboard.GraphDef}. Histograms are checked against numbers recomputed here from the weights.
 */
class EventFileProtocTest {
  private static final Path PROTOS = Path.of("src/test/resources/tensorboard-protos");

  @TempDir Path dir;

  /** A 3-4-2 network: hidden1 (tanh), output; softmax cross-entropy on 12 seeded samples. */
  private record Run(Model model, Loss loss, Dataset batch, Path file) {}

  private Run train() throws IOException {
    Graph g = Graph.create();
    Random init = new Random(11);
    Model model = new Model(g, Sequential.of(new Dense(g, "hidden1", 3, 4, Init.xavier(), init),
        Layers.activation(Activation.TANH), new Dense(g, "output", 4, 2, Init.xavier(), init)), 3);
    Random data = new Random(5);
    double[][] xs = new double[12][3];
    double[][] ys = new double[12][2];
    for (int i = 0; i < xs.length; i++) {
      for (int j = 0; j < 3; j++) {
        xs[i][j] = data.nextGaussian();
      }
      ys[i][xs[i][0] + xs[i][1] > 0 ? 1 : 0] = 1;
    }
    Dataset train = Dataset.of(xs, ys);
    Loss loss = Losses.softmaxCrossEntropy();
    Dataset batch = train.range(0, 5);
    Path file;
    try (TensorBoardCallback board = TensorBoardCallback.open(dir, model, loss, batch)) {
      Trainer.builder(model).loss(loss).optimizer(Optimizers.adam(0.05)).batchSize(6).epochs(2).seed(1)
          .callback(board).build().fit(train);
      file = board.file();
    }
    return new Run(model, loss, batch, file);
  }

  @Test
  void protocDecodesTheGraphScalarsAndHistogramsWithTensorBoardsSchema() throws Exception {
    Tools.requireProtoc();
    Run run = train();
    List<TextProto> events = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (byte[] record : records(Files.readAllBytes(run.file()))) {
      String text = protoc("tensorboard.Event", "event.proto", record);
      texts.add(text);
      events.add(TextProto.parse(text));
    }
    assertEquals("brain.Event:2", events.get(0).scalar("file_version"), texts.get(0));

    // the graph: one event, its bytes a GraphDef
    List<TextProto> graphEvents = events.stream().filter(e -> e.has("graph_def")).toList();
    assertEquals(1, graphEvents.size());
    byte[] graphBytes = TextFormat.unescapeBytes(graphEvents.get(0).scalar("graph_def")).toByteArray();
    String graphText = protoc("tensorboard.GraphDef", "graph.proto", graphBytes);
    Map<String, TextProto> nodes = new LinkedHashMap<>();
    for (TextProto n : TextProto.parse(graphText).messages("node")) {
      for (String in : n.scalars("input")) {
        assertTrue(nodes.containsKey(TextProto.unquote(in)), "edge from a node not defined before: " + in);
      }
      assertEquals(null, nodes.put(n.scalar("name"), n), "two nodes named " + n.scalar("name"));
    }
    assertNode(nodes, "input", "Placeholder", List.of(), List.of(5L, 3L));
    assertNode(nodes, "hidden1/W", "VariableV2", List.of(), List.of(3L, 4L));
    assertNode(nodes, "hidden1/b", "VariableV2", List.of(), List.of(1L, 4L));
    assertNode(nodes, "hidden1/matmul", "matmul", List.of("input", "hidden1/W"), List.of(5L, 4L));
    assertNode(nodes, "hidden1/add", "add", List.of("hidden1/matmul", "hidden1/b"), List.of(5L, 4L));
    assertNode(nodes, "tanh", "tanh", List.of("hidden1/add"), List.of(5L, 4L));
    assertNode(nodes, "output/matmul", "matmul", List.of("tanh", "output/W"), List.of(5L, 2L));
    assertNode(nodes, "output/add", "add", List.of("output/matmul", "output/b"), List.of(5L, 2L));
    assertNode(nodes, "targets", "Placeholder", List.of(), List.of(5L, 2L));
    assertEquals("DT_DOUBLE", attr(nodes.get("hidden1/W"), "dtype").scalar("type"));
    assertEquals("DT_DOUBLE", attr(nodes.get("hidden1/matmul"), "T").scalar("type"));
    List<String> lossNodes = nodes.keySet().stream().filter(n -> n.startsWith("loss/")).toList();
    assertFalse(lossNodes.isEmpty(), "the loss is a group: " + nodes.keySet());
    String last = List.copyOf(nodes.keySet()).get(nodes.size() - 1);
    assertTrue(last.startsWith("loss/"), "the last node computes the loss: " + last);
    assertEquals(List.of(), attr(nodes.get(last), "_output_shapes").message("list").message("shape").scalars("dim"),
        "the loss is a scalar");

    // scalars: every step's loss, every epoch's metrics
    Map<String, List<Long>> scalarSteps = new HashMap<>();
    Map<Long, Map<String, TextProto>> histograms = new LinkedHashMap<>();
    for (TextProto e : events) {
      if (!e.has("summary")) {
        continue;
      }
      long step = (long) e.number("step");
      for (TextProto v : e.message("summary").messages("value")) {
        if (v.has("histo")) {
          histograms.computeIfAbsent(step, k -> new LinkedHashMap<>()).put(v.scalar("tag"), v.message("histo"));
        } else {
          scalarSteps.computeIfAbsent(v.scalar("tag"), k -> new ArrayList<>()).add(step);
          assertTrue(v.has("simple_value"), v.toString());
        }
      }
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), scalarSteps.get("step/loss"), "12 samples in batches of 6, 2 epochs");
    assertEquals(List.of(1L, 2L), scalarSteps.get("epoch/loss"));

    // histograms: before training and after each epoch, each parameter and its gradient
    assertEquals(List.of(0L, 1L, 2L), List.copyOf(histograms.keySet()));
    List<String> tags = List.of("hidden1.W", "hidden1.W/grad", "hidden1.b", "hidden1.b/grad", "output.W",
        "output.W/grad", "output.b", "output.b/grad");
    for (Map<String, TextProto> atStep : histograms.values()) {
      assertEquals(tags, List.copyOf(atStep.keySet()));
    }
    // after the last epoch the weights are the model's final ones; the gradients are recomputed here
    Map<String, Tensor> expected = new LinkedHashMap<>();
    List<Tensor> gradients = gradients(run);
    List<Parameter> parameters = run.model().parameters();
    for (int i = 0; i < parameters.size(); i++) {
      expected.put(parameters.get(i).parameterName(), parameters.get(i).value());
      expected.put(parameters.get(i).parameterName() + "/grad", gradients.get(i));
    }
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      assertHistogram(e.getKey(), e.getValue().toArray(), histograms.get(2L).get(e.getKey()));
    }
  }

  private static TextProto attr(TextProto node, String key) {
    for (TextProto a : node.messages("attr")) {
      if (a.scalar("key").equals(key)) {
        return a.message("value");
      }
    }
    throw new AssertionError("no attr " + key + " in node " + node.scalar("name"));
  }

  private static void assertNode(Map<String, TextProto> nodes, String name, String op, List<String> inputs,
      List<Long> shape) {
    TextProto n = nodes.get(name);
    assertTrue(n != null, "no node " + name + " in " + nodes.keySet());
    assertEquals(op, n.scalar("op"), name);
    assertEquals(inputs, n.scalars("input").stream().map(TextProto::unquote).toList(), name);
    List<Long> dims = attr(n, "_output_shapes").message("list").message("shape").messages("dim").stream()
        .map(d -> (long) d.number("size")).toList();
    assertEquals(shape, dims, name);
  }

  /**
   * The histogram decoded by protoc against {@code values}: count, min, max, sum and sum of squares computed here,
   * bucket edges from TensorFlow's default ones, and each bucket's count found by counting the values between its
   * edges.
   */
  private static void assertHistogram(String tag, double[] values, TextProto h) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double squares = 0;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      squares += v * v;
    }
    assertEquals(values.length, h.number("num"), tag);
    assertEquals(min, h.number("min"), tag);
    assertEquals(max, h.number("max"), tag);
    assertEquals(sum, h.number("sum"), 1e-12 * squares + 1e-300, tag);
    assertEquals(squares, h.number("sum_squares"), 1e-12 * squares, tag);
    List<Double> limits = h.numbers("bucket_limit");
    List<Double> counts = h.numbers("bucket");
    assertEquals(limits.size(), counts.size(), tag);
    List<Double> edges = tensorFlowEdges();
    double total = 0;
    for (int i = 0; i < limits.size(); i++) {
      assertTrue(edges.contains(limits.get(i)), tag + ": " + limits.get(i) + " is not one of TensorFlow's edges");
      double lo = i == 0 ? Double.NEGATIVE_INFINITY : limits.get(i - 1);
      double hi = limits.get(i);
      int inside = 0;
      for (double v : values) {
        inside += lo <= v && v < hi ? 1 : 0;
      }
      assertEquals(inside, counts.get(i), tag + ": bucket " + i + " [" + lo + ", " + hi + ")");
      total += counts.get(i);
    }
    assertEquals(values.length, total, tag + ": the buckets hold every value");
  }

  /** TensorFlow's default histogram edges (histogram.cc): 1e-12 growing by 10% below 1e20, mirrored, 0, ±DBL_MAX. */
  private static List<Double> tensorFlowEdges() {
    List<Double> edges = new ArrayList<>(List.of(0.0, Double.MAX_VALUE, -Double.MAX_VALUE));
    for (double v = 1e-12; v < 1e20; v *= 1.1) {
      edges.add(v);
      edges.add(-v);
    }
    return edges;
  }

  /** The gradients of the loss on the batch at the final weights, computed here from a fresh pass. */
  private static List<Tensor> gradients(Run run) {
    Model.Pass pass = run.model().newPass("check", run.batch().size(), false);
    try (Graph.Building building = pass.graph().building()) {
      Input t = pass.graph().input("check-targets", Shape.of(run.batch().size(), 2));
      Node loss = run.loss().apply(pass.output(), t);
      List<Node> grads = Gradients.gradients(loss, run.model().parameters());
      Results r = Program.compile(grads).run(Feeds.of(pass.input(), run.batch().inputs())
          .with(t, run.batch().targets()));
      return grads.stream().map(r::get).toList();
    }
  }

  /** The records of a TFRecord file: each length (8 bytes, little-endian), its CRC (4), the data, its CRC (4). */
  private static List<byte[]> records(byte[] file) {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      byte[] data = new byte[(int) b.getLong()];
      b.getInt();
      b.get(data);
      b.getInt();
      out.add(data);
    }
    return out;
  }

  /** {@code protoc --decode=<type>} of {@code bytes} with TensorBoard's schema; fails on any error protoc reports. */
  private static String protoc(String type, String proto, byte[] bytes) throws Exception {
    Process p = new ProcessBuilder("protoc", "--decode=" + type, "-I", PROTOS.toString(),
        "tensorboard/compat/proto/" + proto).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drain = new Thread(() -> {
      try {
        p.getErrorStream().transferTo(err);
      } catch (IOException ignored) {
        // the exit code tells
      }
    });
    drain.start();
    try (var in = p.getOutputStream()) {
      in.write(bytes);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "protoc did not finish");
    drain.join();
    assertEquals(0, p.exitValue(), "protoc --decode=" + type + ": " + err.toString(StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8), "protoc's warnings");
    return out;
  }
}
