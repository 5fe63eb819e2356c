package dev.autodiff.core.exec;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.internal.TensorStorage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values given to a run: one per {@link Input}, and optionally a value for a {@link Parameter} that replaces its
 * current value for that run only (useful to evaluate at a point without changing the model). Immutable:
 * {@link #with} returns a copy. Values must match the node's shape; a {@link Tensor} fed must be finite.
 *
 * <p>A {@link MutableTensor} can be fed too (a batch buffer a loop refills): it is <em>live</em>, read as it is when
 * each run starts, so one {@code Feeds} serves every step. Keeping a live value finite is its writer's affair: a
 * {@link Program#checkingFinite() checking} program names the first op that a non-finite input spoils.
 */
public final class Feeds {
  private static final Feeds EMPTY = new Feeds(new IdentityHashMap<>(), null, false);

  /** A {@link Tensor} or a {@link MutableTensor} per fed node. */
  private final Map<Node, Object> values;
  /** The graph of every fed node when they share one (or none is fed); null when they come from several. */
  private final Graph graph;
  private final boolean feedsParameters;

  private Feeds(Map<Node, Object> values, Graph graph, boolean feedsParameters) {
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

  /** One live feed (see the class comment). */
  public static Feeds of(Node node, MutableTensor value) {
    return EMPTY.with(node, value);
  }

  /** One scalar feed. */
  public static Feeds of(Node node, double value) {
    return of(node, Tensor.scalar(value));
  }

  /** A copy with {@code node} fed {@code value} (replacing an earlier feed of the same node). */
  public Feeds with(Node node, Tensor value) {
    checkFeedable(node);
    checkNotNull(value, "feeds: value for %s is null", node.label());
    checkShape(node, value.shape());
    checkArgument(value.isFinite(), "feeds: the value fed to %s is not finite: %s", node.label(), value);
    return put(node, value);
  }

  /** A copy with {@code node} fed the live storage {@code value}, read at each run (see the class comment). */
  public Feeds with(Node node, MutableTensor value) {
    checkFeedable(node);
    checkNotNull(value, "feeds: value for %s is null", node.label());
    checkShape(node, value.shape());
    value.array();  // a frozen one is refused now, not at the first run
    return put(node, value);
  }

  /** A copy with a scalar feed. */
  public Feeds with(Node node, double value) {
    return with(node, Tensor.scalar(value));
  }

  private static void checkFeedable(Node node) {
    checkNotNull(node, "feeds: node is null");
    checkArgument(node instanceof Input || node instanceof Parameter,
        "feeds: only inputs and parameters can be fed, %s is a %s node", node, node.op().opName());
  }

  private static void checkShape(Node node, dev.autodiff.core.tensor.Shape shape) {
    checkArgument(shape.equals(node.shape()),
        "feeds: %s has shape %s, the value fed has shape %s", node.label(), node.shape(), shape);
  }

  private Feeds put(Node node, Object value) {
    IdentityHashMap<Node, Object> copy = new IdentityHashMap<>(values);
    copy.put(node, value);
    boolean oneGraph = values.isEmpty() || graph == node.graph();
    return new Feeds(copy, oneGraph ? node.graph() : null, feedsParameters || node instanceof Parameter);
  }

  /**
   * The value fed to {@code node}, or {@code null}; for a live feed, a snapshot of what its storage holds now.
   */
  public Tensor get(Node node) {
    Object v = values.get(node);
    return v instanceof MutableTensor m ? m.snapshot() : (Tensor) v;
  }

  /** Whether {@code node} is fed live storage. */
  public boolean isLive(Node node) {
    return values.get(node) instanceof MutableTensor;
  }

  /** The array a run reads for {@code node}, or null when it is not fed. */
  double[] array(Node node) {
    Object v = values.get(node);
    if (v == null) {
      return null;
    }
    return v instanceof MutableTensor m ? m.array() : TensorStorage.array((Tensor) v);
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
      if (!g.sees(n)) {
        return false;
      }
    }
    return true;
  }

  /** The fed nodes. */
  public Set<Node> nodes() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** The fed nodes and their values (live feeds as snapshots of what they hold now), in no particular order. */
  public Map<Node, Tensor> asMap() {
    Map<Node, Tensor> out = new LinkedHashMap<>();
    for (Node n : values.keySet()) {
      out.put(n, get(n));
    }
    return Collections.unmodifiableMap(out);
  }
}
