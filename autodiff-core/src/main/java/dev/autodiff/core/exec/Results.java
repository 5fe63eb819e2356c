package dev.autodiff.core.exec;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The values of a program's outputs after one {@link Program#run(Feeds)}: tensors that never change. */
public final class Results {
  private final Map<Node, Integer> index;
  private final Tensor[] values;
  private final List<Node> outputs;

  /** {@code values[index.get(node)]} is the value of output {@code node}; the index is the program's, shared. */
  Results(List<Node> outputs, Map<Node, Integer> index, Tensor[] values) {
    this.outputs = outputs;
    this.index = index;
    this.values = values;
  }

  /** The value of an output node. */
  public Tensor get(Node node) {
    checkNotNull(node, "results: node is null");
    Integer i = index.get(node);
    checkArgument(i != null, "results: %s is not an output of this program (outputs: %s)", node, outputs);
    return values[i];
  }

  /** The single element of a scalar (or single-element) output. */
  public double scalar(Node node) {
    Tensor t = get(node);
    checkArgument(t.size() == 1, "results: %s has shape %s, not a scalar", node, t.shape());
    return t.item();
  }

  /** The output nodes in the order the program was compiled with. */
  public List<Node> outputs() {
    return outputs;
  }
}
