package dev.autodiff.nn.io;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.nn.Layer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;

/**
 * What a {@link LayerCodec} writes one layer's settings to: numbers, strings and sub-layers, read back in the same
 * order by {@link LayerReader}. Values are big-endian, as {@link DataOutputStream} writes them.
 */
public final class LayerWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(bytes);
  private final String kind;
  private final String path;
  private final int depth;
  private int children;

  LayerWriter(String kind, String path, int depth) {
    this.kind = kind;
    this.path = path;
    this.depth = depth;
  }

  /** Writes {@code root} and its sub-layers as format version 2 frames them: kind, settings length, settings. */
  static void writeTree(DataOutputStream target, Layer root) throws IOException {
    write(target, root, "network", 0);
  }

  public void writeInt(int value) throws IOException {
    out.writeInt(value);
  }

  public void writeDouble(double value) throws IOException {
    out.writeDouble(value);
  }

  public void writeBoolean(boolean value) throws IOException {
    out.writeBoolean(value);
  }

  /** Writes a string of at most 65,535 bytes in (modified) UTF-8, as {@link DataOutputStream#writeUTF} does. */
  public void writeString(String value) throws IOException {
    checkNotNull(value, "%s: writeString: value is null", this);
    try {
      out.writeUTF(value);
    } catch (UTFDataFormatException e) {
      throw new IllegalArgumentException(this + ": writeString: a string of " + value.length()
          + " characters is longer than 65,535 bytes in UTF-8", e);
    }
  }

  /** Writes a sub-layer through its registered codec; {@link LayerReader#readLayer} reads it back. */
  public void writeLayer(Layer layer) throws IOException {
    checkNotNull(layer, "%s: writeLayer: layer is null", this);
    write(out, layer, path + "[" + children++ + "]", depth + 1);
  }

  private static void write(DataOutputStream target, Layer layer, String path, int depth) throws IOException {
    if (depth > LayerReader.MAX_DEPTH) {
      throw new SaveError("save: layers nested deeper than " + LayerReader.MAX_DEPTH + " at " + path, null);
    }
    LayerCodec<Layer> codec = LayerCodecs.codecOf(layer).orElseThrow(() -> new SaveError(
        "save: cannot save layer '" + layer.describe() + "' (" + layer.getClass().getName() + ") at " + path
            + ": no codec is registered for its class; implement LayerCodec for it and register it once with "
            + "LayerCodecs.register(codec)", null));
    LayerWriter settings = new LayerWriter(codec.kind(), path, depth);
    try {
      codec.write(layer, settings);
    } catch (SaveError e) {
      throw e;  // a sub-layer's, already naming it
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new SaveError("save: cannot save layer '" + layer.describe() + "' at " + path + ": " + e.getMessage(), e);
    }
    settings.out.flush();
    target.writeUTF(codec.kind());
    target.writeInt(settings.bytes.size());
    settings.bytes.writeTo(target);
  }

  /** A layer that cannot be saved, its message naming it and where it is in the tree. */
  private static final class SaveError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SaveError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code "layer dense at network[0]"}: which layer of the file this writer writes. */
  @Override
  public String toString() {
    return "layer " + kind + " at " + path;
  }
}
