package dev.autodiff.core.exec;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The values given to a run: one per {@link Input}, and optionally a value for a {@link Parameter} that replaces its
 * current value for that run only (useful to evaluate at a point without changing the model). Immutable:
 * {@link #with} returns a copy. Values must match the node's shape and be finite.
 */
public final class Feeds {
  private static final Feeds EMPTY = new Feeds(new IdentityHashMap<>(), null, false);

  private final Map<Node, Tensor> values;
  /** The graph of every fed node when they share one (or none is fed); null when they come from several. */
  private final Graph graph;
  private final boolean feedsParameters;

  private Feeds(Map<Node, Tensor> values, Graph graph, boolean feedsParameters) {
    this.values = values;
    this.graph = graph;
    this.feedsParameters = feedsParameters;
  }

  /** No feeds. */
  public static Feeds empty() {
    return EMPTY;
  }

  /** One feed. */
  public static Feeds of(Node node, Tensor value) {
    return EMPTY.with(node, value);
  }

  /** One scalar feed. */
  public static Feeds of(Node node, double value) {
    return of(node, Tensor.scalar(value));
  }

  /** A copy with {@code node} fed {@code value} (replacing an earlier feed of the same node). */
  public Feeds with(Node node, Tensor value) {
    checkNotNull(node, "feeds: node is null");
    checkArgument(node instanceof Input || node instanceof Parameter,
        "feeds: only inputs and parameters can be fed, %s is a %s node", node, node.op().opName());
    checkNotNull(value, "feeds: value for %s is null", node.label());
    checkArgument(value.shape().equals(node.shape()),
        "feeds: %s has shape %s, the value fed has shape %s", node.label(), node.shape(), value.shape());
    checkArgument(value.isFinite(), "feeds: the value fed to %s is not finite: %s", node.label(), value);
    IdentityHashMap<Node, Tensor> copy = new IdentityHashMap<>(values);
    copy.put(node, value);
    boolean oneGraph = values.isEmpty() || graph == node.graph();
    return new Feeds(copy, oneGraph ? node.graph() : null, feedsParameters || node instanceof Parameter);
  }

  /** A copy with a scalar feed. */
  public Feeds with(Node node, double value) {
    return with(node, Tensor.scalar(value));
  }

  /** The value fed to {@code node}, or {@code null}. */
  public Tensor get(Node node) {
    return values.get(node);
  }

  /** Whether some parameter is fed (a run then looks up every parameter). */
  boolean feedsParameters() {
    return feedsParameters;
  }

  /** Whether every fed node belongs to {@code g} (checked in constant time when they share one graph). */
  boolean allOf(Graph g) {
    if (values.isEmpty() || graph == g) {
      return true;
    }
    for (Node n : values.keySet()) {
      if (n.graph() != g) {
        return false;
      }
    }
    return true;
  }

  /** The fed nodes and their values. */
  public Map<Node, Tensor> asMap() {
    return Collections.unmodifiableMap(values);
  }
}
