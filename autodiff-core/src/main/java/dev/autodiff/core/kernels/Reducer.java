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
  /** {@code log(sum(exp(x)))} as {@code m + log(sum(exp(x - m)))} with {@code m} the maximum: no overflow. */
  LOG_SUM_EXP {
    @Override public double reduce(double[] x, int start, int stride, int count) {
      double m = Double.NEGATIVE_INFINITY;
      for (int k = 0, i = start; k < count; k++, i += stride) {
        m = Math.max(m, x[i]);
      }
      if (Double.isInfinite(m) || Double.isNaN(m)) {
        return m;
      }
      double s = 0;
      for (int k = 0, i = start; k < count; k++, i += stride) {
        s += Math.exp(x[i] - m);
      }
      return m + Math.log(s);
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
