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
 * Patches folded back onto their images (col2im): the adjoint of {@link Patches} with {@code fill = 0}. An
 * {@code (N*outH*outW) x (KH*KW*C)} patch matrix becomes an {@code N x (H*W*C)} batch of {@code image}s in which each
 * pixel holds the sum of the patch elements that read it (padding positions are dropped). Linear; its adjoint is
 * {@link Patches} with {@code fill = 0}.
 */
public record Fold(Image image, Window window, boolean channelMajor) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static Fold of(Image image, Window window, boolean channelMajor) {
    return new Fold(image, window, channelMajor);
  }

  public Fold {
    checkNotNull(image, "fold: image is null");
    checkNotNull(window, "fold: window is null");
    checkArgument(window.fits(image), "fold: a %s window does not fit a %s image", window, image);
  }

  @Override
  public Optional<Image> outputImage() {
    return Optional.of(image);
  }

  @Override
  public String opName() {
    return "fold";
  }

  @Override
  public Notation notation() {
    return Notation.function("fold", image.toString(), window.toString());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("fold", inputs, 1);
    Shape in = Checks.matrix("fold", inputs.get(0), "the input");
    Patches unfold = Patches.of(image, window, channelMajor, 0);
    checkArgument(in.cols() == unfold.patchSize() && in.rows() % unfold.rowsPerImage() == 0,
        "fold: patches of %s, a %s window over %s images needs %s columns and a multiple of %s rows", in, window,
        image, unfold.patchSize(), unfold.rowsPerImage());
    int n = in.rows() / unfold.rowsPerImage();
    checkArgument((long) n * image.columns() <= Integer.MAX_VALUE, "fold: %s images of %s are too many", n, image);
    return Shape.of(n, image.columns());
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.patches().fold(in[0], outShape.rows(), image, window, channelMajor, out);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad.graph().apply(Patches.of(image, window, channelMajor, 0), grad)};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    // NOTE: a 1x1 window of stride 1 reads each pixel once, in order, in either column order: a reshape
    boolean identity = window.height() == 1 && window.width() == 1 && window.strideRows() == 1
        && window.strideCols() == 1;
    return identity ? inputs.get(0).reshape(shape) : null;
  }
}
