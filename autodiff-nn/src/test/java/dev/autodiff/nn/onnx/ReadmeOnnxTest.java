package dev.autodiff.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window.Padding;
import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Cnn;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's ONNX export example, compiled and run as written; the files it writes run in ONNX Runtime. */
class ReadmeOnnxTest {
  @Test
  void theExampleWritesFilesOnnxRuntimeRuns(@TempDir Path dir) throws Exception {
    // README-ONNX-BEGIN
    Model mlp = Mlp.builder().inputs(4).hidden(8, Activation.TANH).outputs(3, Activation.SOFTMAX).seed(1).build();
    OnnxExport.save(mlp, dir.resolve("mlp.onnx"));      // float64, opset 17: input "input" [batch, 4], "output"

    Model cnn = Cnn.builder(Image.of(28, 28, 1)).conv2d(8, 3, Padding.SAME, Activation.RELU).maxPool(2)
        .flatten().dense(10, Activation.SOFTMAX).seed(1).build();
    OnnxExport.save(cnn, dir.resolve("cnn.onnx"), OnnxExport.Precision.FLOAT32);  // ONNX Runtime's Conv: float32

    byte[] onnx = OnnxExport.toBytes(mlp);              // the same bytes as mlp.onnx, without a file
    // README-ONNX-END
    assertArrayEquals(Files.readAllBytes(dir.resolve("mlp.onnx")), onnx);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double[] sample = {0.5, -1, 2, 0.25};
    try (OrtSession s = env.createSession(dir.resolve("mlp.onnx").toString(), new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, new double[][] {sample});
        OrtSession.Result r = s.run(Map.of("input", x))) {
      assertArrayEquals(mlp.predict(sample), ((double[][]) r.get("output").orElseThrow().getValue())[0], 1e-12);
    }
    try (OrtSession s = env.createSession(dir.resolve("cnn.onnx").toString(), new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, new float[1][784]);
        OrtSession.Result r = s.run(Map.of("input", x))) {
      assertEquals(10, ((float[][]) r.get("output").orElseThrow().getValue())[0].length);
    }
  }

  @Test
  void readmeShowsExactlyThisCode() throws Exception {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/onnx/ReadmeOnnxTest.java"), "README-ONNX");
  }
}
