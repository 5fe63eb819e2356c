package dev.autodiff.nn.io;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's weights alone, in the safetensors format that PyTorch and Hugging Face tools read and write: every
 * parameter and every state value by name ({@code "hidden1.W"}), as F64, a matrix with shape {@code [rows, cols]}
 * and a scalar with shape {@code []}. The architecture is not saved: load into a model built the same way. Reading
 * accepts F64 and F32 (widened exactly) and checks the whole header before allocating any tensor (see the format's
 * checks in the README). Note that PyTorch's {@code Linear} keeps its weight as {@code out x in}, the transpose of
 * {@code Dense}'s {@code in x out}, and its bias as a vector {@code [out]}: converting names and layouts is up to
 * the caller. Trainable flags are not weights and are left as they are.
 */
public final class Weights {
  /** How {@link #load} treats the file. */
  public enum Option {
    /** Tensors in the file that the model has no parameter or state value for are skipped instead of refused. */
    IGNORE_UNUSED_TENSORS
  }

  private Weights() {}

  /** Saves {@code model}'s parameters, then its state values, to {@code path} atomically. */
  public static void save(Model model, Path path) throws IOException {
    checkNotNull(model, "save: model is null");
    checkNotNull(path, "save: path is null");
    List<Parameter> tensors = tensorsOf(model);
    StringBuilder json = new StringBuilder("{\"" + Safetensors.METADATA + "\":{\"producer\":\"autodiff\"}");
    long offset = 0;
    for (Parameter p : tensors) {
      checkArgument(!p.parameterName().equals(Safetensors.METADATA), "save: a parameter may not be named %s",
          Safetensors.METADATA);
      Shape s = p.shape();
      long end = offset + 8L * s.size();
      json.append(',').append(quote(p.parameterName())).append(":{\"dtype\":\"F64\",\"shape\":")
          .append(s.isScalar() ? "[]" : "[" + s.rows() + "," + s.cols() + "]")
          .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    json.append('}');
    ByteBuffer text;
    try {
      text = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(json));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("save: a parameter name is not valid Unicode (a lone surrogate)", e);
    }
    // padded with spaces, as the reference writer does, so that the data starts 8-byte aligned
    int length = text.remaining();
    byte[] header = new byte[(length + 7) / 8 * 8];
    text.get(header, 0, length);
    Arrays.fill(header, length, header.length, (byte) ' ');
    List<Tensor> values = new ArrayList<>();
    tensors.forEach(p -> values.add(p.value()));
    AtomicFiles.write(path, out -> write(out, header, values));
  }

  private static void write(OutputStream out, byte[] header, List<Tensor> values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(header.length);
    out.write(buffer.array(), 0, 8);
    out.write(header);
    buffer.clear();
    for (Tensor t : values) {
      for (int i = 0; i < t.size(); i++) {
        if (!buffer.hasRemaining()) {
          out.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
        buffer.putDouble(t.at(i));
      }
    }
    out.write(buffer.array(), 0, buffer.position());
  }

  /**
   * Loads the weights in {@code path} into {@code model}: every parameter and state value must be in the file with
   * its shape, and (unless {@link Option#IGNORE_UNUSED_TENSORS} is given) every tensor of the file must be one of
   * them. Nothing is changed unless all of it holds.
   */
  public static void load(Model model, Path path, Option... options) throws IOException {
    checkNotNull(model, "load: model is null");
    checkNotNull(path, "load: path is null");
    checkNotNull(options, "load: options are null");
    boolean ignoreUnused = false;
    for (int i = 0; i < options.length; i++) {
      ignoreUnused |= checkNotNull(options[i], "load: option %s is null", i) == Option.IGNORE_UNUSED_TENSORS;
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      Safetensors.Header h = header(ch, path);
      Map<String, Safetensors.Info> unused = new LinkedHashMap<>(h.tensors());
      List<Parameter> tensors = tensorsOf(model);
      for (Parameter p : tensors) {
        Safetensors.Info t = unused.remove(p.parameterName());
        if (t == null) {
          throw error(path, "no tensor '" + p.parameterName() + "' (the model's " + p.shape() + " "
              + p.parameterName() + ")");
        }
        if (!shapeOf(p).equals(t.shapeText())) {
          throw error(path, "tensor '" + t.name() + "' has shape " + t.shapeText() + ", the model's "
              + p.parameterName() + " is " + p.shape() + " (shape " + shapeOf(p) + ")");
        }
      }
      if (!unused.isEmpty() && !ignoreUnused) {
        throw error(path, "the model has no parameter or state value for tensors " + unused.keySet()
            + " (pass Weights.Option.IGNORE_UNUSED_TENSORS to skip them)");
      }
      List<Tensor> values = new ArrayList<>();
      for (Parameter p : tensors) {
        values.add(Tensor.of(p.shape(), Safetensors.values(ch, h, h.tensors().get(p.parameterName()))));
      }
      for (int i = 0; i < tensors.size(); i++) {
        tensors.get(i).set(values.get(i));
      }
    }
  }

  /** Every tensor in a safetensors file, by name in file order; each must be a scalar or a matrix. */
  public static Map<String, Tensor> read(Path path) throws IOException {
    checkNotNull(path, "read: path is null");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      Safetensors.Header h = header(ch, path);
      Map<String, Shape> shapes = new LinkedHashMap<>();
      for (Safetensors.Info t : h.tensors().values()) {
        long[] d = t.shape();
        boolean matrix = d.length == 2 && d[0] >= 1 && d[1] >= 1 && d[0] * d[1] <= Integer.MAX_VALUE - 8;
        if (d.length != 0 && !matrix) {
          throw error(path, "tensor '" + t.name() + "' has shape " + t.shapeText() + ": autodiff holds scalars ([]) "
              + "and matrices ([rows, cols], each at least 1)");
        }
        shapes.put(t.name(), d.length == 0 ? Shape.scalar() : Shape.of((int) d[0], (int) d[1]));
      }
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Safetensors.Info t : h.tensors().values()) {
        out.put(t.name(), Tensor.of(shapes.get(t.name()), Safetensors.values(ch, h, t)));
      }
      return out;
    }
  }

  private static Safetensors.Header header(FileChannel ch, Path path) throws IOException {
    try {
      return Safetensors.readHeader(ch);
    } catch (ModelFileException e) {
      throw error(path, e.getMessage(), e);
    }
  }

  private static List<Parameter> tensorsOf(Model model) {
    List<Parameter> all = new ArrayList<>(model.network().parameters());
    all.addAll(model.network().state());
    return all;
  }

  /** The safetensors shape of {@code p}, as {@link Safetensors.Info#shapeText} writes it. */
  private static String shapeOf(Parameter p) {
    return p.shape().isScalar() ? "[]" : "[" + p.shape().rows() + ", " + p.shape().cols() + "]";
  }

  private static ModelFileException error(Path path, String message) {
    return new ModelFileException("weights file " + path + ": " + message);
  }

  private static ModelFileException error(Path path, String message, Throwable cause) {
    return new ModelFileException("weights file " + path + ": " + message, cause);
  }

  /** {@code s} as a JSON string: quotes and backslashes escaped, control characters as {@code \\u} escapes. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
