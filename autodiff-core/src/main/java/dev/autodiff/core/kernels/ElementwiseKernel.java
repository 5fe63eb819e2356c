package dev.autodiff.core.kernels;

import dev.autodiff.core.tensor.Shape;

/**
 * Elementwise loops over row-major arrays: functions of one and two arguments (with broadcasting), selection on a
 * mask, powers and transposes. Ops say which function ({@link UnaryFunction}, {@link BinaryFunction}); a kernel
 * says how. The pure-Java kernel runs the functions' own loops; a SIMD or lower-precision kernel implements this
 * interface and is verified against that one, with no change to any op.
 *
 * <p>Shapes follow {@link Shape}'s broadcasting rules and have been checked when the node was built. Outputs are
 * fully overwritten; implementations may be called from many threads at once.
 */
public interface ElementwiseKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /** {@code out[k] = f(x[k])} for {@code k < n}. */
  void map(UnaryFunction f, double[] x, double[] out, int n);

  /** {@code out[k] = x[k]^p} for {@code k < n}, as {@link Math#pow}. */
  void power(double[] x, double p, double[] out, int n);

  /** {@code out = f(a, b)} elementwise, {@code a} and {@code b} broadcast to {@code outShape}. */
  void zip(BinaryFunction f, double[] a, Shape aShape, double[] b, Shape bShape, double[] out, Shape outShape);

  /** {@code out = mask != 0 ? a : b} elementwise, all three broadcast to {@code outShape}. */
  void select(double[] mask, Shape maskShape, double[] a, Shape aShape, double[] b, Shape bShape, double[] out,
      Shape outShape);

  /** {@code x} repeated along its size-1 dimensions (or everywhere, for a scalar) to {@code outShape}. */
  void broadcast(double[] x, Shape xShape, double[] out, Shape outShape);

  /** {@code out[j][i] = x[i][j]} for a {@code rows x cols} matrix {@code x}. */
  void transpose(double[] x, int rows, int cols, double[] out);
}
