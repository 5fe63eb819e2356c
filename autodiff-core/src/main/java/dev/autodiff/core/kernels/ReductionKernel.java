package dev.autodiff.core.kernels;

import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;

/**
 * Reductions of row-major arrays: of everything ({@code axis == null}, one result), over {@link Axis#ROWS} (one
 * result per column, {@code 1 x n}) or over {@link Axis#COLUMNS} (one per row, {@code m x 1}); and the functions
 * along an axis that keep its length, {@link Normalizer}.
 */
public interface ReductionKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /** Writes the reduction {@code r} of {@code x} (of shape {@code shape}) over {@code axis} into {@code out}. */
  void reduce(Reducer r, Axis axis, double[] x, Shape shape, double[] out);

  /**
   * Writes {@code f} of {@code x} (of shape {@code shape}) along {@code axis} into {@code out}, of the same shape:
   * over everything ({@code axis == null}), down each column ({@code ROWS}) or along each row ({@code COLUMNS}).
   */
  void normalize(Normalizer f, Axis axis, double[] x, Shape shape, double[] out);
}
