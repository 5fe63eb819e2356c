package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;

/**
 * The composites of core, in one place: functions built from primitives, with no derivative code of their own
 * (their gradients come from their parts). {@link Node}'s fluent methods delegate here.
 */
public final class Composites {
  private static final double INV_SQRT_2 = 1 / Math.sqrt(2);

  private Composites() {}

  /** GELU, {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2}: the exact form (PyTorch's default). */
  public static Node gelu(Node x) {
    checkNotNull(x, "gelu: x is null");
    return x.times(x.times(INV_SQRT_2).erf().plus(1)).times(0.5);
  }

  /** SiLU (swish), {@code x sigma(x)}. */
  public static Node silu(Node x) {
    checkNotNull(x, "silu: x is null");
    return x.times(x.sigmoid());
  }

  /** Leaky ReLU, {@code x} for {@code x > 0}, else {@code slope * x}; derivative {@code slope} at 0. */
  public static Node leakyRelu(Node x, double slope) {
    checkNotNull(x, "leakyRelu: x is null");
    return Where.select(x.gt(0), x, x.times(slope));
  }

  /** ELU, {@code x} for {@code x > 0}, else {@code alpha expm1(x)}; derivative {@code alpha} at 0 (PyTorch). */
  public static Node elu(Node x, double alpha) {
    checkNotNull(x, "elu: x is null");
    Node positive = x.gt(0);
    // NOTE: exp sees min(x, 0) (through where, not min, so the derivative at 0 is alpha, as in PyTorch): the
    // unselected branch must stay finite, or where's zero adjoint times an infinite exp' gives NaN.
    Node negativePart = Where.select(positive, x.graph().constant(0), x);
    // expm1, not exp(x) - 1, which cancels just below 0 (elu(-1e-17) would be 0)
    return Where.select(positive, x, negativePart.expm1().times(alpha));
  }

  /** The mean of all elements. */
  public static Node mean(Node x) {
    checkNotNull(x, "mean: x is null");
    return x.sum().div(x.shape().size());
  }

  /** The mean over an axis. */
  public static Node mean(Node x, Axis axis) {
    checkNotNull(x, "mean: x is null");
    checkNotNull(axis, "mean: axis is null");
    Shape s = x.shape();
    return x.sum(axis).div(s.isScalar() ? 1 : axis == Axis.ROWS ? s.rows() : s.cols());
  }

  /** The trace of a square matrix. */
  public static Node trace(Node x) {
    checkNotNull(x, "trace: x is null");
    Shape s = x.shape();
    checkArgument(!s.isScalar() && s.rows() == s.cols(), "trace: needs a square matrix, got %s", s);
    return x.times(x.graph().constant(Tensor.identity(s.rows()))).sum();
  }
}
