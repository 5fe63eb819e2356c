package dev.autodiff.core.tensor;

import static dev.autodiff.core.Require.checkNotNull;

/**
 * An axis of a matrix, numbered as in NumPy.
 *
 * <p>Reducing over {@link #ROWS} collapses the rows: an {@code m x n} matrix becomes a {@code 1 x n} row (one
 * result per column). Reducing over {@link #COLUMNS} collapses the columns: the result is an {@code m x 1} column
 * (one result per row). Concatenating along {@link #ROWS} stacks matrices vertically, along {@link #COLUMNS} side by
 * side.
 */
public enum Axis {
  /** Axis 0: down the rows. */
  ROWS,
  /** Axis 1: across the columns. */
  COLUMNS;

  /** The shape left after reducing {@code shape} over this axis; a scalar stays a scalar. */
  public Shape reduce(Shape shape) {
    checkNotNull(shape, "reduce: shape is null");
    if (shape.isScalar()) {
      return shape;
    }
    return this == ROWS ? Shape.of(1, shape.cols()) : Shape.of(shape.rows(), 1);
  }
}
