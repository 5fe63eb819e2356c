package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * The losses of the lectures. Predictions and targets have one row per sample; each loss is the mean over the
 * samples of a per-sample loss (summed over a sample's outputs), so {@code mse} is
 * {@code 1/N sum_n ||y_hat_n - y_n||^2}. Composite losses are built from core ops; the numerically delicate ones
 * use the stable primitives (softplus, log-sum-exp) so that logits of 1000 do not overflow.
 */
public final class Losses {
  private Losses() {}

  /** The smallest probability cross-entropy on probabilities takes a log of (Keras's epsilon). */
  public static final double PROBABILITY_EPSILON = 1e-7;

  /** A loss's formula; serializable, so that built-in losses reach Spark's executors. */
  private interface LossFunction extends BiFunction<Node, Node, Node>, java.io.Serializable {}

  private record Named(String name, LossFunction f, TargetRule rule, int targetWidthDivisor)
      implements Loss, java.io.Serializable {
    @Override
    public Node apply(Node prediction, Node target) {
      checkNotNull(prediction, "%s: prediction is null", name);
      checkNotNull(target, "%s: target is null", name);
      checkArgument(!prediction.shape().isScalar() && !target.shape().isScalar(),
          "%s: prediction and target must be matrices (one row per sample), got %s and %s", name,
          prediction.shape(), target.shape());
      checkArgument(prediction.shape().rows() == target.shape().rows()
              && target.shape().cols() == prediction.shape().cols() / targetWidthDivisor,
          "%s: prediction %s and target %s do not fit", name, prediction.shape(), target.shape());
      return f.apply(prediction, target);
    }

    @Override
    public int targetCols(int predictionCols) {
      checkArgument(predictionCols % targetWidthDivisor == 0,
          "%s: prediction width %s must be a multiple of %s", name, predictionCols, targetWidthDivisor);
      return predictionCols / targetWidthDivisor;
    }

    @Override
    public void checkTargets(Tensor targets) {
      checkNotNull(targets, "%s: targets are null", name);
      rule.check(name, targets);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  private interface TargetRule extends java.io.Serializable {
    void check(String loss, Tensor targets);
  }

  private static final TargetRule ANY = (loss, t) -> {};

  private static final TargetRule PROBABILITIES = (loss, t) -> {
    for (int i = 0; i < t.size(); i++) {
      double v = t.at(i);
      checkArgument(v >= 0 && v <= 1, "%s: targets must be in [0, 1]; row %s has %s", loss, i / t.cols(), v);
    }
  };

  private static final TargetRule SIGNS = (loss, t) -> {
    for (int i = 0; i < t.size(); i++) {
      double v = t.at(i);
      checkArgument(v == 1 || v == -1, "%s: targets must be -1 or 1; row %s has %s", loss, i / t.cols(), v);
    }
  };

  private static final TargetRule ONE_HOT = (loss, t) -> {
    for (int r = 0; r < t.rows(); r++) {
      int ones = 0;
      for (int c = 0; c < t.cols(); c++) {
        double v = t.get(r, c);
        checkArgument(v == 0 || v == 1, "%s: targets must be one-hot rows; row %s has %s", loss, r, v);
        ones += v == 1 ? 1 : 0;
      }
      checkArgument(ones == 1, "%s: targets must be one-hot rows; row %s has %s ones", loss, r, ones);
    }
  };

  private static final TargetRule DISTRIBUTIONS = (loss, t) -> {
    PROBABILITIES.check(loss, t);
    for (int r = 0; r < t.rows(); r++) {
      double sum = 0;
      for (int c = 0; c < t.cols(); c++) {
        sum += t.get(r, c);
      }
      checkArgument(Math.abs(sum - 1) < 1e-9, "%s: each target row must sum to 1; row %s sums to %s", loss, r, sum);
    }
  };

  private static Loss loss(String name, TargetRule rule, LossFunction f) {
    return new Named(name, f, rule, 1);
  }

  /** Mean over samples of a per-sample sum over outputs. */
  private static Node perSample(Node elementwise) {
    return elementwise.sum(Axis.COLUMNS).mean();
  }

  // ---- regression ----

  /** Mean squared error {@code 1/N sum_n ||y_hat_n - y_n||^2} (scalar or vector targets). */
  public static Loss mse() {
    return loss("mse", ANY, (p, t) -> perSample(p.minus(t).square()));
  }

  /**
   * The lecture's error {@code E = 1/2 sum_j e_j^2} with {@code e_j = t_j - y_j} (formed target first, as the lecture
   * writes it), averaged over samples: half the {@link #mse()}, so that for one sample its gradient with respect to
   * the outputs is {@code -e} itself (the form backpropagation is taught in); over {@code N} samples, {@code -e/N}.
   */
  public static Loss halfSquaredError() {
    return loss("half-squared-error", ANY, (p, t) -> perSample(t.minus(p).square()).times(0.5));
  }

  /** Mean absolute error {@code 1/N sum_n |y_hat_n - y_n|_1}. */
  public static Loss mae() {
    return loss("mae", ANY, (p, t) -> perSample(p.minus(t).abs()));
  }

  /**
   * The asymmetric squared error {@code delta^2 (a [delta < 0] + b [delta >= 0])}, {@code delta = y_hat - y}:
   * under-prediction costs {@code a}, over-prediction {@code b} (both at least 0).
   */
  public static Loss asymmetricSquared(double a, double b) {
    checkArgument(a >= 0 && b >= 0 && Double.isFinite(a) && Double.isFinite(b),
        "asymmetricSquared: weights must be finite and >= 0, got a = %s, b = %s", a, b);
    return loss("asymmetric_squared(" + a + ", " + b + ")", ANY, (p, t) -> {
      Node d = p.minus(t);
      Node sq = d.square();
      return perSample(Autodiff.where(d.lt(0), sq.times(a), sq.times(b)));
    });
  }

  // ---- binary classification ----

  /** Binary cross-entropy of probabilities, {@code -(y log p + (1 - y) log(1 - p))}, p clipped to [eps, 1 - eps]. */
  public static Loss binaryCrossEntropy() {
    return weightedBce("binary_cross_entropy", 1, 1);
  }

  /** Weighted BCE: {@code -(beta y log p + (1 - y) log(1 - p))}, {@code beta > 0} weighs the positive class. */
  public static Loss weightedBinaryCrossEntropy(double beta) {
    checkArgument(beta > 0 && Double.isFinite(beta), "weightedBinaryCrossEntropy: beta must be > 0, got %s", beta);
    return weightedBce("weighted_binary_cross_entropy(" + beta + ")", beta, 1);
  }

  /** Balanced BCE: {@code -(beta y log p + (1 - beta)(1 - y) log(1 - p))}, {@code 0 < beta < 1}. */
  public static Loss balancedBinaryCrossEntropy(double beta) {
    checkArgument(beta > 0 && beta < 1, "balancedBinaryCrossEntropy: beta must be in (0, 1), got %s", beta);
    return weightedBce("balanced_binary_cross_entropy(" + beta + ")", beta, 1 - beta);
  }

  private static Loss weightedBce(String name, double positive, double negative) {
    return loss(name, PROBABILITIES, (p, t) -> {
      Node q = p.max(PROBABILITY_EPSILON).min(1 - PROBABILITY_EPSILON);
      Node pos = t.times(q.log()).times(positive);
      // log1p(-q), not log(1 - q): 1 - q rounds away the digits of a small q (BCE(p = 0, t = 0) = -log(1 - 1e-7))
      Node neg = t.rminus(1).times(q.neg().log1p()).times(negative);
      return perSample(pos.plus(neg).neg());
    });
  }

  /**
   * Binary cross-entropy from logits {@code z} (before the sigmoid), {@code -(y log sigmoid(z) + (1 - y)
   * log(1 - sigmoid(z)))}, as {@code y softplus(-z) + (1 - y) softplus(z)}: finite for any {@code z}, and a sum of
   * two non-negative terms, so nothing cancels ({@code softplus(z) - y z} loses everything at {@code z = 40},
   * {@code y = 1}); its gradient {@code (1 - y) sigmoid(z) - y sigmoid(-z)} is exact for targets 0 and 1.
   */
  public static Loss binaryCrossEntropyWithLogits() {
    return loss("binary_cross_entropy_with_logits", PROBABILITIES,
        (z, t) -> perSample(t.times(z.neg().softplus()).plus(t.rminus(1).times(z.softplus()))));
  }

  /** Hinge {@code [alpha - y g(x)]_+} for targets {@code y} in {-1, 1}; {@code alpha > 0} (baseline 1). */
  public static Loss hinge(double alpha) {
    checkArgument(alpha > 0 && Double.isFinite(alpha), "hinge: alpha must be > 0, got %s", alpha);
    return loss("hinge(" + alpha + ")", SIGNS, (g, y) -> perSample(y.times(g).rminus(alpha).relu()));
  }

  /** Hinge with {@code alpha = 1}. */
  public static Loss hinge() {
    return hinge(1);
  }

  // ---- multiclass ----

  /** Categorical cross-entropy of probabilities, {@code -sum_j y_j log p_j}, p clipped to [eps, 1]. */
  public static Loss categoricalCrossEntropy() {
    return loss("categorical_cross_entropy", DISTRIBUTIONS,
        (p, t) -> perSample(t.times(p.max(PROBABILITY_EPSILON).log()).neg()));
  }

  /**
   * Softmax followed by the negative log-likelihood, from logits, fused: {@code -sum_j y_j (s_j - logsumexp(s))}.
   * Stable for any logits (a logit of 1000 does not overflow). Targets are one-hot rows (or distributions).
   */
  public static Loss softmaxCrossEntropy() {
    return loss("softmax_cross_entropy", DISTRIBUTIONS,
        (s, t) -> perSample(t.times(s.logSoftmax(Axis.COLUMNS)).neg()));
  }

  /** Multiclass hinge, the lecture's first form: {@code [max_{c != y} g_c + alpha - g_y]_+}; one-hot targets. */
  public static Loss multiclassHingeMax(double alpha) {
    checkArgument(alpha > 0 && Double.isFinite(alpha), "multiclassHingeMax: alpha must be > 0, got %s", alpha);
    return loss("multiclass_hinge_max(" + alpha + ")", ONE_HOT, (g, y) -> {
      Graph graph = g.graph();
      Node gy = g.times(y).sum(Axis.COLUMNS);
      Node others = Autodiff.where(y.gt(0.5), graph.constant(-Double.MAX_VALUE), g);
      return others.amax(Axis.COLUMNS).plus(alpha).minus(gy).relu().mean();
    });
  }

  /** Multiclass hinge, the lecture's second form: {@code sum_{c != y} [g_c + alpha - g_y]_+}; one-hot targets. */
  public static Loss multiclassHingeSum(double alpha) {
    checkArgument(alpha > 0 && Double.isFinite(alpha), "multiclassHingeSum: alpha must be > 0, got %s", alpha);
    return loss("multiclass_hinge_sum(" + alpha + ")", ONE_HOT, (g, y) -> {
      Node gy = g.times(y).sum(Axis.COLUMNS);
      return perSample(g.plus(alpha).minus(gy).relu().times(y.rminus(1)));
    });
  }

  // ---- overlap (segmentation) ----

  /** Soft Dice loss {@code 1 - 2 sum(p y) / (sum p + sum y)} over the whole batch; targets in [0, 1]. */
  public static Loss dice() {
    return loss("dice", PROBABILITIES, (p, y) -> {
      Node inter = p.times(y).sum();
      return inter.times(2).div(p.sum().plus(y.sum()).plus(PROBABILITY_EPSILON)).rminus(1);
    });
  }

  /** Soft Jaccard loss {@code 1 - sum(p y) / (sum p + sum y - sum(p y))} over the whole batch. */
  public static Loss jaccard() {
    return loss("jaccard", PROBABILITIES, (p, y) -> {
      Node inter = p.times(y).sum();
      return inter.div(p.sum().plus(y.sum()).minus(inter).plus(PROBABILITY_EPSILON)).rminus(1);
    });
  }

  // ---- densities ----

  /**
   * Gaussian negative log-likelihood for a network with two heads: the prediction's first {@code k} columns are the
   * means, the last {@code k} the standard deviations (keep them positive, e.g. with a softplus head); the target
   * has {@code k} columns. Per sample: {@code sum_k log sigma + (y - mu)^2 / (2 sigma^2) + log(2 pi)/2}.
   */
  public static Loss gaussianNll() {
    return new Named("gaussian_nll", (p, y) -> {
      int k = p.shape().cols() / 2;
      Node mu = p.cols(0, k);
      Node sigma = p.cols(k, 2 * k);
      Node z = y.minus(mu).div(sigma);
      return perSample(sigma.log().plus(z.square().times(0.5)).plus(0.5 * Math.log(2 * Math.PI)));
    }, ANY, 2);
  }
}
