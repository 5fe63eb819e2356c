package dev.autodiff.core.ops;

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
    return Shape.broadcast("where", inputs.get(0), Shape.broadcast("where", inputs.get(1), inputs.get(2)));
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
