package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
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
 * The patches of a batch of images (im2col): an {@code N x (H*W*C)} batch of {@code image}s becomes an
 * {@code (N*outH*outW) x (KH*KW*C)} matrix with one row per position of {@code window} and one column per element
 * of the window, in channels-last order ({@code (kh*KW + kw)*C + c}) or, with {@code channelMajor}, channel by
 * channel ({@code (c*KH + kh)*KW + kw}); padding reads {@code fill}. Linear in its input (affine where it pads with
 * a non-zero {@code fill}); its adjoint is {@link Fold}, which sums each patch element back onto the pixel it
 * came from.
 */
public record Patches(Image image, Window window, boolean channelMajor, double fill) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static Patches of(Image image, Window window, boolean channelMajor, double fill) {
    return new Patches(image, window, channelMajor, fill);
  }

  public Patches {
    checkNotNull(image, "patches: image is null");
    checkNotNull(window, "patches: window is null");
    checkArgument(!Double.isNaN(fill) && !Double.isInfinite(fill), "patches: fill must be finite, got %s", fill);
    checkArgument(window.fits(image), "patches: a %s window does not fit a %s image", window, image);
    Image out = window.output(image, 1);
    checkArgument(Image.product(out.pixels(), window.height(), window.width(), image.channels())
        <= Integer.MAX_VALUE,
        "patches: the patches of one %s image under a %s window have more than %s elements", image, window,
        Integer.MAX_VALUE);
  }

  /** The number of patch rows per image, {@code outH*outW}. */
  public int rowsPerImage() {
    return window.output(image, 1).pixels();
  }

  /** The number of elements of one patch, {@code KH*KW*C}. */
  public int patchSize() {
    return window.height() * window.width() * image.channels();
  }

  @Override
  public Optional<Image> inputImage(int input) {
    return Optional.of(image);
  }

  @Override
  public String opName() {
    return "patches";
  }

  @Override
  public Notation notation() {
    return Notation.function("patches", image.toString(), window.toString());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("patches", inputs, 1);
    Shape in = Checks.matrix("patches", inputs.get(0), "the input");
    checkArgument(in.cols() == image.columns(), "patches: input has %s columns, %s needs %s", in.cols(), image,
        image.columns());
    long rows = (long) in.rows() * rowsPerImage();
    checkArgument(Image.product(rows, patchSize()) <= Integer.MAX_VALUE,
        "patches: %s images of %s under a %s window make more than %s elements", in.rows(), image, window,
        Integer.MAX_VALUE);
    return Shape.of((int) rows, patchSize());
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.patches().unfold(in[0], inShapes[0].rows(), image, window, channelMajor, fill, out);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad.graph().apply(Fold.of(image, window, channelMajor), grad)};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    // NOTE: a 1x1 window of stride 1 reads each pixel once, in order, in either column order: a reshape
    boolean identity = window.height() == 1 && window.width() == 1 && window.strideRows() == 1
        && window.strideCols() == 1;
    return identity ? inputs.get(0).reshape(shape) : null;
  }
}
