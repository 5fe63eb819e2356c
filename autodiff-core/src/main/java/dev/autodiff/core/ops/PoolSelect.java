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
 * {@code select(key, values)}: for each position of {@code window} over a batch of {@code image}s and each channel,
 * the element of {@code values} where {@code key} is largest in the window (the first of tied ones in row-major
 * window order, as PyTorch's {@code max_pool2d} picks; padding never wins): an {@code N x (outH*outW*C)} batch. Max
 * pooling is {@code select(x, x)}.
 *
 * <p>A primitive, not a composite of {@link Patches} and a row maximum, for speed: the composite unfolds every
 * window, copies it twice and runs four broadcast passes back, most of a small CNN's training step. Constant in
 * {@code key} (almost everywhere: it jumps where the largest element changes), linear in {@code values}, whose
 * adjoint is {@link PoolRoute}.
 */
public record PoolSelect(Image image, Window window) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static PoolSelect of(Image image, Window window) {
    return new PoolSelect(image, window);
  }

  public PoolSelect {
    checkNotNull(image, "poolselect: image is null");
    checkNotNull(window, "poolselect: window is null");
    checkArgument(window.fits(image), "poolselect: a %s window does not fit a %s image", window, image);
  }

  @Override
  public Optional<Image> inputImage(int input) {
    return Optional.of(image);
  }

  @Override
  public Optional<Image> outputImage() {
    return Optional.of(window.output(image, image.channels()));
  }

  @Override
  public String opName() {
    return "poolselect";
  }

  @Override
  public Notation notation() {
    return Notation.function("poolselect", image.toString(), window.toString());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("poolselect", inputs, 2);
    Shape key = Checks.matrix("poolselect", inputs.get(0), "the key");
    checkArgument(key.cols() == image.columns(), "poolselect: key has %s columns, %s needs %s", key.cols(), image,
        image.columns());
    checkArgument(inputs.get(1).equals(key), "poolselect: values are %s, the key %s", inputs.get(1), key);
    return Shape.of(key.rows(), window.output(image, image.channels()).columns());
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.patches().select(in[0], in[1], inShapes[0].rows(), image, window, out);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node key = result.input(0);
    return new Node[] {null, needed[1] ? grad.graph().apply(PoolRoute.of(image, window), key, grad) : null};
  }

  @Override
  public Kink kink() {
    return Kink.AT_TIED_ELEMENTS;
  }
}
