package dev.autodiff.core.exec;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The values of a program's outputs after one run. */
public final class Results {
  private final Map<Node, Tensor> values;
  private final List<Node> outputs;

  Results(List<Node> outputs, Map<Node, Tensor> values) {
    this.outputs = outputs;
    this.values = new IdentityHashMap<>(values);
  }

  /** The value of an output node. */
  public Tensor get(Node node) {
    checkNotNull(node, "results: node is null");
    Tensor t = values.get(node);
    checkArgument(t != null, "results: %s is not an output of this program (outputs: %s)", node, outputs);
    return t;
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
