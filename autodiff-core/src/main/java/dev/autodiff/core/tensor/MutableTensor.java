package dev.autodiff.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import java.util.Arrays;

/**
 * Storage that changes: a {@link Shape} and a row-major {@code double[]} that its owner writes again and again. The
 * engine uses it where it reuses memory on purpose: the outputs of {@link dev.autodiff.core.exec.Program#runInto}
 * (rewritten by every run), a batch buffer fed to a program (read at every run), gradients an optimizer reads.
 *
 * <p>A {@link Tensor} never changes; a {@code MutableTensor} says by its type that it may. Take a {@link #snapshot()}
 * to keep a value. {@link #freeze()} turns the storage into a tensor without a copy, after which this object refuses
 * every use. Not thread-safe: a writer and a reader on different threads must synchronise themselves.
 */
public final class MutableTensor {
  private final Shape shape;
  private double[] data;
  private boolean handedOut;

  private MutableTensor(Shape shape, double[] data) {
    this.shape = shape;
    this.data = data;
  }

  /** Zero-filled storage of {@code shape}. */
  public static MutableTensor zeros(Shape shape) {
    checkNotNull(shape, "mutable tensor: shape is null");
    return new MutableTensor(shape, new double[shape.size()]);
  }

  /** Storage holding a copy of {@code value}. */
  public static MutableTensor copyOf(Tensor value) {
    checkNotNull(value, "mutable tensor: copyOf: tensor is null");
    return new MutableTensor(value.shape(), value.toArray());
  }

  public Shape shape() {
    return shape;
  }

  public int size() {
    return storage().length;
  }

  public int rows() {
    return shape.rows();
  }

  public int cols() {
    return shape.cols();
  }

  /**
   * The storage itself, row-major: reads and writes go straight to it, and whoever writes this object next (a
   * program run) changes what the array holds.
   */
  public double[] array() {
    handedOut = true;
    return storage();
  }

  /** The element at a row-major index. */
  public double at(int index) {
    double[] d = storage();
    checkArgument(index >= 0 && index < d.length, "mutable tensor: at(%s) is outside [0, %s)", index, d.length);
    return d[index];
  }

  /** The element at {@code (row, col)}. */
  public double get(int row, int col) {
    return at(index("get", row, col));
  }

  /** Sets the element at a row-major index. */
  public void setAt(int index, double value) {
    double[] d = storage();
    checkArgument(index >= 0 && index < d.length, "mutable tensor: setAt(%s) is outside [0, %s)", index, d.length);
    d[index] = value;
  }

  /** Sets the element at {@code (row, col)}. */
  public void set(int row, int col, double value) {
    setAt(index("set", row, col), value);
  }

  /** Overwrites every element with those of {@code value}, which must have this shape. */
  public void copyFrom(Tensor value) {
    checkNotNull(value, "mutable tensor: copyFrom: tensor is null");
    checkArgument(value.shape().equals(shape), "mutable tensor: copyFrom: shape %s into %s", value.shape(), shape);
    System.arraycopy(value.buffer(), 0, storage(), 0, shape.size());
  }

  /**
   * Overwrites this storage with the rows of {@code source} at {@code indices}, in that order: gathering a minibatch.
   * The shape must be {@code indices.length x source.cols()}.
   */
  public void copyRows(Tensor source, int[] indices) {
    checkNotNull(source, "mutable tensor: copyRows: source is null");
    checkNotNull(indices, "mutable tensor: copyRows: indices are null");
    checkArgument(!source.shape().isScalar() && indices.length == shape.rows() && source.cols() == shape.cols()
        && !shape.isScalar(), "mutable tensor: copyRows: %s rows of a %s source do not fill %s", indices.length,
        source.shape(), shape);
    source.copyRows(indices, storage(), "copyRows");
  }

  /** Sets every element to {@code value}. */
  public void fill(double value) {
    Arrays.fill(storage(), value);
  }

  /** Whether every element is finite now. */
  public boolean isFinite() {
    return Tensor.allFinite(storage());
  }

  /** A tensor holding a copy of the current elements: it keeps them whatever happens to this storage later. */
  public Tensor snapshot() {
    return Tensor.wrap(shape, storage().clone());
  }

  /**
   * The storage as a tensor, without a copy unless {@link #array()} handed the array out (then a copy, since
   * whoever holds that array could still write). This object gives the array up: every later use of it throws
   * {@link IllegalStateException}, so the tensor can never change.
   */
  public Tensor freeze() {
    double[] d = storage();
    data = null;
    // an array handed out by array() could still write into it: then the tensor gets a copy
    return Tensor.wrap(shape, handedOut ? d.clone() : d);
  }

  /** Whether {@link #freeze()} has given the storage away. */
  public boolean isFrozen() {
    return data == null;
  }

  /** The current elements, as {@link Tensor#toString()} prints them, marked as mutable. */
  @Override
  public String toString() {
    return data == null ? "mutable " + shape + " (frozen)" : "mutable " + TensorFormat.preview(Tensor.wrap(shape, data), 6);
  }

  private double[] storage() {
    double[] d = data;
    checkState(d != null, "mutable tensor %s: its storage was handed to a tensor by freeze()", shape);
    return d;
  }

  private int index(String what, int row, int col) {
    checkArgument(row >= 0 && row < shape.rows() && col >= 0 && col < shape.cols(),
        "mutable tensor: %s(%s, %s) is outside the %s shape", what, row, col, shape);
    return row * shape.cols() + col;
  }
}
