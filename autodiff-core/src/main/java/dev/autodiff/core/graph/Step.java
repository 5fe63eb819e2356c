package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * One planned computation of a compiled program: the nodes whose values it reads and how it computes its node's
 * value from theirs. Made by {@link Op#step}; a step is immutable and may run on many threads at once.
 */
public interface Step {
  /** The nodes whose values {@link #compute} receives, in order. */
  List<Node> reads();

  /** Computes the node's value into {@code out} (which may hold garbage) from the values of {@link #reads}. */
  void compute(double[][] in, double[] out);

  /** How a step computes: {@code out} from the values of the step's reads. */
  @FunctionalInterface
  interface Computation {
    void compute(double[][] in, double[] out);
  }

  /** A step reading {@code reads} and computing with {@code computation}. */
  static Step of(List<Node> reads, Computation computation) {
    List<Node> nodes = List.copyOf(reads);
    return new Step() {
      @Override
      public List<Node> reads() {
        return nodes;
      }

      @Override
      public void compute(double[][] in, double[] out) {
        computation.compute(in, out);
      }
    };
  }

  /** The plain step: {@link Op#forward} on the node's inputs. */
  static Step forward(Node node) {
    List<Node> inputs = node.inputs();
    Shape[] shapes = new Shape[inputs.size()];
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = inputs.get(i).shape();
    }
    Op op = node.op();
    Shape shape = node.shape();
    return of(inputs, (in, out) -> op.forward(in, shapes, out, shape));
  }
}
