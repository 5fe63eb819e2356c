package dev.autodiff.core.graph;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.internal.ParameterStorage;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.internal.TensorStorage;

/**
 * A named, trainable leaf that holds a current value. Programs read the value when a run reaches them; optimizers
 * replace it with {@link #set} or compute the next value with {@link #update}. The shape is fixed at creation.
 *
 * <p>Values are immutable tensors swapped atomically: a run sees the old or the new value, never a mix, and a
 * tensor obtained from {@link #value()} never changes. {@link #update} still avoids allocating in steady training:
 * it writes into the array of the value it replaced the time before, but only when no one can hold that value —
 * it was never handed out by {@link #value()}, nor read by a run on a thread other than the updating one.
 */
public final class Parameter extends Node {
  static {
    ParameterStorage.install(p -> {
      checkNotNull(p, "parameter storage: parameter is null");
      return p.read();
    });
  }

  /** A value and whether it may be held outside (handed out, or read from another thread). */
  private static final class Value {
    final Tensor tensor;
    volatile boolean shared;

    Value(Tensor tensor, boolean shared) {
      this.tensor = tensor;
      this.shared = shared;
    }
  }

  /** Computes a parameter's next value. */
  @FunctionalInterface
  public interface Update {
    /** Writes the next value into {@code next} (old content is garbage) from {@code current}, which must not change. */
    void apply(double[] current, double[] next);
  }

  private volatile Value current;
  private volatile Thread updater;
  private Value previous;
  private volatile long version;
  private volatile boolean trainable = true;

  Parameter(Graph graph, int id, String name, Tensor value, String group) {
    super(graph, id, Leaf.PARAMETER, new Node[0], value.shape(), name, group);
    this.current = new Value(value, true);
  }

  /** The current value (an immutable tensor: later updates never change it). */
  public Tensor value() {
    Value v = current;
    v.shared = true;
    return v.tensor;
  }

  /**
   * The current value's storage for a run, read only. On the thread that updates the parameter the value stays
   * private (a run there ends before the next update); from any other thread it is marked as held. Engine use only,
   * through {@link ParameterStorage}.
   */
  double[] read() {
    Thread me = Thread.currentThread();
    while (true) {
      Value v = current;
      if (me == updater) {
        return TensorStorage.array(v.tensor);
      }
      v.shared = true;
      if (current == v) {  // marked before it was replaced: update() will see the mark
        return TensorStorage.array(v.tensor);
      }
    }
  }

  /** Replaces the current value with a finite one of the same shape. */
  public synchronized void set(Tensor newValue) {
    checkNotNull(newValue, "parameter %s: value is null", label());
    checkArgument(newValue.shape().equals(shape()),
        "parameter %s: value has shape %s, the parameter has %s", label(), newValue.shape(), shape());
    Values.checkFinite(newValue, "parameter %s: value", label());
    current = new Value(newValue, true);
    previous = null;
    version++;
  }

  /** Replaces the value of a scalar parameter. */
  public void set(double newValue) {
    set(Tensor.scalar(newValue));
  }

  /**
   * Computes the next value from the current one with {@code f}, into storage the parameter may reuse (see the
   * class comment), and makes it current. {@link #revert} undoes the last update.
   */
  public synchronized void update(Update f) {
    checkNotNull(f, "parameter %s: update is null", label());
    Thread me = Thread.currentThread();
    Value cur = current;
    if (updater != me) {
      // runs on the previous updating thread read without marking: treat what they could hold as held
      cur.shared = true;
      if (previous != null) {
        previous.shared = true;
      }
      updater = me;
    }
    double[] next = previous != null && !previous.shared ? TensorStorage.array(previous.tensor)
        : new double[shape().size()];
    previous = null;
    f.apply(TensorStorage.array(cur.tensor), next);
    current = new Value(TensorStorage.wrap(shape(), next), false);
    previous = cur;  // its mark is read at the next update, after current has moved on (see read())
    version++;
  }

  /**
   * Undoes the last {@link #update}: the value before it becomes current again (a trainer uses this when a step
   * diverges).
   *
   * @throws IllegalStateException when the last change was not an update, or was already reverted
   */
  public synchronized void revert() {
    checkState(previous != null, "parameter %s: nothing to revert (the last change was not an update)", label());
    current = previous;
    previous = null;
    version++;
  }

  /** A counter that changes with every {@link #set}, {@link #update} and {@link #revert}. */
  public long version() {
    return version;
  }

  /** Whether every element of the current value is finite (without handing the value out). */
  public boolean isFinite() {
    return current.tensor.isFinite();
  }

  /**
   * Whether optimizers should move this parameter (default true). Frozen weights and a layer's running statistics
   * are not trainable: a trainer neither differentiates with respect to them nor updates them by a gradient step.
   * Gradients asked for explicitly ({@code Gradients.grad(y, p)}) do not look at this flag.
   */
  public boolean isTrainable() {
    return trainable;
  }

  /** Makes this parameter trainable or frozen (see {@link #isTrainable()}); its value is untouched. */
  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  /** The parameter's name (always present). */
  public String parameterName() {
    return name().orElseThrow();
  }
}
