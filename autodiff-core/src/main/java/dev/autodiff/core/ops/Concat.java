package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Matrices joined along an axis: stacked vertically along {@link Axis#ROWS}, side by side along
 * {@link Axis#COLUMNS}. Adjoint of each input: its slice of the gradient.
 */
public record Concat(Axis axis) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static Concat along(Axis axis) {
    return new Concat(axis);
  }

  public Concat {
    checkNotNull(axis, "concat: axis is null");
  }

  @Override
  public String opName() {
    return "concat";
  }

  @Override
  public Notation notation() {
    return Notation.function("concat", axis == Axis.ROWS ? "rows" : "cols");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    checkArgument(!inputs.isEmpty(), "concat: needs at least one input");
    Shape first = Checks.matrix("concat", inputs.get(0), "input 0");
    int total = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Shape s = Checks.matrix("concat", inputs.get(i), "input " + i);
      if (axis == Axis.ROWS) {
        checkArgument(s.cols() == first.cols(),
            "concat: along rows every input needs %s columns, input %s is %s", first.cols(), i, s);
        total += s.rows();
      } else {
        checkArgument(s.rows() == first.rows(),
            "concat: along columns every input needs %s rows, input %s is %s", first.rows(), i, s);
        total += s.cols();
      }
    }
    return axis == Axis.ROWS ? Shape.of(total, first.cols()) : Shape.of(first.rows(), total);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    if (axis == Axis.ROWS) {
      int offset = 0;
      for (double[] part : in) {
        System.arraycopy(part, 0, out, offset, part.length);
        offset += part.length;
      }
    } else {
      int cols = outShape.cols();
      int colOffset = 0;
      for (int i = 0; i < in.length; i++) {
        int w = inShapes[i].cols();
        for (int r = 0; r < outShape.rows(); r++) {
          System.arraycopy(in[i], r * w, out, r * cols + colOffset, w);
        }
        colOffset += w;
      }
    }
  }

  @Override
  public Algebra algebra() {
    return axis == Axis.ROWS ? Algebra.STACK_ROWS : Algebra.NONE;
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node[] out = new Node[result.arity()];
    int offset = 0;
    for (int i = 0; i < out.length; i++) {
      Shape s = result.input(i).shape();
      int extent = axis == Axis.ROWS ? s.rows() : s.cols();
      if (needed[i]) {
        out[i] = axis == Axis.ROWS ? grad.rows(offset, offset + extent) : grad.cols(offset, offset + extent);
      }
      offset += extent;
    }
    return out;
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return inputs.size() == 1 ? inputs.get(0) : null;
  }
}
