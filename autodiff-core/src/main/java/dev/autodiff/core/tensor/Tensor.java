package dev.autodiff.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.internal.TensorStorage;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable value: a {@link Shape} and its elements in row-major order, in double precision.
 *
 * <p>Factories copy the arrays they are given, and accessors return copies, so a tensor never changes. Storage that
 * the library rewrites on purpose (a program's reused outputs, a batch buffer) is a {@link MutableTensor} instead.
 */
public final class Tensor {
  static {
    TensorStorage.install(new TensorStorage.Access() {
      @Override
      public double[] array(Tensor t) {
        checkNotNull(t, "tensor storage: tensor is null");
        return t.data;
      }

      @Override
      public Tensor wrap(Shape shape, double[] data) {
        checkNotNull(shape, "tensor storage: shape is null");
        checkNotNull(data, "tensor storage: data is null");
        checkArgument(data.length == shape.size(), "tensor storage: shape %s needs %s values, got %s", shape,
            shape.size(), data.length);
        return new Tensor(shape, data);
      }
    });
  }

  private final Shape shape;
  private final double[] data;

  private Tensor(Shape shape, double[] data) {
    this.shape = shape;
    this.data = data;
  }

  /** A scalar. */
  public static Tensor scalar(double value) {
    return new Tensor(Shape.scalar(), new double[] {value});
  }

  /** A tensor of the given shape from its elements in row-major order. */
  public static Tensor of(Shape shape, double... values) {
    checkNotNull(shape, "tensor: shape is null");
    checkNotNull(values, "tensor: values are null");
    checkArgument(values.length == shape.size(),
        "tensor: shape %s needs %s values, got %s", shape, shape.size(), values.length);
    return new Tensor(shape, values.clone());
  }

  /** A {@code rows x cols} matrix from its elements in row-major order. */
  public static Tensor matrix(int rows, int cols, double... values) {
    return of(Shape.of("tensor: matrix", rows, cols), values);
  }

  /** A matrix from its rows; every row must have the same length. */
  public static Tensor matrix(double[][] rows) {
    checkNotNull(rows, "tensor: rows are null");
    checkArgument(rows.length > 0, "tensor: a matrix needs at least one row");
    checkNotNull(rows[0], "tensor: row 0 is null");
    int cols = rows[0].length;
    double[] data = new double[Math.multiplyExact(rows.length, cols)];
    for (int r = 0; r < rows.length; r++) {
      checkNotNull(rows[r], "tensor: row %s is null", r);
      checkArgument(rows[r].length == cols,
          "tensor: ragged rows: row 0 has %s values, row %s has %s", cols, r, rows[r].length);
      System.arraycopy(rows[r], 0, data, r * cols, cols);
    }
    return new Tensor(Shape.of(rows.length, cols), data);
  }

  /** An {@code n x 1} column vector. */
  public static Tensor column(double... values) {
    checkNotNull(values, "tensor: values are null");
    return of(Shape.column(values.length), values);
  }

  /** A {@code 1 x n} row vector. */
  public static Tensor row(double... values) {
    checkNotNull(values, "tensor: values are null");
    return of(Shape.row(values.length), values);
  }

  /** A tensor of the given shape with every element equal to {@code value}. */
  public static Tensor filled(Shape shape, double value) {
    checkNotNull(shape, "tensor: shape is null");
    double[] data = new double[shape.size()];
    Arrays.fill(data, value);
    return new Tensor(shape, data);
  }

  public static Tensor zeros(Shape shape) {
    return filled(shape, 0.0);
  }

  public static Tensor ones(Shape shape) {
    return filled(shape, 1.0);
  }

  /** The {@code n x n} identity matrix. */
  public static Tensor identity(int n) {
    Shape shape = Shape.of("tensor: identity", n, n);
    double[] data = new double[shape.size()];
    for (int i = 0; i < n; i++) {
      data[i * n + i] = 1.0;
    }
    return new Tensor(shape, data);
  }

  /** A tensor of the given shape whose element {@code index} (row-major) is 1 and all others 0. */
  public static Tensor oneHot(Shape shape, int index) {
    checkNotNull(shape, "tensor: shape is null");
    checkArgument(index >= 0 && index < shape.size(), "oneHot: index %s is outside [0, %s) of %s", index,
        shape.size(), shape);
    double[] data = new double[shape.size()];
    data[index] = 1.0;
    return new Tensor(shape, data);
  }

  /** Wraps {@code data} without copying; only for the library's own buffers, which are never written again. */
  static Tensor wrap(Shape shape, double[] data) {
    return new Tensor(shape, data);
  }

  /** Direct access for the library's own kernels; callers must not write to the array. */
  double[] buffer() {
    return data;
  }

  public Shape shape() {
    return shape;
  }

  public int size() {
    return data.length;
  }

  public int rows() {
    return shape.rows();
  }

  public int cols() {
    return shape.cols();
  }

  /** The single element of a scalar or a {@code 1 x 1} matrix. */
  public double item() {
    checkArgument(data.length == 1, "tensor: item() needs one element, shape is %s", shape);
    return data[0];
  }

  /** The element at {@code (row, col)}. */
  public double get(int row, int col) {
    checkArgument(row >= 0 && row < shape.rows() && col >= 0 && col < shape.cols(),
        "tensor: get(%s, %s) is outside the %s shape", row, col, shape);
    return data[row * shape.cols() + col];
  }

  /** The element at a row-major index. */
  public double at(int index) {
    checkArgument(index >= 0 && index < data.length, "tensor: at(%s) is outside [0, %s)", index, data.length);
    return data[index];
  }

  /** A copy of the elements in row-major order. */
  public double[] toArray() {
    return data.clone();
  }

  /** A new tensor of the rows at {@code indices}, in that order (an index may repeat): {@code rows x cols()}. */
  public Tensor rows(int... indices) {
    checkNotNull(indices, "tensor: rows: indices are null");
    checkArgument(!shape.isScalar(), "tensor: rows: a scalar has no rows");
    checkArgument(indices.length > 0, "tensor: rows: no indices");
    double[] out = new double[Math.multiplyExact(indices.length, shape.cols())];
    copyRows(indices, out, "rows");
    return new Tensor(Shape.of(indices.length, shape.cols()), out);
  }

  /** Copies the rows at {@code indices} into {@code out}, one after another. */
  void copyRows(int[] indices, double[] out, String what) {
    int cols = shape.cols();
    for (int i = 0; i < indices.length; i++) {
      int r = indices[i];
      checkArgument(r >= 0 && r < shape.rows(), "tensor: %s: row %s is outside 0..%s", what, r, shape.rows() - 1);
      System.arraycopy(data, r * cols, out, i * cols, cols);
    }
  }

  /** A copy of the elements as rows. */
  public double[][] toRows() {
    double[][] out = new double[shape.rows()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = Arrays.copyOfRange(data, r * shape.cols(), (r + 1) * shape.cols());
    }
    return out;
  }

  /** A tensor of the same shape with {@code f} applied to every element. */
  public Tensor map(DoubleUnaryOperator f) {
    checkNotNull(f, "tensor: map function is null");
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(data[i]);
    }
    return new Tensor(shape, out);
  }

  /** The same elements under another shape with the same number of elements. */
  public Tensor reshape(Shape newShape) {
    checkNotNull(newShape, "tensor: shape is null");
    checkArgument(newShape.size() == data.length,
        "tensor: cannot reshape %s (%s elements) to %s", shape, data.length, newShape);
    return new Tensor(newShape, data);
  }

  /** Whether every element is finite (neither NaN nor infinite). */
  public boolean isFinite() {
    return allFinite(data);
  }

  static boolean allFinite(double[] data) {
    // v * 0 is 0 for finite v and NaN otherwise; four sums keep the loop from waiting on one addition chain
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < data.length; i += 4) {
      s0 += data[i] * 0.0;
      s1 += data[i + 1] * 0.0;
      s2 += data[i + 2] * 0.0;
      s3 += data[i + 3] * 0.0;
    }
    for (; i < data.length; i++) {
      s0 += data[i] * 0.0;
    }
    return s0 + s1 + s2 + s3 == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && t.shape.equals(shape) && Arrays.equals(t.data, data);
  }

  @Override
  public int hashCode() {
    return shape.hashCode() * 31 + Arrays.hashCode(data);
  }

  /** A compact preview: {@code 2.5} for a scalar, {@code 2x2 [[1, 2], [3, 4]]} for a matrix (long ones elided). */
  @Override
  public String toString() {
    return TensorFormat.preview(this, 6);
  }
}
