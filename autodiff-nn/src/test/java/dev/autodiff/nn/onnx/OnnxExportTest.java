package dev.autodiff.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.testing.Tools;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.io.LayerCodec;
import dev.autodiff.nn.io.LayerCodecs;
import dev.autodiff.nn.onnx.OnnxExport.Precision;
import dev.autodiff.nn.onnx.proto.OnnxProto.ModelProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the export writes (checked by ONNX's own checker), what it refuses, and that every built-in layer is tested. */
class OnnxExportTest {
  private static List<Model> allModels() {
    List<Model> all = new ArrayList<>(List.of(OnnxModels.mlp(), OnnxModels.normalized(), OnnxModels.cnn(),
        OnnxModels.maxPooled()));
    all.addAll(OnnxModels.ensembles());
    return all;
  }

  @Test
  void everyExportedModelPassesOnnxsFullChecker(@TempDir Path dir) throws Exception {
    Tools.requirePythonOnnx();
    List<String> command = new ArrayList<>(List.of(Tools.SYSTEM_PYTHON, "-c",
        "import sys, onnx\n"
            + "for p in sys.argv[1:]:\n"
            + "    m = onnx.load(p)\n"
            + "    onnx.checker.check_model(m, full_check=True)\n"
            + "    assert m.opset_import[0].version == 17 and m.ir_version == 8, p\n"
            + "    print('ok', p)\n"));
    List<Model> models = allModels();
    for (int i = 0; i < models.size(); i++) {
      for (Precision p : Precision.values()) {
        Path file = dir.resolve("model" + i + "-" + p + ".onnx");
        OnnxExport.save(models.get(i), file, p);
        command.add(file.toString());
      }
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the checker did not finish: " + out);
    assertEquals(0, process.exitValue(), "onnx.checker.check_model(full_check=True) says:\n" + out);
    assertEquals(command.size() - 3, out.lines().filter(l -> l.startsWith("ok ")).count(), out);
  }

  @Test
  void everyBuiltInLayerTypeIsInAnExportedTestModel() {
    Set<Class<?>> seen = new HashSet<>();
    for (Model m : allModels()) {
      collect(m.network(), seen);
    }
    List<String> missing = new ArrayList<>();
    for (LayerCodec<?> c : LayerCodecs.builtIn()) {
      if (!seen.contains(c.layerClass())) {
        missing.add(c.layerClass().getSimpleName());
      }
    }
    assertEquals(List.of(), missing, "built-in layers no ONNX test model has (add one to OnnxModels)");
  }

  private static void collect(Layer layer, Set<Class<?>> seen) {
    seen.add(layer.getClass());
    for (Layer c : layer.children()) {
      collect(c, seen);
    }
  }

  @Test
  void theFileHoldsTheWeightsByNameInTheChosenPrecisionAndASymbolicBatch() throws Exception {
    Model model = OnnxModels.mlp();
    for (Precision p : Precision.values()) {
      ModelProto m = ModelProto.parseFrom(OnnxExport.toBytes(model, p));
      assertEquals(OnnxExport.IR_VERSION, m.getIrVersion());
      assertEquals(OnnxExport.OPSET, m.getOpsetImport(0).getVersion());
      assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
      TensorProto w = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("hidden1.W"))
          .findFirst().orElseThrow();
      assertEquals(List.of(5L, 6L), w.getDimsList());
      int type = p == Precision.FLOAT64 ? TensorProto.DataType.DOUBLE_VALUE : TensorProto.DataType.FLOAT_VALUE;
      assertEquals(type, w.getDataType());
      assertEquals(30 * (p == Precision.FLOAT64 ? 8 : 4), w.getRawData().size());
      double first = p == Precision.FLOAT64
          ? w.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble()
          : w.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat();
      double want = model.parameters().get(0).value().at(0);
      assertEquals(p == Precision.FLOAT64 ? want : (float) want, first, 0.0);
    }
  }

  /** A layer of the user's own: {@code x * 2}. */
  private static final class Doubling implements Layers.ShapePreserving {
    @Override
    public Node forward(Node x, Context ctx) {
      return x.times(2);
    }

    @Override
    public String describe() {
      return "doubling";
    }
  }

  @Test
  void aLayerOfYourOwnIsRefusedByName(@TempDir Path dir) throws IOException {
    Graph g = Graph.create();
    Model model = new Model(g, Sequential.of(new Dense(g, "d", 2, 3, Init.xavier(), new Random(1)), new Doubling()),
        2);
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "before");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.save(model, file));
    assertTrue(e.getMessage().startsWith("onnx export: layer 'doubling' (" + Doubling.class.getName() + ")"),
        e.getMessage());
    assertEquals("before", Files.readString(file), "a failed export leaves the file as it was");
    assertEquals(List.of(file), Files.list(dir).toList(), "and no temporary file behind");
  }

  @Test
  void anActivationOfYourOwnIsRefusedByName() {
    Graph g = Graph.create();
    Activation cube = new Activation("cube", s -> s.times(s).times(s));
    Model model = new Model(g, Sequential.of(new Dense(g, "d", 2, 3, Init.xavier(), new Random(1)),
        Layers.activation(cube)), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model));
    assertTrue(e.getMessage().contains("'activation cube'") && e.getMessage().contains("'cube' is not one of"),
        e.getMessage());
  }

  @Test
  void nullArgumentsAreNamed(@TempDir Path dir) {
    Model model = OnnxModels.mlp();
    assertEquals("onnx export: save: model is null", assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.save(null, dir.resolve("m.onnx"))).getMessage());
    assertEquals("onnx export: save: path is null", assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.save(model, null)).getMessage());
    assertEquals("onnx export: toBytes: precision is null", assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.toBytes(model, null)).getMessage());
  }

  @Test
  void sharedParametersAreWrittenOnce() throws Exception {
    Graph g = Graph.create();
    Dense d = new Dense(g, "d", 3, 3, Init.xavier(), new Random(1));
    Model model = new Model(g, Sequential.of(d, Layers.activation(Activation.TANH), d), 3);
    ModelProto m = ModelProto.parseFrom(OnnxExport.toBytes(model));
    assertEquals(List.of("d.W", "d.b"), m.getGraph().getInitializerList().stream().map(TensorProto::getName)
        .filter(n -> !n.startsWith("const/")).toList());
    Parameter w = d.weights();
    assertArrayEquals(new long[] {3, 3}, m.getGraph().getInitializer(0).getDimsList().stream()
        .mapToLong(Long::longValue).toArray(), w.label());
  }
}
