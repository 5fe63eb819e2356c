package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Window;
import java.util.List;
import java.util.Optional;

/**
 * {@code route(key, grad)}: the adjoint of {@link PoolSelect} in its values. Each window position's element of
 * {@code grad} ({@code N x (outH*outW*C)}) is added onto the pixel and channel that {@code key} selects there; every
 * other element is 0: an {@code N x (H*W*C)} batch. Constant in {@code key} almost everywhere, linear in
 * {@code grad}, whose adjoint is {@link PoolSelect}.
 */
public record PoolRoute(Image image, Window window) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static PoolRoute of(Image image, Window window) {
    return new PoolRoute(image, window);
  }

  public PoolRoute {
    checkNotNull(image, "poolroute: image is null");
    checkNotNull(window, "poolroute: window is null");
    checkArgument(window.fits(image), "poolroute: a %s window does not fit a %s image", window, image);
  }

  @Override
  public Optional<Image> inputImage(int input) {
    return Optional.of(input == 0 ? image : window.output(image, image.channels()));
  }

  @Override
  public Optional<Image> outputImage() {
    return Optional.of(image);
  }

  @Override
  public String opName() {
    return "poolroute";
  }

  @Override
  public Notation notation() {
    return Notation.function("poolroute", image.toString(), window.toString());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("poolroute", inputs, 2);
    Shape key = Checks.matrix("poolroute", inputs.get(0), "the key");
    checkArgument(key.cols() == image.columns(), "poolroute: key has %s columns, %s needs %s", key.cols(), image,
        image.columns());
    Shape pooled = Shape.of(key.rows(), window.output(image, image.channels()).columns());
    checkArgument(inputs.get(1).equals(pooled), "poolroute: grad is %s, a %s window over %s images needs %s",
        inputs.get(1), window, image, pooled);
    return key;
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.patches().route(in[0], in[1], inShapes[0].rows(), image, window, out);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node key = result.input(0);
    return new Node[] {null, needed[1] ? grad.graph().apply(PoolSelect.of(image, window), key, grad) : null};
  }

  @Override
  public Kink kink() {
    return Kink.AT_TIED_ELEMENTS;
  }
}
