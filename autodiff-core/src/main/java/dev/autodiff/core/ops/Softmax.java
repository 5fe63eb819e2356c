package dev.autodiff.core.ops;

import dev.autodiff.core.Require;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.kernels.Normalizer;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Softmax {@code e^(x_j) / sum_i e^(x_i)} or log-softmax {@code x_j - logsumexp(x)}, over everything
 * ({@code axis == null}) or along an axis ({@code COLUMNS}: each row, {@code ROWS}: each column).
 *
 * <p>Primitives because the composites lose digits: {@code exp(x - max)} rounds the difference first (500 ulps at
 * logits of +-300), and {@code x - logsumexp(x)} cancels ({@code log(1/2)} at logits (1000, 1000) to 13 digits; 0
 * instead of {@code -1.4e-87} at (1000, 800)). The kernel's forms ({@link Normalizer}) are exact to a few ulps.
 *
 * <p>Adjoints: {@code p (g - sum(g p))} for softmax, {@code g - p sum(g)} for log-softmax, {@code p} the softmax.
 * Both functions are unchanged by adding a constant to every element, so their adjoints sum to 0; at the largest
 * element, where {@code p} is nearly 1 and {@code g - p sum(g)} cancels, the adjoint is computed as minus the sum of
 * the others' (each of which is exact): {@code h - share sum(h)}, with {@code share} 1 at the maximum (split evenly at
 * ties) and {@code sum(h)}, 0 in exact arithmetic, carrying the others' sum. So the cross-entropy's gradient at
 * logits (1000, 800) is {@code (-1.4e-87, 1.4e-87)}, not {@code (0, 1.4e-87)}.
 */
public record Softmax(boolean log, Axis axis) implements Op {
  private static final Softmax ALL = new Softmax(false, null);
  private static final Softmax LOG_ALL = new Softmax(true, null);

  /** Softmax over all elements. */
  public static Softmax all() {
    return ALL;
  }

  /** Log-softmax over all elements. */
  public static Softmax logAll() {
    return LOG_ALL;
  }

  /** Softmax along {@code axis}. */
  public static Softmax over(Axis axis) {
    return new Softmax(false, Require.checkNotNull(axis, "softmax: axis is null"));
  }

  /** Log-softmax along {@code axis}. */
  public static Softmax logOver(Axis axis) {
    return new Softmax(true, Require.checkNotNull(axis, "logsoftmax: axis is null"));
  }

  @Override
  public String opName() {
    return log ? "logsoftmax" : "softmax";
  }

  @Override
  public Notation notation() {
    return Reduction.notation(opName(), axis);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity(opName(), inputs, 1);
    return inputs.get(0);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.reductions().normalize(log ? Normalizer.LOG_SOFTMAX : Normalizer.SOFTMAX, axis, in[0], inShapes[0], out);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node x = result.input(0);
    Node h = log ? grad.minus(x.graph().apply(axis == null ? all() : over(axis), x).times(sum(grad)))
        : result.times(grad.minus(sum(grad.times(result))));
    Node hits = x.eq(axis == null ? x.amax() : x.amax(axis));
    Node share = hits.div(sum(hits));
    return new Node[] {h.minus(share.times(sum(h)))};
  }

  private Node sum(Node n) {
    return axis == null ? n.sum() : n.sum(axis);
  }
}
