package dev.autodiff.core.exec;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.MutableTensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Storage a {@link Program} writes its outputs into, run after run ({@link Program#runInto}): one
 * {@link MutableTensor} per output, allocated once. Each run overwrites the values of the one before; a value to keep
 * is a {@link MutableTensor#snapshot()} (or {@link MutableTensor#freeze()}, after which these buffers refuse to be
 * run into). One run at a time may write into a set of buffers.
 */
public final class OutputBuffers {
  private final Program program;
  private final List<Node> outputs;
  private final Map<Node, Integer> index;
  private final MutableTensor[] values;
  private final double[][] arrays;
  private final AtomicBoolean running = new AtomicBoolean();

  OutputBuffers(Program program, List<Node> outputs, Map<Node, Integer> index) {
    this.program = program;
    this.outputs = outputs;
    this.index = index;
    this.values = new MutableTensor[outputs.size()];
    this.arrays = new double[outputs.size()][];
    for (int k = 0; k < values.length; k++) {
      values[k] = MutableTensor.zeros(outputs.get(k).shape());
      arrays[k] = values[k].array();
    }
  }

  Program program() {
    return program;
  }

  double[][] arrays() {
    return arrays;
  }

  void beginRun() {
    checkState(running.compareAndSet(false, true), "runInto: another run is writing into these output buffers");
    for (int k = 0; k < values.length; k++) {
      if (values[k].isFrozen()) {
        running.set(false);
        throw new IllegalStateException("runInto: the buffer of output " + outputs.get(k).label()
            + " was frozen into a tensor, which must never change: make new buffers");
      }
    }
  }

  void endRun() {
    running.set(false);
  }

  /** The storage of an output node: the value of the last run, overwritten by the next. */
  public MutableTensor get(Node node) {
    checkNotNull(node, "output buffers: node is null");
    Integer i = index.get(node);
    checkArgument(i != null, "output buffers: %s is not an output of this program (outputs: %s)", node, outputs);
    return values[i];
  }

  /** The single element of a scalar (or single-element) output after the last run. */
  public double scalar(Node node) {
    MutableTensor t = get(node);
    checkArgument(t.size() == 1, "output buffers: %s has shape %s, not a scalar", node, t.shape());
    return t.array()[0];
  }

  /** The output nodes in the order the program was compiled with. */
  public List<Node> outputs() {
    return outputs;
  }
}
