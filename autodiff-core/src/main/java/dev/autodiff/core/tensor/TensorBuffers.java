package dev.autodiff.core.tensor;

import static dev.autodiff.core.Require.checkNotNull;

/**
 * Zero-copy access to tensor storage for the engine's executor and kernels.
 *
 * <p>This is the one door past {@link Tensor}'s copying factories. Arrays handed to {@link #wrap} must never be
 * written again, and arrays returned by {@link #array} must never be written at all; user code has no reason to
 * call either.
 */
public final class TensorBuffers {
  private TensorBuffers() {}

  /** The tensor's own storage, row-major; read only. */
  public static double[] array(Tensor t) {
    checkNotNull(t, "array: tensor is null");
    return t.buffer();
  }

  /** A tensor over {@code data} without a copy; the caller gives up the array. */
  public static Tensor wrap(Shape shape, double[] data) {
    checkNotNull(shape, "wrap: shape is null");
    checkNotNull(data, "wrap: data is null");
    if (data.length != shape.size()) {
      throw new IllegalArgumentException("wrap: shape " + shape + " needs " + shape.size() + " values, got " + data.length);
    }
    return Tensor.wrap(shape, data);
  }
}
