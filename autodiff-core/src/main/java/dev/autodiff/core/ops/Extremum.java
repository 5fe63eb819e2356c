package dev.autodiff.core.ops;

import dev.autodiff.core.Require;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Reducer;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * The largest ({@code max}) or smallest element, of everything ({@code axis == null}) or over an axis.
 *
 * <p>NOTE: where several elements tie for the extremum, the gradient is shared evenly among them, the same
 * convention as PyTorch's {@code amax}/{@code amin}. A NaN element makes the result NaN.
 */
public record Extremum(boolean max, Axis axis) implements Op {
  private static final Extremum MAX_ALL = new Extremum(true, null);
  private static final Extremum MIN_ALL = new Extremum(false, null);

  /** The largest of all elements. */
  public static Extremum amax() {
    return MAX_ALL;
  }

  /** The smallest of all elements. */
  public static Extremum amin() {
    return MIN_ALL;
  }

  public static Extremum amax(Axis axis) {
    return new Extremum(true, Require.checkNotNull(axis, "amax: axis is null"));
  }

  public static Extremum amin(Axis axis) {
    return new Extremum(false, Require.checkNotNull(axis, "amin: axis is null"));
  }

  @Override
  public String opName() {
    return max ? "amax" : "amin";
  }

  @Override
  public Notation notation() {
    return Reduction.notation(opName(), axis);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return Reduction.shape(opName(), axis, inputs);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.reductions().reduce(max ? Reducer.MAX : Reducer.MIN, axis, in[0], inShapes[0], out);
  }

  @Override
  public Kink kink() {
    return Kink.AT_TIED_ELEMENTS;
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node x = result.input(0);
    Node hits = x.eq(result);
    Node count = axis == null ? hits.sum() : hits.sum(axis);
    return new Node[] {grad.times(hits).div(count)};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return Reduction.identityIfTrivial(graph, inputs, shape);
  }
}
