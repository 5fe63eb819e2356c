package dev.autodiff.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

/**
 * The shape of a value: a scalar (rank 0) or a {@code rows x cols} matrix (rank 2).
 *
 * <p>A vector is an {@code n x 1} column or a {@code 1 x n} row. Both dimensions of a matrix are at least 1.
 *
 * <p>Broadcasting in elementwise operations follows exactly three rules: a scalar goes with anything, a
 * {@code 1 x n} row goes across the rows of an {@code m x n} matrix, and an {@code m x 1} column goes across the
 * columns of an {@code m x n} matrix. Nothing else is implicit.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(0, 1, 1);

  private final int rank;
  private final int rows;
  private final int cols;

  private Shape(int rank, int rows, int cols) {
    this.rank = rank;
    this.rows = rows;
    this.cols = cols;
  }

  /** The shape of a scalar. */
  public static Shape scalar() {
    return SCALAR;
  }

  /** A {@code rows x cols} matrix shape; both dimensions must be at least 1. */
  public static Shape of(int rows, int cols) {
    return of("shape", rows, cols);
  }

  /** {@link #of(int, int)} whose errors name {@code op}, the caller that was given the dimensions. */
  static Shape of(String op, int rows, int cols) {
    checkArgument(rows >= 1 && cols >= 1, "%s: dimensions must be at least 1: %sx%s", op, rows, cols);
    checkArgument((long) rows * cols <= Integer.MAX_VALUE - 8,
        "%s: %sx%s has more elements than a Java array can hold", op, rows, cols);
    return new Shape(2, rows, cols);
  }

  /** An {@code n x 1} column vector shape. */
  public static Shape column(int n) {
    return of(n, 1);
  }

  /** A {@code 1 x n} row vector shape. */
  public static Shape row(int n) {
    return of(1, n);
  }

  public int rank() {
    return rank;
  }

  public boolean isScalar() {
    return rank == 0;
  }

  /** Number of rows; 1 for a scalar. */
  public int rows() {
    return rows;
  }

  /** Number of columns; 1 for a scalar. */
  public int cols() {
    return cols;
  }

  /** Number of elements: 1 for a scalar, {@code rows * cols} for a matrix. */
  public int size() {
    return rows * cols;
  }

  /** The transposed shape; a scalar stays a scalar. */
  public Shape transpose() {
    return isScalar() ? this : new Shape(2, cols, rows);
  }

  /** The stride between rows when this shape is read in broadcast against a larger one: 0 along a size-1 dimension. */
  public int broadcastRowStride() {
    return rows == 1 ? 0 : cols;
  }

  /** The stride between columns when this shape is read in broadcast against a larger one. */
  public int broadcastColStride() {
    return cols == 1 ? 0 : 1;
  }

  /** Whether a value of this shape can be read in broadcast as a value of shape {@code target}. */
  public boolean broadcastsTo(Shape target) {
    checkNotNull(target, "broadcastsTo: target is null");
    if (equals(target) || isScalar()) {
      return true;
    }
    if (target.isScalar()) {
      return false;
    }
    return (rows == 1 && cols == target.cols) || (cols == 1 && rows == target.rows);
  }

  /**
   * The shape of an elementwise operation on {@code a} and {@code b}.
   *
   * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    checkNotNull(a, "%s: first shape is null", op);
    checkNotNull(b, "%s: second shape is null", op);
    if (a.broadcastsTo(b)) {
      return b;
    }
    if (b.broadcastsTo(a)) {
      return a;
    }
    throw new IllegalArgumentException(String.format(
        "%s: shapes do not broadcast: %s and %s (allowed: equal shapes, a scalar, a 1xn row with an mxn matrix,"
            + " an mx1 column with an mxn matrix)", op, a, b));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && s.rank == rank && s.rows == rows && s.cols == cols;
  }

  @Override
  public int hashCode() {
    return (rank * 31 + rows) * 31 + cols;
  }

  /** {@code "scalar"} or {@code "3x4"}. */
  @Override
  public String toString() {
    return isScalar() ? "scalar" : rows + "x" + cols;
  }
}
