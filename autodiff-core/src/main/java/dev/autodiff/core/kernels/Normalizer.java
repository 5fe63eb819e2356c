package dev.autodiff.core.kernels;

/**
 * The functions computed along an axis that keep its length (softmax, log-softmax), each written once here: from
 * {@code count} elements {@code x[start + k * stride]}, the results at the same positions of {@code out}.
 *
 * <p>Both shift by the maximum {@code m} and take {@code e^(x_j - m)} with {@link #expOfDifference}, which corrects
 * for the rounding of {@code x_j - m}: that rounding is an absolute error of up to {@code |x_j - m| 2^-53}, which
 * {@code exp} turns into a relative one, about 500 ulps at logits of +-300 if left alone.
 */
public enum Normalizer {
  /** {@code e^(x_j - m) / sum_i e^(x_i - m)}; NaN throughout if the maximum is NaN or infinite. */
  SOFTMAX {
    @Override public void apply(double[] x, int start, int stride, int count, double[] out) {
      double m = max(x, start, stride, count);
      if (!Double.isFinite(m)) {
        fill(out, start, stride, count, Double.NaN);
        return;
      }
      double sum = 0;
      double lost = 0;  // Neumaier's compensation: the sum rounds once, not once per term
      for (int k = 0, i = start; k < count; k++, i += stride) {
        double e = expOfDifference(x[i], m);
        out[i] = e;
        double t = sum + e;
        lost += Math.abs(sum) >= e ? (sum - t) + e : (e - t) + sum;
        sum = t;
      }
      sum += lost;
      for (int k = 0, i = start; k < count; k++, i += stride) {
        out[i] /= sum;
      }
    }
  },
  /**
   * {@code (x_j - m) - log1p(sum_{i != k} e^(x_i - m))} with {@code k} the first maximum: the sum leaves out the
   * maximum's exact 1, so that {@code log1p} keeps the digits of a small sum ({@code log(1 + e^-200)} is
   * {@code 1.4e-87}, not 0). NaN throughout if the maximum is NaN or infinite.
   */
  LOG_SOFTMAX {
    @Override public void apply(double[] x, int start, int stride, int count, double[] out) {
      double m = max(x, start, stride, count);
      if (!Double.isFinite(m)) {
        fill(out, start, stride, count, Double.NaN);
        return;
      }
      double log = Math.log1p(sumOfOthers(x, start, stride, count, m));
      for (int k = 0, i = start; k < count; k++, i += stride) {
        out[i] = (x[i] - m) - log;
      }
    }
  };

  /**
   * Writes the function of {@code x[start + k * stride]}, {@code k < count} ({@code count >= 1}), into the same
   * positions of {@code out}; {@code out} may be {@code x}.
   */
  public abstract void apply(double[] x, int start, int stride, int count, double[] out);

  /**
   * {@code e^(x - m)} to about an ulp for finite {@code x} and {@code m}: the difference is rounded to {@code d}, its
   * rounding error {@code r} is found exactly (Knuth's two-sum), and {@code e^(d + r) = e^d (1 + r)} to far below an
   * ulp, since {@code |r| <= ulp(d) / 2}.
   */
  static double expOfDifference(double x, double m) {
    double d = x - m;
    double e = Math.exp(d);
    if (!(d > -746) || d == 0) {
      return e;  // underflows anyway (and an infinite difference has no rounding error to correct), or exact
    }
    double back = d - x;
    double r = (x - (d - back)) + (-m - back);
    return e + e * r;
  }

  /** {@code sum e^(x_i - m)} over every element but the first that equals {@code m}, rounded once. */
  static double sumOfOthers(double[] x, int start, int stride, int count, double m) {
    double s = 0;
    double lost = 0;  // Neumaier's compensation
    boolean skipped = false;
    for (int k = 0, i = start; k < count; k++, i += stride) {
      if (!skipped && x[i] == m) {
        skipped = true;
      } else {
        double e = expOfDifference(x[i], m);
        double t = s + e;
        lost += s >= e ? (s - t) + e : (e - t) + s;
        s = t;
      }
    }
    return s + lost;
  }

  /** The largest element; NaN if any is NaN. */
  static double max(double[] x, int start, int stride, int count) {
    double m = Double.NEGATIVE_INFINITY;
    for (int k = 0, i = start; k < count; k++, i += stride) {
      double v = x[i];
      if (v != v) {
        return v;
      }
      m = Math.max(m, v);
    }
    return m;
  }

  private static void fill(double[] out, int start, int stride, int count, double v) {
    for (int k = 0, i = start; k < count; k++, i += stride) {
      out[i] = v;
    }
  }
}
