package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * A matrix placed at {@code (rowOffset, colOffset)} inside zeros of shape {@code target}: the adjoint of
 * {@link Slice}, whose adjoint in turn is the slice.
 */
public record Pad(int rowOffset, int colOffset, Shape target) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static Pad of(int rowOffset, int colOffset, Shape target) {
    return new Pad(rowOffset, colOffset, target);
  }

  public Pad {
    checkNotNull(target, "pad: target shape is null");
    checkArgument(rowOffset >= 0 && colOffset >= 0, "pad: negative offset (%s, %s)", rowOffset, colOffset);
  }

  @Override
  public String opName() {
    return "pad";
  }

  @Override
  public Notation notation() {
    return Notation.function("pad", rowOffset + "," + colOffset, target.toString());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("pad", inputs, 1);
    Shape in = Checks.matrix("pad", inputs.get(0), "the input");
    Checks.matrix("pad", target, "the target");
    checkArgument(rowOffset + in.rows() <= target.rows() && colOffset + in.cols() <= target.cols(),
        "pad: %s at (%s, %s) does not fit in %s", in, rowOffset, colOffset, target);
    return target;
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    java.util.Arrays.fill(out, 0.0);
    int w = inShapes[0].cols();
    for (int r = 0; r < inShapes[0].rows(); r++) {
      System.arraycopy(in[0], r * w, out, (r + rowOffset) * target.cols() + colOffset, w);
    }
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Shape in = result.input(0).shape();
    return new Node[] {grad.slice(rowOffset, rowOffset + in.rows(), colOffset, colOffset + in.cols())};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return inputs.get(0).shape().equals(target) ? inputs.get(0) : null;
  }
}
