package dev.autodiff.nn.io;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.nn.Layer;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * How one layer type is saved in a {@link ModelFile}: a stable kind written in the file, the exact class it handles,
 * and its settings written and read back. Parameter and state values are not settings: {@link ModelFile} saves them
 * by name after the layer tree and checks them against what {@link #read} built. A layer owns its codec (built-in
 * ones are constants such as {@code Dense.CODEC}); register a custom layer's codec once with
 * {@link LayerCodecs#register}.
 *
 * <p>The settings a codec writes are part of the file format: once files exist, change them only under a new kind.
 *
 * @param <L> the layer type
 */
public interface LayerCodec<L extends Layer> {
  /** What a kind may look like: letters, digits, {@code . _ - :}, at most 100 characters. */
  Pattern KIND = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  /** The kind written in files, e.g. {@code "dense"}; custom layers should use a prefix, {@code "com.acme.swish"}. */
  String kind();

  /** The layer class this codec saves (exactly this class: subclasses need codecs of their own). */
  Class<L> layerClass();

  /** Writes {@code layer}'s settings (and its sub-layers, with {@link LayerWriter#writeLayer}). */
  void write(L layer, LayerWriter out) throws IOException;

  /**
   * Reads the settings {@link #write} wrote and builds the layer in {@link LayerReader#graph()}, its parameters and
   * state with the names they had. Before building large parameters, call {@link LayerReader#reserve} so a corrupt
   * size is refused before it is allocated.
   */
  L read(LayerReader in) throws IOException;

  /** Writes a layer's settings; see {@link LayerCodec#write}. */
  @FunctionalInterface
  interface Writer<L> {
    void write(L layer, LayerWriter out) throws IOException;
  }

  /** Reads a layer's settings and builds it; see {@link LayerCodec#read}. */
  @FunctionalInterface
  interface Reader<L> {
    L read(LayerReader in) throws IOException;
  }

  /** A codec from its kind, class, and two functions. */
  static <L extends Layer> LayerCodec<L> of(String kind, Class<L> layerClass, Writer<? super L> writer,
      Reader<? extends L> reader) {
    checkNotNull(kind, "layer codec: kind is null");
    checkArgument(KIND.matcher(kind).matches(),
        "layer codec: kind '%s' must be 1 to 100 letters, digits or . _ - :", kind);
    checkNotNull(layerClass, "layer codec %s: layer class is null", kind);
    checkNotNull(writer, "layer codec %s: writer is null", kind);
    checkNotNull(reader, "layer codec %s: reader is null", kind);
    return new LayerCodec<>() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public Class<L> layerClass() {
        return layerClass;
      }

      @Override
      public void write(L layer, LayerWriter out) throws IOException {
        checkNotNull(layer, "layer codec %s: write: layer is null", kind);
        checkNotNull(out, "layer codec %s: write: writer is null", kind);
        checkArgument(layerClass.isInstance(layer), "layer codec %s: write: '%s' is a %s, not a %s", kind,
            layer.describe(), layer.getClass().getName(), layerClass.getName());
        writer.write(layerClass.cast(layer), out);
      }

      @Override
      public L read(LayerReader in) throws IOException {
        checkNotNull(in, "layer codec %s: read: reader is null", kind);
        return reader.read(in);
      }

      @Override
      public String toString() {
        return "layer codec " + kind + " (" + layerClass.getName() + ")";
      }
    };
  }
}
