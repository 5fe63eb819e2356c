package dev.autodiff.core.tensor.internal;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;

/**
 * Engine-internal, not API: zero-copy access to a {@link Tensor}'s storage for the executor, the constant folder and
 * parameter storage. The module does not export this package, and autodiff-nn and the examples never use it (a test
 * checks). Arrays handed to {@link #wrap} must never be written again; arrays from {@link #array} never at all.
 */
public final class TensorStorage {
  /** What the tensor package grants; installed once, by {@link Tensor} itself, when it is initialised. */
  public interface Access {
    double[] array(Tensor t);

    Tensor wrap(Shape shape, double[] data);
  }

  private static Access access;  // no initialiser: Tensor's initialisation may install it during ours

  static {
    try {
      Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());  // installs the access
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private TensorStorage() {}

  /** Called by {@link Tensor}'s initialiser; any later call is refused. */
  public static synchronized void install(Access a) {
    checkNotNull(a, "tensor storage: access is null");
    if (access != null) {
      throw new IllegalStateException("tensor storage: access is installed once, by Tensor");
    }
    access = a;
  }

  /** The tensor's own storage, row-major; read only. */
  public static double[] array(Tensor t) {
    return access.array(t);
  }

  /** A tensor over {@code data} without a copy; the caller gives up the array. */
  public static Tensor wrap(Shape shape, double[] data) {
    return access.wrap(shape, data);
  }
}
