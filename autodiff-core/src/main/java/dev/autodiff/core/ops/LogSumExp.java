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
 * {@code log(sum(exp(x)))} of everything or over an axis. A primitive because the composite overflows: computed as
 * {@code m + log(sum(exp(x - m)))} with {@code m} the maximum. Adjoint: {@code grad * exp(x - result)}, the softmax.
 */
public record LogSumExp(Axis axis) implements Op {
  public static final LogSumExp ALL = new LogSumExp(null);

  public static LogSumExp over(Axis axis) {
    return new LogSumExp(Objects.requireNonNull(axis, "logsumexp: axis is null"));
  }

  @Override
  public String opName() {
    return "logsumexp";
  }

  @Override
  public Notation notation() {
    return Reduction.notation("logsumexp", axis);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return Reduction.shape("logsumexp", axis, inputs);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Reduction r = Reduction.of(axis, inShapes[0]);
    double[] x = in[0];
    for (int g = 0; g < r.groups; g++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int k = 0, i = r.start(g); k < r.count; k++, i += r.stride) {
        m = Math.max(m, x[i]);
      }
      if (Double.isInfinite(m) || Double.isNaN(m)) {
        out[g] = m;
        continue;
      }
      double s = 0;
      for (int k = 0, i = r.start(g); k < r.count; k++, i += r.stride) {
        s += Math.exp(x[i] - m);
      }
      out[g] = m + Math.log(s);
    }
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    // The gradient is softmax(x): exp(x - max) / sum(exp(x - max)), whose shift is exact, rather than
    // exp(x - logsumexp(x)), which loses about three digits for logits near -1000.
    Node x = result.input(0);
    Node e = axis == null ? x.minus(x.maxValue()).exp() : x.minus(x.maxValue(axis)).exp();
    Node softmax = e.div(axis == null ? e.sum() : e.sum(axis));
    return new Node[] {grad.times(softmax)};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return Reduction.identityIfTrivial(graph, inputs, shape);
  }
}
