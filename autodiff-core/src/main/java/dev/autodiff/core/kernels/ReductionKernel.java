package dev.autodiff.core.kernels;

import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;

/**
 * Reductions of row-major arrays: of everything ({@code axis == null}, one result), over {@link Axis#ROWS} (one
 * result per column, {@code 1 x n}) or over {@link Axis#COLUMNS} (one per row, {@code m x 1}).
 */
public interface ReductionKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /** Writes the reduction {@code r} of {@code x} (of shape {@code shape}) over {@code axis} into {@code out}. */
  void reduce(Reducer r, Axis axis, double[] x, Shape shape, double[] out);
}
