package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.MutableTensor;
import java.util.List;

/**
 * Gradient clipping, applied in place to a step's gradients before the optimizer sees them (and before coupled
 * weight decay is added, as PyTorch's {@code clip_grad_norm_} then {@code optimizer.step()} do).
 */
public abstract class Clipping {
  private Clipping() {}

  /** Clips the gradients in place; returns the global L2 norm they had before. */
  public abstract double apply(List<MutableTensor> gradients);

  /** No clipping. */
  public static Clipping none() {
    return NONE;
  }

  /**
   * Scales all gradients together by {@code maxNorm / (norm + 1e-6)} when their global L2 norm exceeds
   * {@code maxNorm} (PyTorch {@code clip_grad_norm_}): the direction is kept.
   */
  public static Clipping byNorm(double maxNorm) {
    checkArgument(maxNorm > 0 && Double.isFinite(maxNorm), "clipping: maxNorm must be positive, got %s", maxNorm);
    return new Clipping() {
      @Override
      public double apply(List<MutableTensor> gradients) {
        double norm = norm(checkGradients(gradients));
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1) {
          for (MutableTensor g : gradients) {
            double[] a = g.array();
            for (int k = 0; k < a.length; k++) {
              a[k] *= scale;
            }
          }
        }
        return norm;
      }

      @Override
      public String toString() {
        return "clip norm " + maxNorm;
      }
    };
  }

  /** Clamps every gradient element to {@code [-limit, limit]} (PyTorch {@code clip_grad_value_}). */
  public static Clipping byValue(double limit) {
    checkArgument(limit > 0 && Double.isFinite(limit), "clipping: limit must be positive, got %s", limit);
    return new Clipping() {
      @Override
      public double apply(List<MutableTensor> gradients) {
        double norm = norm(checkGradients(gradients));
        for (MutableTensor g : gradients) {
          double[] a = g.array();
          for (int k = 0; k < a.length; k++) {
            a[k] = Math.max(-limit, Math.min(limit, a[k]));
          }
        }
        return norm;
      }

      @Override
      public String toString() {
        return "clip value " + limit;
      }
    };
  }

  private static final Clipping NONE = new Clipping() {
    @Override
    public double apply(List<MutableTensor> gradients) {
      checkGradients(gradients);
      return Double.NaN;
    }

    @Override
    public String toString() {
      return "no clipping";
    }
  };

  static List<MutableTensor> checkGradients(List<MutableTensor> gradients) {
    checkNotNull(gradients, "clipping: gradients are null");
    for (MutableTensor g : gradients) {  // every step: a loop, not a stream
      checkArgument(g != null, "clipping: a gradient is null");
    }
    return gradients;
  }

  static double norm(List<MutableTensor> gradients) {
    double s = 0;
    for (MutableTensor g : gradients) {
      for (double v : g.array()) {
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }
}
