package dev.autodiff.nn;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.ops.Images;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.nn.io.LayerCodec;

/**
 * Average pooling (Keras' {@code AveragePooling2D}): the mean of each channel in each window; with 'same' padding,
 * over the window's pixels inside the image (see {@link Images#avgPool}).
 */
public final class AveragePool2D extends Pooling {
  public static final LayerCodec<AveragePool2D> CODEC =
      Pooling.codec("averagepool2d", AveragePool2D.class, AveragePool2D::new);

  /** Average pooling of {@code input} images under {@code window}. */
  public AveragePool2D(Image input, Window window) {
    this("", input, window);
  }

  /** The same, named {@code name}: built in that graph scope, so drawings can collapse it. */
  public AveragePool2D(String name, Image input, Window window) {
    super("averagepool2d", name, input, window);
  }

  @Override
  public String kind() {
    return "AveragePooling2D";
  }

  @Override
  Node pool(Node x) {
    return Images.avgPool(x, input(), window());
  }
}
