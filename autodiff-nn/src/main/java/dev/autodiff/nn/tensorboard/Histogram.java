package dev.autodiff.nn.tensorboard;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Tensor;
import java.util.Arrays;

/**
 * A histogram of numbers as TensorBoard's Histograms and Distributions tabs read it (TensorFlow's
 * {@code HistogramProto}): the count, sum, sum of squares, minimum and maximum, and counts in buckets.
 *
 * <p>The buckets are TensorFlow's default ones, so histograms of one tag line up from step to step: edges at
 * {@code ±1e-12 * 1.1^k} up to {@code ±1e20}, {@code 0}, and {@code ±Double.MAX_VALUE}. A value {@code v} counts in
 * the bucket whose upper edge is the smallest edge greater than {@code v} (bucket {@code i} holds
 * {@code limit(i-1) <= v < limit(i)}). As TensorFlow writes them, only the buckets from the lowest to the highest
 * non-empty one are kept, and a run of empty buckets between them is one bucket with count 0 whose upper edge is the
 * run's last: {@link #bucketLimits()} and {@link #bucketCounts()} are those parallel lists.
 */
public final class Histogram {
  /** TensorFlow's default bucket edges, ascending. */
  private static final double[] EDGES = defaultEdges();

  private final double min;
  private final double max;
  private final double count;
  private final double sum;
  private final double sumOfSquares;
  private final double[] limits;
  private final double[] counts;

  private Histogram(double min, double max, double count, double sum, double sumOfSquares, double[] limits,
      double[] counts) {
    this.min = min;
    this.max = max;
    this.count = count;
    this.sum = sum;
    this.sumOfSquares = sumOfSquares;
    this.limits = limits;
    this.counts = counts;
  }

  private static double[] defaultEdges() {
    int n = 0;
    for (double v = 1e-12; v < 1e20; v *= 1.1) {
      n++;
    }
    double[] edges = new double[2 * n + 3];
    int k = 0;
    // the same sequence of products as TensorFlow's, so the edges are bit-identical to its
    double[] positive = new double[n];
    for (double v = 1e-12; v < 1e20; v *= 1.1) {
      positive[k++] = v;
    }
    edges[0] = -Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      edges[1 + i] = -positive[n - 1 - i];
      edges[n + 2 + i] = positive[i];
    }
    edges[n + 1] = 0;
    edges[2 * n + 2] = Double.MAX_VALUE;
    return edges;
  }

  /** The histogram of a tensor's elements. */
  public static Histogram of(Tensor values) {
    checkNotNull(values, "histogram: values are null");
    return of(values.toArray());
  }

  /**
   * The histogram of {@code values}.
   *
   * @throws IllegalArgumentException when there are none, or one is NaN or infinite (naming its index)
   */
  public static Histogram of(double... values) {
    checkNotNull(values, "histogram: values are null");
    checkArgument(values.length > 0, "histogram: no values");
    double[] perBucket = new double[EDGES.length];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      checkArgument(Double.isFinite(v), "histogram: value %s is %s", (Integer) i, (Double) v);
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      squares += v * v;
      perBucket[bucketOf(v)]++;
    }
    int first = 0;
    while (perBucket[first] == 0) {
      first++;
    }
    int last = perBucket.length - 1;
    while (perBucket[last] == 0) {
      last--;
    }
    double[] limits = new double[last - first + 1];
    double[] counts = new double[limits.length];
    int n = 0;
    for (int b = first; b <= last; b++) {
      if (perBucket[b] == 0 && n > 0 && counts[n - 1] == 0) {
        limits[n - 1] = EDGES[b];  // the run of empty buckets grows
        continue;
      }
      limits[n] = EDGES[b];
      counts[n] = perBucket[b];
      n++;
    }
    return new Histogram(min, max, values.length, sum, squares, Arrays.copyOf(limits, n), Arrays.copyOf(counts, n));
  }

  /** The bucket of {@code v}: the first edge greater than {@code v}. */
  private static int bucketOf(double v) {
    int lo = 0;
    int hi = EDGES.length - 1;  // EDGES[last] = MAX_VALUE > every finite v but MAX_VALUE itself
    if (v >= EDGES[hi]) {
      return hi;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (EDGES[mid] > v) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** A histogram as read back from a file (no checks beyond the parallel lists' lengths). */
  static Histogram decoded(double min, double max, double count, double sum, double sumOfSquares, double[] limits,
      double[] counts) {
    checkArgument(limits.length == counts.length, "histogram: %s bucket limits for %s counts", limits.length,
        counts.length);
    return new Histogram(min, max, count, sum, sumOfSquares, limits.clone(), counts.clone());
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** How many values (TensorFlow's {@code num}). */
  public double count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  /** The sum of the values' squares (TensorFlow's {@code sum_squares}). */
  public double sumOfSquares() {
    return sumOfSquares;
  }

  /** The upper edge of each bucket kept, ascending (a copy). */
  public double[] bucketLimits() {
    return limits.clone();
  }

  /** The number of values in each bucket kept (a copy), parallel to {@link #bucketLimits()}. */
  public double[] bucketCounts() {
    return counts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && Double.compare(min, h.min) == 0 && Double.compare(max, h.max) == 0
        && Double.compare(count, h.count) == 0 && Double.compare(sum, h.sum) == 0
        && Double.compare(sumOfSquares, h.sumOfSquares) == 0 && Arrays.equals(limits, h.limits)
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new double[] {min, max, count, sum, sumOfSquares}) * 31 + Arrays.hashCode(limits);
  }

  @Override
  public String toString() {
    return "histogram of " + (long) count + " values in [" + min + ", " + max + "], sum " + sum + ", "
        + limits.length + " buckets";
  }
}
