package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.nn.io.LayerCodec;
import java.util.ArrayList;
import java.util.List;

/** Layers applied one after another; itself a layer, so an encoder and a decoder compose into an autoencoder. */
public final class Sequential implements Layer {
  /** Saves the number of layers, then each layer through its own codec. */
  public static final LayerCodec<Sequential> CODEC = LayerCodec.of("sequential", Sequential.class, (s, out) -> {
    out.writeInt(s.layers.size());
    for (Layer l : s.layers) {
      out.writeLayer(l);
    }
  }, in -> {
    int n = in.readInt("the number of layers", 1, Integer.MAX_VALUE);
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      layers.add(in.readLayer());
    }
    return new Sequential(layers);
  });

  private final List<Layer> layers;

  public Sequential(List<? extends Layer> layers) {
    checkNotNull(layers, "sequential: layers are null");
    checkArgument(!layers.isEmpty(), "sequential: needs at least one layer");
    for (int i = 0; i < layers.size(); i++) {
      checkNotNull(layers.get(i), "sequential: layer %s is null", i);
    }
    this.layers = List.copyOf(layers);
  }

  public static Sequential of(Layer... layers) {
    checkNotNull(layers, "sequential: layers are null");
    return new Sequential(java.util.Arrays.asList(layers));
  }

  public List<Layer> layers() {
    return layers;
  }

  @Override
  public Node forward(Node x, Context ctx) {
    checkNotNull(ctx, "sequential: forward: context is null");
    Node h = x;
    for (Layer l : layers) {
      h = l.forward(h, ctx);
    }
    return h;
  }

  @Override
  public List<Parameter> parameters() {
    return Layer.parametersOf(layers);
  }

  @Override
  public List<Layer> children() {
    return layers;
  }

  @Override
  public int outputWidth(int inputWidth) {
    int w = inputWidth;
    for (Layer l : layers) {
      w = l.outputWidth(w);
    }
    return w;
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Layer l : layers) {
      parts.add(l.describe());
    }
    return String.join(", ", parts);
  }
}
