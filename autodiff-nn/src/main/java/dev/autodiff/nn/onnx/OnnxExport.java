package dev.autodiff.nn.onnx;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.onnx.OnnxLayers.Value;
import dev.autodiff.nn.onnx.proto.OnnxProto.ModelProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.TensorProto.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link Model} as a standard ONNX model, for ONNX Runtime and the other tools that read ONNX: inference
 * only (dropout off, batch normalization on its running statistics, activity penalties gone), one input
 * {@code "input"} of shape {@code batch x inputWidth} and one output {@code "output"} of shape
 * {@code batch x outputWidth}, the batch dimension symbolic ({@code dim_param "batch"}), so any batch size runs.
 * Parameters are initializers under their own names ({@code hidden1.W}); nodes are named by the layers' scopes.
 *
 * <p>Every built-in layer exports: dense, every {@link dev.autodiff.nn.Activation} (those ONNX has no exact operator
 * for as a few standard operators), dropout, PReLU, activity and contractive penalties, batch and layer
 * normalization, {@code Conv2D}, {@code MaxPool2D}, {@code AveragePool2D}, {@code Flatten}, and the composites
 * {@code Sequential}, {@code Ensemble} and {@code Parallel}. A layer of your own is an {@link IllegalArgumentException}
 * naming it.
 *
 * <p>Opset {@value #OPSET} and IR version {@value #IR_VERSION}: the newest that Debian's ONNX (1.12) checks, and read
 * by every ONNX Runtime since 1.12. {@link Precision#FLOAT64} (the default) writes the model in the library's own
 * precision; ONNX Runtime's CPU provider has no float64 kernel for {@code Conv} and {@code AveragePool}, so a model
 * with convolutions or average pooling runs there only as {@link Precision#FLOAT32}.
 */
public final class OnnxExport {
  /** The ONNX operator set version of the written models. */
  public static final int OPSET = 17;
  /** The ONNX IR (file format) version of the written models; opset 17 needs 8. */
  public static final int IR_VERSION = 8;
  /** The name of the model's input: a batch, one row per sample. */
  public static final String INPUT = "input";
  /** The name of the model's output. */
  public static final String OUTPUT = "output";

  /** The element type of the exported inputs, weights and outputs. */
  public enum Precision {
    /** {@code double}, ONNX's {@code DOUBLE}: the library's own numbers, bit for bit. */
    FLOAT64,
    /** {@code float}, ONNX's {@code FLOAT}: weights rounded to float32, as most runtimes and accelerators want. */
    FLOAT32
  }

  private OnnxExport() {}

  /** Writes {@code model} to {@code path} as ONNX in float64, atomically (a temporary file, then a rename). */
  public static void save(Model model, Path path) throws IOException {
    save(model, path, Precision.FLOAT64);
  }

  /**
   * Writes {@code model} to {@code path} as ONNX in {@code precision}, atomically: the model is translated before the
   * file is touched, so an unsupported layer leaves an existing file as it was.
   *
   * @throws IllegalArgumentException naming the layer, when a layer has no ONNX form (a layer of your own)
   */
  public static void save(Model model, Path path, Precision precision) throws IOException {
    checkNotNull(model, "onnx export: save: model is null");
    checkNotNull(path, "onnx export: save: path is null");
    checkNotNull(precision, "onnx export: save: precision is null");
    AtomicFiles.write(path, toBytes(model, precision));
  }

  /** The ONNX file's bytes for {@code model}, in float64. */
  public static byte[] toBytes(Model model) {
    return toBytes(model, Precision.FLOAT64);
  }

  /**
   * The ONNX file's bytes for {@code model} in {@code precision}: a serialized {@code onnx.ModelProto}.
   *
   * @throws IllegalArgumentException naming the layer, when a layer has no ONNX form (a layer of your own)
   */
  public static byte[] toBytes(Model model, Precision precision) {
    checkNotNull(model, "onnx export: toBytes: model is null");
    checkNotNull(precision, "onnx export: toBytes: precision is null");
    return proto(model, precision).toByteArray();
  }

  private static ModelProto proto(Model model, Precision precision) {
    OnnxGraph g = new OnnxGraph("autodiff", precision == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT);
    g.addInput(g.batch(INPUT, model.inputWidth()));
    g.addOutput(g.batch(OUTPUT, model.outputWidth()));
    OnnxLayers layers = new OnnxLayers(g);
    Value y = layers.layer(model.network(), Value.matrix(INPUT, model.inputWidth()), "");
    y = layers.matrix(y, "");
    g.opNamed(OUTPUT, "Identity", List.of(y.name()));
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("autodiff")
        .setDocString(model.toString())
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(g.build())
        .build();
  }
}
