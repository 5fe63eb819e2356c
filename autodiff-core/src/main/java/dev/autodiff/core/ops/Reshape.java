package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/** The same elements, in row-major order, under another shape with as many elements. Adjoint: reshaped back. */
public record Reshape(Shape target) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static Reshape to(Shape target) {
    return new Reshape(target);
  }

  public Reshape {
    checkNotNull(target, "reshape: target shape is null");
  }

  @Override
  public String opName() {
    return "reshape";
  }

  @Override
  public Notation notation() {
    return Notation.function("reshape", target.toString());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("reshape", inputs, 1);
    Shape in = inputs.get(0);
    checkArgument(in.size() == target.size(),
        "reshape: %s has %s elements, %s needs %s", in, in.size(), target, target.size());
    return target;
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    System.arraycopy(in[0], 0, out, 0, out.length);
  }

  @Override
  public boolean view() {
    return true;
  }

  @Override
  public Algebra algebra() {
    return Algebra.RESHAPE;
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad.reshape(result.input(0).shape())};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    Node x = inputs.get(0);
    if (x.shape().equals(target)) {
      return x;
    }
    return x.op() instanceof Reshape ? x.input(0).reshape(target) : null;
  }
}
