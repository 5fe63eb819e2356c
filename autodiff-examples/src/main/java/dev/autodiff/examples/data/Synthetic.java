package dev.autodiff.examples.data;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.train.Dataset;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Seeded toy data sets: the logic gates, XOR, two moons, spirals and noisy 1-D functions. */
public final class Synthetic {
  private Synthetic() {}

  /** The four inputs of a two-input gate: 00, 01, 10, 11. */
  public static final double[][] PAIRS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

  /** A two-input truth table as a dataset; {@code outputs[k]} is the output for {@link #PAIRS}{@code [k]}. */
  public static Dataset gate(double... outputs) {
    double[][] y = new double[4][1];
    for (int k = 0; k < 4; k++) {
      y[k][0] = outputs[k];
    }
    return Dataset.of(PAIRS, y);
  }

  public static Dataset xor() {
    return gate(0, 1, 1, 0);
  }

  /** Two interleaving half circles with Gaussian noise; targets 0 and 1. */
  public static Dataset twoMoons(int n, double noise, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][2];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      boolean upper = i % 2 == 0;
      double t = Math.PI * r.nextDouble();
      x[i][0] = upper ? Math.cos(t) : 1 - Math.cos(t);
      x[i][1] = upper ? Math.sin(t) : 0.5 - Math.sin(t);
      x[i][0] += noise * r.nextGaussian();
      x[i][1] += noise * r.nextGaussian();
      y[i][0] = upper ? 0 : 1;
    }
    return Dataset.of(x, y);
  }

  /** {@code classes} interleaved spiral arms; one-hot targets. */
  public static Dataset spirals(int perClass, int classes, double noise, long seed) {
    Random r = new Random(seed);
    int n = perClass * classes;
    double[][] x = new double[n][2];
    int[] labels = new int[n];
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        int k = c * perClass + i;
        double radius = (double) i / perClass;
        double angle = c * 2 * Math.PI / classes + 4 * radius + noise * r.nextGaussian();
        x[k][0] = radius * Math.sin(angle);
        x[k][1] = radius * Math.cos(angle);
        labels[k] = c;
      }
    }
    return Dataset.of(Tensor.matrix(x), Dataset.oneHot(labels, classes));
  }

  /** {@code n} points {@code x} evenly in [from, to] with {@code y = f(x) + noise * N(0, 1)}. */
  public static Dataset function(DoubleUnaryOperator f, int n, double from, double to, double noise, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][1];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = n == 1 ? from : from + (to - from) * i / (n - 1);
      y[i][0] = f.applyAsDouble(x[i][0]) + noise * r.nextGaussian();
    }
    return Dataset.of(x, y);
  }
}
