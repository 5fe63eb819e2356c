package dev.autodiff.nn;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.ops.Images;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.nn.io.LayerCodec;

/**
 * Max pooling (Keras' {@code MaxPool2D}, which its summary calls {@code MaxPooling2D}): the largest value of each
 * channel in each window. Where a window's largest values tie, the gradient goes to the first of them in row-major
 * window order, as in PyTorch's {@code max_pool2d} (see {@link Images#maxPool}).
 */
public final class MaxPool2D extends Pooling {
  public static final LayerCodec<MaxPool2D> CODEC = Pooling.codec("maxpool2d", MaxPool2D.class, MaxPool2D::new);

  /** Max pooling of {@code input} images under {@code window}. */
  public MaxPool2D(Image input, Window window) {
    this("", input, window);
  }

  /** The same, named {@code name}: built in that graph scope, so drawings can collapse it. */
  public MaxPool2D(String name, Image input, Window window) {
    super("maxpool2d", name, input, window);
  }

  @Override
  public String kind() {
    return "MaxPooling2D";
  }

  @Override
  Node pool(Node x) {
    return Images.maxPool(x, input(), window());
  }
}
