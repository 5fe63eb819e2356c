package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Select on a mask: {@code mask != 0 ? a : b} elementwise, all three broadcast together. The mask gets no
 * gradient; {@code a} gets the gradient where the mask holds, {@code b} where it does not.
 */
public enum Where implements Op {
  INSTANCE;

  /** {@code mask != 0 ? a : b}, elementwise with broadcasting. */
  public static Node select(Node mask, Node a, Node b) {
    dev.autodiff.core.Require.checkNotNull(mask, "where: mask is null");
    return mask.graph().apply(INSTANCE, mask, a, b);
  }

  @Override
  public boolean elementwise() {
    return true;
  }

  @Override
  public String opName() {
    return "where";
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("where", inputs, 3);
    Shape out = Shape.broadcast("where", inputs.get(0), Shape.broadcast("where", inputs.get(1), inputs.get(2)));
    // NOTE: broadcasting is not transitive: a 1x1 matrix broadcasts to a 1x3 row (as a column) and that row to 3x3,
    // but the 1x1 itself does not broadcast to 3x3 (only a scalar does); each input must broadcast to the result.
    for (int i = 0; i < 3; i++) {
      checkArgument(inputs.get(i).broadcastsTo(out), "where: input %s (%s) does not broadcast to the result %s"
          + " (shapes %s, %s, %s)", i, inputs.get(i), out, inputs.get(0), inputs.get(1), inputs.get(2));
    }
    return out;
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.elementwise().select(in[0], inShapes[0], in[1], inShapes[1], in[2], inShapes[2], out, outShape);
  }

  /** The mask jumps between its branches where it crosses zero. */
  @Override
  public Kink kink() {
    return Kink.AT_ZERO;
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node mask = result.input(0);
    Node zero = grad.graph().constant(0);
    return new Node[] {
      null,
      needed[1] ? select(mask, grad, zero) : null,
      needed[2] ? select(mask, zero, grad) : null
    };
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    Node mask = inputs.get(0);
    Node a = inputs.get(1);
    Node b = inputs.get(2);
    if (a == b && a.shape().equals(shape)) {
      return a;
    }
    if (mask.isConstant(0) && b.shape().equals(shape)) {
      return b;
    }
    if (mask.isConstant(1) && a.shape().equals(shape)) {
      return a;
    }
    return null;
  }
}
