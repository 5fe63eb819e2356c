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
  /** Rows shorter than this are broadcast a block at a time before a function runs (see {@link #zip}). */
  private static final int NARROW = 16;
  /** The elements of a broadcast block: scratch rows never grow past it for blocked broadcasts. */
  private static final int BLOCK = 4096;
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
      double[] s = spread(0, a[0], Math.min(n, BLOCK));
      for (int o = 0; o < n; o += BLOCK) {
        f.apply(s, 0, b, o, out, o, Math.min(BLOCK, n - o));
      }
      return;
    }
    if (b.length == 1 && a.length == n) {
      double[] s = spread(1, b[0], Math.min(n, BLOCK));
      for (int o = 0; o < n; o += BLOCK) {
        f.apply(a, o, s, 0, out, o, Math.min(BLOCK, n - o));
      }
      return;
    }
    int rows = outShape.rows();
    int cols = outShape.cols();
    if (cols < NARROW) {
      // short rows (a bias of a few channels): a call per row would cost more than the row, so broadcast blocks of
      // rows at a time and run the function over each block in one aligned loop; the scratch stays one block
      int block = Math.max(1, BLOCK / cols);
      for (int r0 = 0; r0 < rows; r0 += block) {
        int r1 = Math.min(rows, r0 + block);
        int length = (r1 - r0) * cols;
        boolean aWhole = a.length == n;
        boolean bWhole = b.length == n;
        f.apply(aWhole ? a : rowsOf(0, a, aShape, r0, r1, cols), aWhole ? r0 * cols : 0,
            bWhole ? b : rowsOf(1, b, bShape, r0, r1, cols), bWhole ? r0 * cols : 0, out, r0 * cols, length);
      }
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

  /** Rows {@code [r0, r1)} of {@code x} broadcast to {@code cols} columns, in a per-thread scratch block. */
  private static double[] rowsOf(int slot, double[] x, Shape shape, int r0, int r1, int cols) {
    double[][] scratch = SCRATCH.get();
    double[] s = scratch[slot];
    int length = (r1 - r0) * cols;
    if (s.length < length) {
      s = new double[Math.max(length, Math.min(BLOCK, 2 * s.length))];
      scratch[slot] = s;
    }
    int rs = shape.broadcastRowStride();
    boolean along = shape.broadcastColStride() == 1;
    for (int r = r0; r < r1; r++) {
      if (along) {
        System.arraycopy(x, r * rs, s, (r - r0) * cols, cols);
      } else {
        Arrays.fill(s, (r - r0) * cols, (r - r0 + 1) * cols, x[r * rs]);
      }
    }
    return s;
  }

  /** A per-thread scratch row for operand {@code slot}, its first {@code n} elements set to {@code value}. */
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
