package dev.autodiff.nn.io;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Saves a model (architecture and parameters) to one file and loads it back, bit for bit.
 *
 * <p>Layout: the magic bytes {@code ADNN}, the format version (int), the input width, the layer tree (each layer a
 * kind and its settings), the parameters (name, shape, values as IEEE doubles), and a CRC-32 of everything before
 * it. Saving is atomic (temporary file, then rename): a failed save leaves the previous file intact. Loading checks
 * the magic, the version (a newer version is refused with a message saying so), the length and the checksum before
 * building anything, so a truncated or corrupted file is a clear {@link ModelFileException} and never a
 * half-loaded model. Built-in layers only: {@link Dense}, activations, dropout, PReLU, activity and contractive
 * penalties, and {@link Sequential} nesting them.
 */
public final class ModelFile {
  /** The format version this library writes and the newest it reads. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {'A', 'D', 'N', 'N'};

  private ModelFile() {}

  /** Saves {@code model} to {@code path} atomically. */
  public static void save(Model model, Path path) throws IOException {
    checkNotNull(model, "save: model is null");
    checkNotNull(path, "save: path is null");
    byte[] body = encode(model);
    AtomicFiles.write(path, body);
  }

  /** The file's bytes for {@code model}. */
  public static byte[] encode(Model model) throws IOException {
    checkNotNull(model, "encode: model is null");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(model.inputWidth());
    writeLayer(out, model.network());
    List<Parameter> ps = model.parameters();
    out.writeInt(ps.size());
    for (Parameter p : ps) {
      out.writeUTF(p.parameterName());
      Shape s = p.shape();
      out.writeInt(s.isScalar() ? -1 : s.rows());
      out.writeInt(s.isScalar() ? -1 : s.cols());
      for (int i = 0; i < s.size(); i++) {
        out.writeDouble(p.value().at(i));
      }
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    return bytes.toByteArray();
  }

  private static void writeLayer(DataOutputStream out, Layer layer) throws IOException {
    if (layer instanceof Sequential s) {
      out.writeUTF("sequential");
      out.writeInt(s.layers().size());
      for (Layer l : s.layers()) {
        writeLayer(out, l);
      }
    } else if (layer instanceof Dense d) {
      out.writeUTF("dense");
      out.writeUTF(d.name());
      out.writeInt(d.in());
      out.writeInt(d.out());
    } else if (layer instanceof Layers.ActivationLayer a) {
      out.writeUTF("activation");
      out.writeUTF(a.activation().spec());
    } else if (layer instanceof Layers.Dropout d) {
      out.writeUTF("dropout");
      out.writeDouble(d.rate());
    } else if (layer instanceof Layers.PRelu p) {
      out.writeUTF("prelu");
      out.writeUTF(p.name());
      out.writeInt(p.slopes().shape().cols());
    } else if (layer instanceof Layers.ActivityPenalty a) {
      out.writeUTF("activity");
      out.writeInt(a.norm());
      out.writeDouble(a.lambda());
    } else if (layer instanceof Layers.Contractive c) {
      out.writeUTF("contractive");
      out.writeDouble(c.lambda());
    } else {
      throw new IllegalArgumentException("save: cannot save layer '" + layer.describe() + "' ("
          + layer.getClass().getName() + "): only built-in layers can be saved");
    }
  }

  /** Loads a model saved by {@link #save}, in a new graph. */
  public static Model load(Path path) throws IOException {
    checkNotNull(path, "load: path is null");
    byte[] bytes = Files.readAllBytes(path);
    try {
      return decode(bytes);
    } catch (ModelFileException e) {
      throw new ModelFileException("model file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a model from the bytes of a model file. */
  public static Model decode(byte[] bytes) throws ModelFileException {
    checkNotNull(bytes, "decode: bytes are null");
    if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new ModelFileException("not an autodiff model file (no ADNN header)");
    }
    int version = ((bytes[4] & 0xff) << 24) | ((bytes[5] & 0xff) << 16) | ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
    if (version > VERSION) {
      throw new ModelFileException("format version " + version + " is newer than this library reads (up to "
          + VERSION + "); use a newer autodiff");
    }
    if (version < 1) {
      throw new ModelFileException("bad format version " + version);
    }
    if (bytes.length < 8 + 8) {
      throw new ModelFileException("truncated: " + bytes.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = 0;
    for (int i = bytes.length - 8; i < bytes.length; i++) {
      stored = (stored << 8) | (bytes[i] & 0xff);
    }
    if (stored != crc.getValue()) {
      throw new ModelFileException("checksum mismatch (the file is truncated or corrupted)");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 8, bytes.length - 16));
      int inputWidth = in.readInt();
      if (inputWidth <= 0) {
        throw new ModelFileException("bad input width " + inputWidth);
      }
      Graph g = Graph.create();
      Layer network = readLayer(in, g, 0);
      int count = in.readInt();
      List<Parameter> ps = network.parameters();
      if (count != ps.size()) {
        throw new ModelFileException("the file has " + count + " parameters, its layers make " + ps.size());
      }
      Map<String, Tensor> values = new HashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int rows = in.readInt();
        int cols = in.readInt();
        Shape s = rows == -1 && cols == -1 ? Shape.scalar() : Shape.of(rows, cols);
        double[] v = new double[s.size()];
        for (int k = 0; k < v.length; k++) {
          v[k] = in.readDouble();
        }
        values.put(name, Tensor.of(s, v));
      }
      if (in.available() != 0) {
        throw new ModelFileException(in.available() + " unexpected bytes after the parameters");
      }
      for (Parameter p : ps) {
        Tensor v = values.get(p.parameterName());
        if (v == null) {
          throw new ModelFileException("no values for parameter " + p.parameterName());
        }
        if (!v.shape().equals(p.shape())) {
          throw new ModelFileException("parameter " + p.parameterName() + " has shape " + v.shape() + ", its layer needs "
              + p.shape());
        }
        p.set(v);
      }
      return new Model(g, network, inputWidth);
    } catch (EOFException e) {
      throw new ModelFileException("truncated", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelFileException("malformed: " + e.getMessage(), e);
    }
  }

  private static Layer readLayer(DataInputStream in, Graph g, int depth) throws IOException {
    if (depth > 64) {
      throw new ModelFileException("layers nested too deeply");
    }
    String kind = in.readUTF();
    switch (kind) {
      case "sequential": {
        int n = in.readInt();
        if (n <= 0 || n > 100_000) {
          throw new ModelFileException("bad layer count " + n);
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          layers.add(readLayer(in, g, depth + 1));
        }
        return new Sequential(layers);
      }
      case "dense": {
        String name = in.readUTF();
        int inputs = in.readInt();
        int outputs = in.readInt();
        checkArgument(inputs > 0 && outputs > 0 && (long) inputs * outputs < 100_000_000L,
            "bad dense size %s x %s", inputs, outputs);
        return new Dense(g, name, inputs, outputs, Init.zeros(), new Random(0));
      }
      case "activation":
        return Layers.activation(Activation.parse(in.readUTF()));
      case "dropout":
        return Layers.dropout(in.readDouble());
      case "prelu": {
        String name = in.readUTF();
        int width = in.readInt();
        checkArgument(width > 0 && width < 100_000_000, "bad prelu width %s", width);
        return Layers.prelu(g, name, width, 0);
      }
      case "activity": {
        int norm = in.readInt();
        return norm == 1 ? Layers.activityL1(in.readDouble()) : norm == 2 ? Layers.activityL2(in.readDouble())
            : fail("bad activity norm " + norm);
      }
      case "contractive":
        return Layers.contractive(in.readDouble());
      default:
        throw new ModelFileException("unknown layer kind '" + kind + "'");
    }
  }

  private static Layer fail(String message) throws ModelFileException {
    throw new ModelFileException(message);
  }
}
