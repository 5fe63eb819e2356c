package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Rows {@code [rowFrom, rowTo)} and columns {@code [colFrom, colTo)} of a matrix. Adjoint: the gradient placed
 * back at the same offsets in zeros of the input's shape ({@link Pad}).
 */
public record Slice(int rowFrom, int rowTo, int colFrom, int colTo) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static Slice of(int rowFrom, int rowTo, int colFrom, int colTo) {
    return new Slice(rowFrom, rowTo, colFrom, colTo);
  }

  public Slice {
    checkArgument(rowFrom >= 0 && rowTo > rowFrom && colFrom >= 0 && colTo > colFrom,
        "slice: empty or negative range: rows [%s, %s), cols [%s, %s)", rowFrom, rowTo, colFrom, colTo);
  }

  @Override
  public String opName() {
    return "slice";
  }

  @Override
  public Notation notation() {
    return Notation.function("slice", rowFrom + ":" + rowTo, colFrom + ":" + colTo);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("slice", inputs, 1);
    Shape in = Checks.matrix("slice", inputs.get(0), "the input");
    checkArgument(rowTo <= in.rows() && colTo <= in.cols(),
        "slice: rows [%s, %s) and cols [%s, %s) do not fit in %s", rowFrom, rowTo, colFrom, colTo, in);
    return Shape.of(rowTo - rowFrom, colTo - colFrom);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    int inCols = inShapes[0].cols();
    int w = colTo - colFrom;
    for (int r = rowFrom, o = 0; r < rowTo; r++, o += w) {
      System.arraycopy(in[0], r * inCols + colFrom, out, o, w);
    }
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad.graph().apply(Pad.of(rowFrom, colFrom, result.input(0).shape()), grad)};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return inputs.get(0).shape().equals(shape) ? inputs.get(0) : null;
  }
}
