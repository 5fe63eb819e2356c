package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.Random;

/**
 * Inputs and targets, one row per sample, checked when made: the same number of rows, at least one, and every
 * value finite (the message names the first bad row and column).
 */
public final class Dataset {
  private final Tensor inputs;
  private final Tensor targets;

  Dataset(Tensor inputs, Tensor targets) {
    this.inputs = inputs;
    this.targets = targets;
  }

  /** A dataset of {@code inputs} ({@code N x d}) and {@code targets} ({@code N x k}). */
  public static Dataset of(Tensor inputs, Tensor targets) {
    checkNotNull(inputs, "dataset: inputs are null");
    checkNotNull(targets, "dataset: targets are null");
    checkArgument(!inputs.shape().isScalar() && !targets.shape().isScalar(),
        "dataset: inputs and targets must be matrices (one row per sample), got %s and %s", inputs.shape(),
        targets.shape());
    checkArgument(inputs.rows() == targets.rows(), "dataset: %s input rows but %s target rows", inputs.rows(),
        targets.rows());
    checkFinite("input", inputs);
    checkFinite("target", targets);
    return new Dataset(inputs, targets);
  }

  /** From arrays: {@code inputs[n]} and {@code targets[n]} are sample {@code n}. */
  public static Dataset of(double[][] inputs, double[][] targets) {
    checkNotNull(inputs, "dataset: inputs are null");
    checkNotNull(targets, "dataset: targets are null");
    checkArgument(inputs.length > 0, "dataset: no samples");
    for (int i = 0; i < inputs.length; i++) {
      checkNotNull(inputs[i], "dataset: input row %s is null", i);
    }
    for (int i = 0; i < targets.length; i++) {
      checkNotNull(targets[i], "dataset: target row %s is null", i);
    }
    return of(Tensor.matrix(inputs), Tensor.matrix(targets));
  }

  /**
   * Class labels {@code 0..classes-1} as one-hot rows ({@code N x classes}).
   *
   * @throws IllegalArgumentException naming the first label out of range
   */
  public static Tensor oneHot(int[] labels, int classes) {
    checkNotNull(labels, "oneHot: labels are null");
    checkArgument(classes > 0, "oneHot: classes must be positive, got %s", classes);
    checkArgument(labels.length > 0, "oneHot: no labels");
    double[] v = new double[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      checkArgument(labels[i] >= 0 && labels[i] < classes, "oneHot: label %s of sample %s is outside 0..%s",
          labels[i], i, classes - 1);
      v[i * classes + labels[i]] = 1;
    }
    return Tensor.matrix(labels.length, classes, v);
  }

  private static void checkFinite(String what, Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      double v = t.at(i);
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("dataset: " + what + " row " + i / t.cols() + ", column " + i % t.cols()
            + " is " + v);
      }
    }
  }

  public Tensor inputs() {
    return inputs;
  }

  public Tensor targets() {
    return targets;
  }

  public int size() {
    return inputs.rows();
  }

  public int inputWidth() {
    return inputs.cols();
  }

  public int targetWidth() {
    return targets.cols();
  }

  /** The samples at {@code indices}, in that order. */
  public Dataset rows(int[] indices) {
    checkNotNull(indices, "dataset: indices are null");
    checkArgument(indices.length > 0, "dataset: no rows selected");
    return new Dataset(inputs.rows(indices), targets.rows(indices));
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
  public Dataset range(int from, int to) {
    checkArgument(from >= 0 && to <= size() && from < to, "dataset: range %s..%s outside 0..%s", from, to, size());
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return rows(idx);
  }

  /** A seeded random permutation of {@code 0..n-1} (Fisher–Yates). */
  public static int[] permutation(int n, Random random) {
    checkArgument(n >= 0, "permutation: n must not be negative, got %s", n);
    checkNotNull(random, "permutation: random is null");
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A training part and a validation part of a dataset. */
  public record Split(Dataset train, Dataset validation) {
    public Split {
      checkNotNull(train, "split: train is null");
      checkNotNull(validation, "split: validation is null");
    }
  }

  /**
   * Holds out {@code validationFraction} of the samples (shuffled by {@code seed}) for validation, as Keras's
   * {@code validation_split}: {@code validationSplit(0.2, seed)} keeps 80% for training and 20% for validation.
   */
  public Split validationSplit(double validationFraction, long seed) {
    checkArgument(validationFraction > 0 && validationFraction < 1,
        "dataset: validationSplit: the validation fraction must be in (0, 1), got %s", validationFraction);
    int validation = (int) Math.round(size() * validationFraction);
    checkArgument(validation >= 1 && validation < size(),
        "dataset: validationSplit: a validation fraction of %s leaves no samples on one side of %s",
        validationFraction, (Object) size());
    int[] p = permutation(size(), new Random(seed));
    int[] train = java.util.Arrays.copyOfRange(p, 0, size() - validation);
    int[] valid = java.util.Arrays.copyOfRange(p, size() - validation, size());
    return new Split(rows(train), rows(valid));
  }
}
