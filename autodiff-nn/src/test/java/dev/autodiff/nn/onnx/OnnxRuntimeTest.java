package dev.autodiff.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.onnx.OnnxExport.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exported models run in ONNX Runtime (an independent engine) and give {@code Model.predict}'s outputs: to 1e-12
 * in float64, and, for the convolutional network that ONNX Runtime runs only in float32 (its CPU provider has no
 * float64 {@code Conv} or {@code AveragePool}: "Could not find an implementation for Conv(11)"), to float32 rounding.
 */
class OnnxRuntimeTest {
  private static final int[] BATCH_SIZES = {1, 7};

  @Test
  void anMlpWithEveryActivationRunsInOnnxRuntimeAsPredictDoes() throws OrtException {
    assertSamePredictions(OnnxModels.mlp(), Precision.FLOAT64, 1e-12);
  }

  @Test
  void dropoutNormalizationPenaltiesAndParallelBranchesRunAsPredictDoes() throws OrtException {
    assertSamePredictions(OnnxModels.normalized(), Precision.FLOAT64, 1e-12);
  }

  @Test
  void ensemblesRunAsPredictDoes() throws OrtException {
    for (Model m : OnnxModels.ensembles()) {
      assertSamePredictions(m, Precision.FLOAT64, 1e-12);
    }
  }

  @Test
  void aConvolutionalNetworkRunsInFloat32AsPredictDoesOnTheRoundedWeights() throws OrtException {
    // weights and inputs rounded to float32 first: what is left is float32 arithmetic (sums of a few dozen terms)
    assertSamePredictions(OnnxModels.roundedToFloat(OnnxModels.cnn()), Precision.FLOAT32, 1e-5);
  }

  @Test
  void maxPoolingRunsInFloat64() throws OrtException {
    assertSamePredictions(OnnxModels.maxPooled(), Precision.FLOAT64, 1e-12);
  }

  @Test
  void theFloat32ExportsOfTheOtherModelsRunToo() throws OrtException {
    assertSamePredictions(OnnxModels.roundedToFloat(OnnxModels.mlp()), Precision.FLOAT32, 1e-5);
    assertSamePredictions(OnnxModels.roundedToFloat(OnnxModels.normalized()), Precision.FLOAT32, 1e-4);
  }

  @Test
  void theBatchDimensionIsSymbolic() throws OrtException {
    Model model = OnnxModels.mlp();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(OnnxExport.toBytes(model), new OrtSession.SessionOptions())) {
      NodeInfo in = s.getInputInfo().get(OnnxExport.INPUT);
      NodeInfo out = s.getOutputInfo().get(OnnxExport.OUTPUT);
      assertArrayEquals(new long[] {-1, model.inputWidth()}, ((TensorInfo) in.getInfo()).getShape());
      assertArrayEquals(new long[] {-1, model.outputWidth()}, ((TensorInfo) out.getInfo()).getShape());
      assertArrayEquals(new String[] {"batch", ""}, ((TensorInfo) in.getInfo()).getDimensionNames());
    }
  }

  /**
   * Exports {@code model} in {@code precision}, runs it in ONNX Runtime on seeded random batches of 1 and 7 rows, and
   * checks every output against {@code model.predict} to {@code tolerance} (relative, absolute below 1).
   */
  static void assertSamePredictions(Model model, Precision precision, double tolerance) throws OrtException {
    boolean float32 = precision == Precision.FLOAT32;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(OnnxExport.toBytes(model, precision), options)) {
      for (int rows : BATCH_SIZES) {
        Tensor batch = OnnxModels.batch(model, rows, 100 + rows, float32);
        double[] want = model.predict(batch).toArray();
        double[] got = run(env, session, batch, float32);
        assertEquals(want.length, got.length, model + ": outputs");
        for (int i = 0; i < want.length; i++) {
          double error = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
          if (!(error <= tolerance)) {
            fail(String.format("%s, %s, batch of %s: output %s (row %s, column %s) is %s in ONNX Runtime, predict "
                + "gives %s (error %.3g > %.3g)", model, precision, rows, i, i / model.outputWidth(),
                i % model.outputWidth(), got[i], want[i], error, tolerance));
          }
        }
      }
    }
  }

  private static double[] run(OrtEnvironment env, OrtSession session, Tensor batch, boolean float32)
      throws OrtException {
    int rows = batch.rows();
    int cols = batch.cols();
    Object input;
    if (float32) {
      float[][] x = new float[rows][cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          x[r][c] = (float) batch.get(r, c);
        }
      }
      input = x;
    } else {
      double[][] x = new double[rows][cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          x[r][c] = batch.get(r, c);
        }
      }
      input = x;
    }
    try (OnnxTensor in = OnnxTensor.createTensor(env, input);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, in))) {
      Object value = result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
      assertTrue(float32 ? value instanceof float[][] : value instanceof double[][], "output type " + value);
      int outCols = float32 ? ((float[][]) value)[0].length : ((double[][]) value)[0].length;
      assertEquals(rows, float32 ? ((float[][]) value).length : ((double[][]) value).length, "output rows");
      double[] out = new double[rows * outCols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < outCols; c++) {
          out[r * outCols + c] = float32 ? ((float[][]) value)[r][c] : ((double[][]) value)[r][c];
        }
      }
      return out;
    }
  }
}
