package dev.autodiff.core.kernels;

import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.Arrays;

/**
 * The pure-Java elementwise and reduction kernel: the functions' own loops, with broadcasting done here, in one
 * place, around them.
 *
 * <p>A broadcast operand is read in place when it varies along the row (a full matrix, or a {@code 1 x n} row
 * repeated down the rows); a value constant along the row (a scalar, or one element of an {@code m x 1} column) is
 * first spread over a per-thread scratch row, so that every function needs only its one aligned loop and that loop
 * stays vectorisable.
 */
final class JavaLoops implements ElementwiseKernel, ReductionKernel {
  private static final int OPERANDS = 3;
  /** Rows shorter than this are broadcast whole before a function runs (see {@link #zip}). */
  private static final int NARROW = 16;
  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[OPERANDS][0]);

  @Override
  public String name() {
    return "java";
  }

  @Override
  public void map(UnaryFunction f, double[] x, double[] out, int n) {
    f.apply(x, out, n);
  }

  @Override
  public void power(double[] x, double p, double[] out, int n) {
    if (p == 2) {
      for (int k = 0; k < n; k++) {
        out[k] = x[k] * x[k];  // Math.pow(x, 2) is exactly x * x; the product is several times faster
      }
    } else {
      for (int k = 0; k < n; k++) {
        out[k] = Math.pow(x[k], p);
      }
    }
  }

  @Override
  public void zip(BinaryFunction f, double[] a, Shape aShape, double[] b, Shape bShape, double[] out,
      Shape outShape) {
    int n = out.length;
    if (a.length == n && b.length == n) {
      f.apply(a, 0, b, 0, out, 0, n);
      return;
    }
    if (a.length == 1 && b.length == n) {
      f.apply(spread(0, a[0], n), 0, b, 0, out, 0, n);
      return;
    }
    if (b.length == 1 && a.length == n) {
      f.apply(a, 0, spread(1, b[0], n), 0, out, 0, n);
      return;
    }
    int rows = outShape.rows();
    int cols = outShape.cols();
    if (cols < NARROW) {
      // short rows (pooling windows): a call per row would cost more than the row, so broadcast whole operands
      // once and run the function over everything in one aligned loop
      f.apply(whole(0, a, aShape, rows, cols), 0, whole(1, b, bShape, rows, cols), 0, out, 0, n);
      return;
    }
    int ar = aShape.broadcastRowStride();
    int br = bShape.broadcastRowStride();
    boolean aAlong = aShape.broadcastColStride() == 1;
    boolean bAlong = bShape.broadcastColStride() == 1;
    for (int r = 0; r < rows; r++) {
      double[] ra = aAlong ? a : spread(0, a[r * ar], cols);
      double[] rb = bAlong ? b : spread(1, b[r * br], cols);
      f.apply(ra, aAlong ? r * ar : 0, rb, bAlong ? r * br : 0, out, r * cols, cols);
    }
  }

  @Override
  public void select(double[] mask, Shape maskShape, double[] a, Shape aShape, double[] b, Shape bShape,
      double[] out, Shape outShape) {
    int rows = outShape.rows();
    int cols = outShape.cols();
    int mr = maskShape.broadcastRowStride();
    int ar = aShape.broadcastRowStride();
    int br = bShape.broadcastRowStride();
    boolean mAlong = maskShape.broadcastColStride() == 1;
    boolean aAlong = aShape.broadcastColStride() == 1;
    boolean bAlong = bShape.broadcastColStride() == 1;
    for (int r = 0; r < rows; r++) {
      double[] m = mAlong ? mask : spread(0, mask[r * mr], cols);
      double[] x = aAlong ? a : spread(1, a[r * ar], cols);
      double[] y = bAlong ? b : spread(2, b[r * br], cols);
      int mo = mAlong ? r * mr : 0;
      int xo = aAlong ? r * ar : 0;
      int yo = bAlong ? r * br : 0;
      int o = r * cols;
      for (int k = 0; k < cols; k++) {
        out[o + k] = m[mo + k] != 0 ? x[xo + k] : y[yo + k];
      }
    }
  }

  @Override
  public void broadcast(double[] x, Shape xShape, double[] out, Shape outShape) {
    broadcast(x, xShape, out, outShape.rows(), outShape.cols());
  }

  private static void broadcast(double[] x, Shape xShape, double[] out, int rows, int cols) {
    int rs = xShape.broadcastRowStride();
    boolean along = xShape.broadcastColStride() == 1;
    for (int r = 0; r < rows; r++) {
      if (along) {
        System.arraycopy(x, r * rs, out, r * cols, cols);
      } else {
        Arrays.fill(out, r * cols, (r + 1) * cols, x[r * rs]);
      }
    }
  }

  @Override
  public void transpose(double[] x, int rows, int cols, double[] out) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = x[i * cols + j];
      }
    }
  }

  @Override
  public void reduce(Reducer r, Axis axis, double[] x, Shape shape, double[] out) {
    if (axis == null || shape.isScalar()) {
      out[0] = r.reduce(x, 0, 1, x.length);
      return;
    }
    int rows = shape.rows();
    int cols = shape.cols();
    if (axis == Axis.COLUMNS) {
      for (int i = 0; i < rows; i++) {
        out[i] = r.reduce(x, i * cols, 1, cols);
      }
    } else if (r == Reducer.SUM && rows > 1) {
      // down the columns by whole rows, contiguous and vectorisable; each column still sums top to bottom
      Arrays.fill(out, 0, cols, 0.0);
      for (int i = 0; i < rows; i++) {
        BinaryFunction.ADD.apply(out, 0, x, i * cols, out, 0, cols);
      }
    } else {
      for (int j = 0; j < cols; j++) {
        out[j] = r.reduce(x, j, cols, rows);
      }
    }
  }

  @Override
  public void normalize(Normalizer f, Axis axis, double[] x, Shape shape, double[] out) {
    if (axis == null || shape.isScalar()) {
      f.apply(x, 0, 1, x.length, out);
    } else if (axis == Axis.COLUMNS) {
      for (int i = 0, cols = shape.cols(); i < shape.rows(); i++) {
        f.apply(x, i * cols, 1, cols, out);
      }
    } else {
      for (int j = 0, cols = shape.cols(); j < cols; j++) {
        f.apply(x, j, cols, shape.rows(), out);
      }
    }
  }

  /** A per-thread scratch row for operand {@code slot}, its first {@code n} elements set to {@code value}. */
  /** {@code x} broadcast to {@code rows x cols}: itself when it has that many elements, else a scratch copy. */
  private static double[] whole(int slot, double[] x, Shape shape, int rows, int cols) {
    int n = rows * cols;
    if (x.length == n) {
      return x;
    }
    double[][] scratch = SCRATCH.get();
    double[] s = scratch[slot];
    if (s.length < n) {
      s = new double[Math.max(n, 2 * s.length)];
      scratch[slot] = s;
    }
    broadcast(x, shape, s, rows, cols);
    return s;
  }

  private static double[] spread(int slot, double value, int n) {
    double[][] scratch = SCRATCH.get();
    double[] s = scratch[slot];
    if (s.length < n) {
      s = new double[Math.max(n, 2 * s.length)];
      scratch[slot] = s;
    }
    Arrays.fill(s, 0, n, value);
    return s;
  }
}
