package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Repeats a value along its size-1 dimensions (or everywhere, for a scalar) to a larger shape. Its adjoint is the
 * incoming gradient itself: the gradient engine's one unbroadcasting step sums it back down.
 */
public record BroadcastTo(Shape target) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static BroadcastTo to(Shape target) {
    return new BroadcastTo(target);
  }

  public BroadcastTo {
    checkNotNull(target, "broadcast: target shape is null");
  }

  @Override
  public String opName() {
    return "broadcast";
  }

  @Override
  public Notation notation() {
    return Notation.function("broadcast", target.toString());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("broadcast", inputs, 1);
    Shape in = inputs.get(0);
    checkArgument(in.broadcastsTo(target), "broadcast: %s does not broadcast to %s", in, target);
    return target;
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.elementwise().broadcast(in[0], inShapes[0], out, outShape);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return inputs.get(0).shape().equals(target) ? inputs.get(0) : null;
  }
}
