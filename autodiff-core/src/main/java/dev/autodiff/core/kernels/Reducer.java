package dev.autodiff.core.kernels;

/**
 * The reductions that kernels compute, each written once here: the result of {@code count} elements
 * {@code x[start + k * stride]}.
 */
public enum Reducer {
  SUM {
    @Override public double reduce(double[] x, int start, int stride, int count) {
      double s = 0;
      for (int k = 0, i = start; k < count; k++, i += stride) {
        s += x[i];
      }
      return s;
    }
  },
  /** The largest element; NaN if any element is NaN. */
  MAX {
    @Override public double reduce(double[] x, int start, int stride, int count) {
      return extremum(x, start, stride, count, true);
    }
  },
  /** The smallest element; NaN if any element is NaN. */
  MIN {
    @Override public double reduce(double[] x, int start, int stride, int count) {
      return extremum(x, start, stride, count, false);
    }
  },
  /**
   * {@code log(sum(exp(x)))} as {@code m + log1p(sum_{i != k} e^(x_i - m))}, {@code m} the maximum and {@code k} its
   * first index: no overflow, and {@code log1p} of the others' sum keeps the digits that {@code log(1 + s)} loses
   * ({@code logsumexp(0, -20, -37, -40)} to the last digit, {@code logsumexp(0, -300)} = 5e-131 rather than 0); each
   * {@code e^(x_i - m)} is corrected for the rounding of the difference ({@link Normalizer#expOfDifference}).
   */
  LOG_SUM_EXP {
    @Override public double reduce(double[] x, int start, int stride, int count) {
      double m = Normalizer.max(x, start, stride, count);
      if (Double.isInfinite(m) || Double.isNaN(m)) {
        return m;
      }
      return m + Math.log1p(Normalizer.sumOfOthers(x, start, stride, count, m));
    }
  };

  /** The reduction of {@code x[start + k * stride]} for {@code k < count} ({@code count >= 1}). */
  public abstract double reduce(double[] x, int start, int stride, int count);

  private static double extremum(double[] x, int start, int stride, int count, boolean max) {
    double best = x[start];
    for (int k = 1, i = start + stride; k < count; k++, i += stride) {
      double v = x[i];
      if (v != v) {
        return v;
      }
      if (max ? v > best : v < best) {
        best = v;
      }
    }
    return best;
  }
}
