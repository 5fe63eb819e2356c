package dev.autodiff.nn.io;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.nn.Layer;
import java.util.Optional;

/**
 * What a {@link LayerCodec} reads one layer's settings from, and builds the layer in: {@link #graph()}. Each
 * {@code what} names the value being read, for messages such as {@code layer dense at network[0]: inputs is -3,
 * must be in [1, 2147483647]}. In format version 2 every layer's settings are framed by their length, so a codec that
 * reads more or less than its writer wrote is refused, naming the layer.
 */
public final class LayerReader {
  /** Deeper nesting than this is refused: no sane model has it, and a corrupt file must not overflow the stack. */
  static final int MAX_DEPTH = 64;

  private final ModelBytes in;
  private final Graph graph;
  private final boolean framed;
  private final String kind;
  private final String path;
  private final int depth;
  private int children;

  LayerReader(ModelBytes in, Graph graph, boolean framed, String kind, String path, int depth) {
    this.in = in;
    this.graph = graph;
    this.framed = framed;
    this.kind = kind;
    this.path = path;
    this.depth = depth;
  }

  /** Reads the layer tree at {@code in}'s position (format version 2 frames each layer's settings). */
  static Layer readTree(ModelBytes in, Graph graph, boolean framed) throws ModelFileException {
    return read(in, graph, framed, "network", 0);
  }

  /** The graph to build the layer's parameters in. */
  public Graph graph() {
    return graph;
  }

  public int readInt(String what) throws ModelFileException {
    checkNotNull(what, "layer reader: readInt: what is null");
    return at(() -> in.readInt(what));
  }

  /** An int that must be in {@code [min, max]}. */
  public int readInt(String what, int min, int max) throws ModelFileException {
    int v = readInt(what);
    if (v < min || v > max) {
      throw error(what + " is " + v + ", must be in [" + min + ", " + max + "]");
    }
    return v;
  }

  public double readDouble(String what) throws ModelFileException {
    checkNotNull(what, "layer reader: readDouble: what is null");
    return at(() -> in.readDouble(what));
  }

  public boolean readBoolean(String what) throws ModelFileException {
    checkNotNull(what, "layer reader: readBoolean: what is null");
    return at(() -> in.readBoolean(what));
  }

  public String readString(String what) throws ModelFileException {
    checkNotNull(what, "layer reader: readString: what is null");
    return at(() -> in.readString(what));
  }

  /** Reads a sub-layer that {@link LayerWriter#writeLayer} wrote, through its registered codec. */
  public Layer readLayer() throws ModelFileException {
    return read(in, graph, framed, path + "[" + children++ + "]", depth + 1);
  }

  /**
   * Claims room in the file for {@code values} numbers the layer is about to allocate (its parameters and state),
   * so that a corrupt size is refused before anything is allocated; see {@link LayerCodec#read}.
   */
  public void reserve(String what, long values) throws ModelFileException {
    checkNotNull(what, "layer reader: reserve: what is null");
    at(() -> {
      in.reserve(what, values);
      return null;
    });
  }

  private static Layer read(ModelBytes in, Graph graph, boolean framed, String path, int depth)
      throws ModelFileException {
    if (depth > MAX_DEPTH) {
      throw new ModelFileException("layer at " + path + ": layers nested deeper than " + MAX_DEPTH);
    }
    String kind;
    int frameEnd = in.limit();
    try {
      kind = in.readString("a layer kind");
      if (framed) {
        int length = in.readInt("the settings length");
        if (length < 0 || length > in.remaining()) {
          throw new ModelFileException("settings length " + length + " with " + in.remaining() + " bytes left");
        }
        frameEnd = in.position() + length;
      }
    } catch (ModelFileException e) {
      throw new ModelFileException("layer at " + path + ": " + e.getMessage(), e);
    }
    Optional<LayerCodec<?>> codec = LayerCodecs.forKind(kind);
    if (codec.isEmpty()) {
      throw new ModelFileException("layer at " + path + ": unknown layer kind '" + kind + "' (a custom layer's codec "
          + "must be registered with LayerCodecs.register before loading)");
    }
    LayerReader reader = new LayerReader(in, graph, framed, kind, path, depth);
    int outerLimit = in.limit();
    in.limit(frameEnd);
    int start = in.position();
    Layer layer;
    try {
      layer = codec.get().read(reader);
    } catch (ModelFileException e) {
      throw e;
    } catch (java.io.IOException | IllegalArgumentException | IllegalStateException e) {
      throw reader.error(e.getMessage(), e);
    }
    if (layer == null || !codec.get().layerClass().isInstance(layer)) {
      throw reader.error("its codec returned " + (layer == null ? "null" : "a " + layer.getClass().getName())
          + ", not a " + codec.get().layerClass().getName());
    }
    if (framed && in.position() != frameEnd) {
      throw reader.error("its codec read " + (in.position() - start) + " of its " + (frameEnd - start)
          + " settings bytes");
    }
    in.limit(outerLimit);
    return layer;
  }

  private interface Read<T> {
    T get() throws ModelFileException;
  }

  /** Runs a read, its errors prefixed with this layer's kind and place. */
  private <T> T at(Read<T> read) throws ModelFileException {
    try {
      return read.get();
    } catch (ModelFileException e) {
      throw error(e.getMessage(), e);
    }
  }

  private ModelFileException error(String message) {
    return new ModelFileException(prefix() + message);
  }

  private ModelFileException error(String message, Throwable cause) {
    return new ModelFileException(prefix() + message, cause);
  }

  private String prefix() {
    return this + ": ";
  }

  /** {@code "layer dense at network[0]"}: which layer of the file this reader reads. */
  @Override
  public String toString() {
    return "layer " + kind + " at " + path;
  }
}
