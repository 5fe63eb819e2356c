package dev.autodiff.nn;


import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Tensor;
import java.util.Random;

/**
 * How a weight matrix ({@code fanIn x fanOut}) starts. Biases start at zero. All draws come from the
 * {@link Random} the model builder seeds, so the same seed gives the same weights.
 */
@FunctionalInterface
public interface Init {
  /** A {@code fanIn x fanOut} weight matrix. */
  Tensor weights(int fanIn, int fanOut, Random random);

  /**
   * A {@code rows x cols} weight matrix for a layer whose fans are not its shape: a convolution kernel is
   * {@code (KH*KW*C) x F} with fan-in {@code KH*KW*C} and fan-out {@code KH*KW*F}, as Keras counts them. The scaled
   * rules ({@link #xavier()}, {@link #he()}) use the fans; the default ignores them.
   */
  default Tensor weights(int rows, int cols, int fanIn, int fanOut, Random random) {
    checkArgument(fanIn >= 1 && fanOut >= 1, "init weights: fans must be at least 1: %s, %s", fanIn, fanOut);
    return weights(rows, cols, random);
  }

  /** Normal with mean 0 and standard deviation {@code std} (the lecture's default: {@code normal(0.1)}). */
  static Init normal(double std) {
    checkArgument(std > 0 && Double.isFinite(std), "init normal: std must be > 0, got %s", std);
    return (in, out, r) -> fill(in, out, r, () -> r.nextGaussian() * std);
  }

  /** Uniform on {@code [-limit, limit]}. */
  static Init uniform(double limit) {
    checkArgument(limit > 0 && Double.isFinite(limit), "init uniform: limit must be > 0, got %s", limit);
    return (in, out, r) -> fill(in, out, r, () -> (2 * r.nextDouble() - 1) * limit);
  }

  /** Xavier/Glorot uniform: {@code U[-sqrt(6 / (in + out)), sqrt(6 / (in + out))]}, for tanh and sigmoid layers. */
  static Init xavier() {
    return new Init() {
      @Override
      public Tensor weights(int in, int out, Random r) {
        return weights(in, out, in, out, r);
      }

      @Override
      public Tensor weights(int rows, int cols, int fanIn, int fanOut, Random r) {
        double limit = Math.sqrt(6.0 / ((double) fanIn + fanOut));
        return fill(rows, cols, r, () -> (2 * r.nextDouble() - 1) * limit);
      }
    };
  }

  /** He normal: {@code N(0, 2 / in)}, for ReLU layers. */
  static Init he() {
    return new Init() {
      @Override
      public Tensor weights(int in, int out, Random r) {
        return weights(in, out, in, out, r);
      }

      @Override
      public Tensor weights(int rows, int cols, int fanIn, int fanOut, Random r) {
        double std = Math.sqrt(2.0 / fanIn);
        return fill(rows, cols, r, () -> r.nextGaussian() * std);
      }
    };
  }

  /** All zeros (a network started this way cannot break symmetry; for tests and linear models). */
  static Init zeros() {
    return (in, out, r) -> {
      checkSize(in, out);
      return Tensor.zeros(dev.autodiff.core.tensor.Shape.of(in, out));
    };
  }

  /** Refuses sizes no weight matrix can have, before anything is allocated. */
  private static void checkSize(int in, int out) {
    checkArgument(in >= 1 && out >= 1, "init weights: sizes must be at least 1: %sx%s", in, out);
    checkArgument((long) in * out <= Integer.MAX_VALUE - 8,
        "init weights: %sx%s has more elements than a Java array can hold", in, out);
  }

  private static Tensor fill(int in, int out, Random r, java.util.function.DoubleSupplier s) {
    checkSize(in, out);
    checkNotNull(r, "init weights: random is null");
    double[] v = new double[in * out];
    for (int i = 0; i < v.length; i++) {
      v[i] = s.getAsDouble();
    }
    return Tensor.matrix(in, out, v);
  }
}
