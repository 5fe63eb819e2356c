package dev.autodiff.nn.io;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Model;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Saves a model (architecture, parameters and state) to one file and loads it back, bit for bit.
 *
 * <p>Layout (format version 2): the magic bytes {@code ADNN}, the format version (int), the input width, the layer
 * tree (each layer its {@link LayerCodec} kind, the length of its settings, and the settings its codec wrote, with
 * sub-layers nested inside), the parameters (count, then each one's name, trainable flag, shape and values as IEEE
 * doubles), the state values ({@link Layer#state()}, the same way), and a CRC-32 of everything before it. Version 1
 * files (no settings lengths, no trainable flags, no state) still load. Saving is atomic (temporary file, then
 * rename): a failed save leaves the previous file intact. Loading checks the magic, the version (a newer version is
 * refused with a message saying so), the length and the checksum before building anything, refuses a layer size that
 * the file has no room for before allocating it, and checks every value's name and shape against what the layers
 * built, so a truncated or corrupted file is a clear {@link ModelFileException} and never a half-loaded model. Any
 * layer whose codec is registered in {@link LayerCodecs} can be saved: every built-in layer, and custom ones.
 */
public final class ModelFile {
  /** The format version this library writes and the newest it reads. */
  public static final int VERSION = 2;

  private static final byte[] MAGIC = {'A', 'D', 'N', 'N'};
  private static final int HEADER = MAGIC.length + 4;
  private static final int CHECKSUM = 8;

  private ModelFile() {}

  /** Saves {@code model} to {@code path} atomically. */
  public static void save(Model model, Path path) throws IOException {
    checkNotNull(model, "save: model is null");
    checkNotNull(path, "save: path is null");
    byte[] body = encode(model);
    AtomicFiles.write(path, body);
  }

  /**
   * The file's bytes for {@code model}.
   *
   * @throws IllegalArgumentException if a layer has no registered codec (the message names it)
   */
  public static byte[] encode(Model model) throws IOException {
    checkNotNull(model, "encode: model is null");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(model.inputWidth());
    LayerWriter.writeTree(out, model.network());
    writeValues(out, model.network().parameters());
    writeValues(out, model.network().state());
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    return bytes.toByteArray();
  }

  private static void writeValues(DataOutputStream out, List<Parameter> values) throws IOException {
    out.writeInt(values.size());
    for (Parameter p : values) {
      out.writeUTF(p.parameterName());
      out.writeBoolean(p.isTrainable());
      Shape s = p.shape();
      out.writeInt(s.isScalar() ? -1 : s.rows());
      out.writeInt(s.isScalar() ? -1 : s.cols());
      Tensor v = p.value();
      for (int i = 0; i < s.size(); i++) {
        out.writeDouble(v.at(i));
      }
    }
  }

  /** Loads a model saved by {@link #save}, in a new graph. */
  public static Model load(Path path) throws IOException {
    checkNotNull(path, "load: path is null");
    if (!Files.isRegularFile(path)) {  // a device (a link to /dev/zero), a pipe or a folder has no size to trust
      throw new ModelFileException("model file " + path + ": not a regular file");
    }
    long size = Files.size(path);
    if (size > Integer.MAX_VALUE - 8) {
      throw new ModelFileException("model file " + path + ": " + size + " bytes is larger than a model file can be");
    }
    byte[] bytes;
    try (java.io.InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes((int) size);  // no more than the size said: a file that grows is not read on and on
      if (bytes.length != size || in.read() != -1) {
        throw new ModelFileException("model file " + path + ": it changed while it was read");
      }
    }
    try {
      return decode(bytes);
    } catch (ModelFileException e) {
      throw new ModelFileException("model file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a model from the bytes of a model file (format version 1 or 2). */
  public static Model decode(byte[] bytes) throws ModelFileException {
    checkNotNull(bytes, "decode: bytes are null");
    if (bytes.length < HEADER || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
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
    if (bytes.length < HEADER + CHECKSUM) {
      throw new ModelFileException("truncated: " + bytes.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - CHECKSUM);
    long stored = 0;
    for (int i = bytes.length - CHECKSUM; i < bytes.length; i++) {
      stored = (stored << 8) | (bytes[i] & 0xff);
    }
    if (stored != crc.getValue()) {
      throw new ModelFileException("checksum mismatch (the file is truncated or corrupted)");
    }
    ModelBytes in = new ModelBytes(bytes, HEADER, bytes.length - CHECKSUM);
    int inputWidth = in.readInt("the input width");
    if (inputWidth <= 0) {
      throw new ModelFileException("bad input width " + inputWidth);
    }
    Graph g = Graph.create();
    Layer network = LayerReader.readTree(in, g, version >= 2);
    Map<Parameter, Entry> values = new LinkedHashMap<>();
    readValues(in, "parameter", network.parameters(), version >= 2, values);
    if (version >= 2) {
      readValues(in, "state value", network.state(), true, values);
    }
    if (in.remaining() != 0) {
      throw new ModelFileException(in.remaining() + " unexpected bytes after the values");
    }
    values.forEach((p, e) -> {
      p.set(e.value());
      p.setTrainable(e.trainable());
    });
    try {
      return new Model(g, network, inputWidth);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException("the layers do not make a model: " + e.getMessage(), e);
    }
  }

  private record Entry(Tensor value, boolean trainable) {}

  /**
   * Reads one section of values: as many as the layers made, each named as one of them and of its shape. Nothing is
   * set until the whole file has been read.
   */
  private static void readValues(ModelBytes in, String what, List<Parameter> made, boolean withFlags,
      Map<Parameter, Entry> values) throws ModelFileException {
    Map<String, Parameter> byName = new LinkedHashMap<>();
    made.forEach(p -> byName.put(p.parameterName(), p));
    int count = in.readInt("the number of " + what + "s");
    if (count != made.size()) {
      throw new ModelFileException("the file has " + count + " " + what + "s, its layers make " + made.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String name = in.readString("the name of " + what + " " + i);
      Parameter p = byName.get(name);
      if (p == null) {
        throw new ModelFileException("the file has values for " + what + " '" + name + "', which its layers do not make"
            + " (they make " + new ArrayList<>(byName.keySet()) + ")");
      }
      if (!seen.add(name)) {
        throw new ModelFileException(what + " '" + name + "' appears twice");
      }
      boolean trainable = !withFlags || in.readBoolean("the trainable flag of " + name);
      int rows = in.readInt("the shape of " + name);
      int cols = in.readInt("the shape of " + name);
      Shape s = p.shape();
      boolean fits = s.isScalar() ? rows == -1 && cols == -1 : rows == s.rows() && cols == s.cols();
      if (!fits) {
        throw new ModelFileException(what + " " + name + " has shape " + (rows == -1 && cols == -1 ? "scalar"
            : rows + "x" + cols) + ", its layer needs " + s);
      }
      double[] v = new double[s.size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = in.readDouble("the values of " + name);
        if (!Double.isFinite(v[k])) {  // a model that can only predict NaN is refused, not loaded without a word
          throw new ModelFileException(name + " has " + v[k] + " at element " + k);
        }
      }
      values.put(p, new Entry(Tensor.of(s, v), trainable));
    }
  }
}
