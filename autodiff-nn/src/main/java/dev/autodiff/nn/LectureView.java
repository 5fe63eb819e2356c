package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.core.viz.DotOptions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One sample through a model and its loss, named as the lecture writes it, ready to draw and trace: the sample
 * {@code x}, the target {@code t}, for the {@code k}-th dense layer its product {@code uk = x Wk}, its sum
 * {@code Sk = uk + bk} and its activation {@code hk = phi(Sk)}, the output {@code y}, the difference {@code e}
 * {@code t - y} between target and output (where the loss forms it, as {@link Losses#halfSquaredError} does), the
 * loss {@code E}; any other step, of the model (a normalization, a concatenation) or of the loss, is {@code v1},
 * {@code v2}, ... Layers mark their nodes as they build them, so the names follow the layers' roles; an activation
 * is {@code hk} only when it acts on layer {@code k}'s sum. The names are display names
 * ({@link BackpropTrace#withNames}, {@link DotOptions#withNames}): the graph keeps its own, and a node that keeps its
 * own name (a parameter of a layer of yours) is never shown under a name another node has.
 *
 * <pre>{@code
 * LectureView v = LectureView.of(model, Losses.halfSquaredError(), new double[] {1, 0}, new double[] {1});
 * String dot = Dot.backprop(v.trace(), v.options());   // S1 = u1 + b1, dS1, dW1; no dx, no dt
 * }</pre>
 *
 * <p>The trace differentiates with respect to the model's parameters only, so the sample and the target, which
 * nobody differentiates with respect to, get no adjoints and none are drawn. {@link #options()} gives the drawing
 * options for a slide ({@link DotOptions#forSlides()}).
 */
public final class LectureView {
  private final Model.Pass pass;
  private final Input target;
  private final Node loss;
  private final Feeds feeds;
  private final Map<Node, String> names;
  private final List<? extends Node> parameters;
  private volatile BackpropTrace trace;

  private LectureView(Model.Pass pass, Input target, Node loss, Feeds feeds, Map<Node, String> names,
      List<? extends Node> parameters) {
    this.parameters = List.copyOf(parameters);
    this.pass = pass;
    this.target = target;
    this.loss = loss;
    this.feeds = feeds;
    this.names = Map.copyOf(names);
  }

  /**
   * Builds an inference pass of {@code model} for the one sample {@code x}, the target {@code t} and
   * {@code loss(y, t)}.
   *
   * @throws IllegalArgumentException when the sample or the target does not fit the model, or the loss is not a
   *     single number
   */
  public static LectureView of(Model model, Loss loss, double[] x, double[] t) {
    checkNotNull(model, "LectureView.of: model is null");
    checkNotNull(loss, "LectureView.of: loss is null");
    checkNotNull(x, "LectureView.of: sample is null");
    checkNotNull(t, "LectureView.of: target is null");
    checkArgument(x.length == model.inputWidth(), "LectureView.of: the sample has %s values, the model takes %s",
        x.length, model.inputWidth());
    int targetWidth = loss.targetCols(model.outputWidth());
    checkArgument(t.length == targetWidth, "LectureView.of: the target has %s values, the loss %s takes %s",
        t.length, loss.name(), targetWidth);
    loss.checkTargets(Tensor.row(t));
    Model.Pass pass = model.newPass("x", 1, false);
    Input target = pass.graph().input(pass.context().uniqueName("t"), Shape.of(1, t.length));
    Node e = loss.apply(pass.output(), target);
    checkArgument(e.shape().size() == 1, "LectureView.of: the loss gives shape %s, not a single number", e.shape());
    checkArgument(e != pass.output(), "LectureView.of: the loss %s is the model's output itself; the lecture's E "
        + "compares the output with the target", loss.name());
    Feeds feeds = Feeds.of(pass.input(), Tensor.row(x)).with(target, Tensor.row(t));
    return new LectureView(pass, target, e, feeds, names(pass, target, e), model.parameters());
  }

  private static Map<Node, String> names(Model.Pass pass, Input target, Node loss) {
    Map<Node, String> names = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    Map<Dense, Integer> layerNumber = new HashMap<>();
    Map<Node, Integer> sums = new HashMap<>();
    for (Context.Mark m : pass.context().marks()) {
      switch (m.role()) {
        case PRODUCT, SUM -> {
          int k = layerNumber.computeIfAbsent(m.dense(), d -> layerNumber.size() + 1);
          put(names, used, m.dense().weights(), "W" + k);
          put(names, used, m.dense().bias(), "b" + k);
          put(names, used, m.node(), (m.role() == Context.Role.SUM ? "S" : "u") + k);
          if (m.role() == Context.Role.SUM) {
            sums.put(m.node(), k);
          }
        }
        case ACTIVATION -> {
          // hk = phi(Sk) only when the activation acts on layer k's sum itself
          Integer k = sums.get(m.input());
          if (k != null) {
            put(names, used, m.node(), "h" + k);
          }
        }
      }
    }
    // the output and the loss win over a layer's name (a linear output layer's sum is y)
    names.remove(pass.output());
    names.remove(loss);
    used.clear();
    used.addAll(names.values());
    put(names, used, pass.input(), "x");
    put(names, used, target, "t");
    put(names, used, pass.output(), "y");
    put(names, used, loss, "E");
    int v = 0;
    List<Node> ancestors = Traversal.ancestors(loss);
    for (Node n : ancestors) {
      if (n.isConstant() || names.containsKey(n)) {
        continue;
      }
      if (isError(n, pass.output(), target)) {
        put(names, used, n, "e");
      } else if (n.name().isEmpty()) {
        String name;
        do {
          name = "v" + ++v;
        } while (used.contains(name));
        put(names, used, n, name);
      }
    }
    // a node that keeps its own name (a parameter of a layer of the user's) keeps it alone: a display name equal
    // to it is dropped, so that no drawing shows one name for two nodes
    for (Node n : ancestors) {
      if (!names.containsKey(n) && n.name().isPresent()) {
        names.values().remove(n.label());
      }
    }
    return names;
  }

  /** The lecture's error {@code e = t - y} (the output's difference from the target, target first). */
  private static boolean isError(Node n, Node y, Node t) {
    return !n.isLeaf() && n.arity() == 2 && n.input(0) == t && n.input(1) == y && n.op().opName().equals("sub");
  }

  private static void put(Map<Node, String> names, Set<String> used, Node n, String name) {
    if (!names.containsKey(n) && used.add(name)) {
      names.put(n, name);
    }
  }

  /** The model's pass (its input is {@code x}, its output {@code y}). */
  public Model.Pass pass() {
    return pass;
  }

  /** The target {@code t}. */
  public Input target() {
    return target;
  }

  /** The loss {@code E}. */
  public Node loss() {
    return loss;
  }

  /** The sample and the target. */
  public Feeds feeds() {
    return feeds;
  }

  /** The model's parameters: what the trace differentiates with respect to. */
  public List<Node> parameters() {
    return List.copyOf(parameters);
  }

  /** The display names, node to name. */
  public Map<Node, String> names() {
    return names;
  }

  /** The reverse pass of the loss with respect to the model's parameters, written with the lecture's names. */
  public BackpropTrace trace() {
    BackpropTrace t = trace;
    if (t == null) {
      t = BackpropTrace.of(loss, feeds, parameters).withNames(names);
      trace = t;
    }
    return t;
  }

  /** Drawing options for a slide, with the lecture's names. */
  public DotOptions options() {
    return DotOptions.forSlides().withNames(names);
  }
}
