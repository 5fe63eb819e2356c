package dev.autodiff.nn;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.nn.io.LayerCodec;

/**
 * Keras' {@code Flatten}: the identity. A batch of images already is an {@code N x (H*W*C)} matrix (see
 * {@link dev.autodiff.core.tensor.Image}), in the order Keras flattens a channels-last batch, so nothing moves;
 * the layer is there so that a model reads like its Keras source and its summary shows where images end.
 */
public record Flatten() implements Layers.ShapePreserving {
  public static final LayerCodec<Flatten> CODEC = LayerCodec.of("flatten", Flatten.class, (f, out) -> { },
      in -> new Flatten());

  @Override
  public Node forward(Node x, Context ctx) {
    return checkNotNull(x, "flatten: input is null");
  }

  @Override
  public String describe() {
    return "flatten";
  }
}
