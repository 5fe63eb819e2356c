package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Sum of all elements ({@code axis == null}) or over an axis. Adjoint: the gradient broadcast back to the input's
 * shape.
 */
public record Sum(Axis axis) implements Op {
  /** Sum of all elements. */
  public static final Sum ALL = new Sum(null);

  public static Sum over(Axis axis) {
    return new Sum(Objects.requireNonNull(axis, "sum: axis is null"));
  }

  @Override
  public String opName() {
    return "sum";
  }

  @Override
  public Notation notation() {
    return Reduction.notation("sum", axis);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return Reduction.shape("sum", axis, inputs);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Reduction r = Reduction.of(axis, inShapes[0]);
    double[] x = in[0];
    if (axis == Axis.ROWS && r.count > 1) {
      // down the columns: add whole rows, contiguous and vectorisable; each column still sums top to bottom
      int cols = r.groups;
      java.util.Arrays.fill(out, 0, cols, 0.0);
      for (int i = 0; i < r.count; i++) {
        int row = i * cols;
        for (int j = 0; j < cols; j++) {
          out[j] += x[row + j];
        }
      }
      return;
    }
    for (int g = 0; g < r.groups; g++) {
      double s = 0;
      for (int k = 0, i = r.start(g); k < r.count; k++, i += r.stride) {
        s += x[i];
      }
      out[g] = s;
    }
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad.broadcastTo(result.input(0).shape())};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return Reduction.identityIfTrivial(graph, inputs, shape);
  }
}
