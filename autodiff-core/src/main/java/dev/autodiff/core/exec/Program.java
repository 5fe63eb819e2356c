package dev.autodiff.core.exec;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorBuffers;
import dev.autodiff.core.tensor.TensorFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A compiled evaluation of chosen output nodes: the ancestors of the outputs in topological order (unused nodes
 * dropped), every shared node computed once, and each intermediate value released after its last use.
 *
 * <p>A program is immutable; all state of a run lives in that run, so one program may be run from many threads at
 * once. Parameters are read when the run reaches them.
 */
public final class Program {
  private final Graph graph;
  private final List<Node> outputs;
  private final Node[] schedule;
  private final int[][] inputSlots;
  private final Shape[][] inputShapes;
  private final int[] lastUse;
  private final boolean[] isOutput;
  private final List<Input> requiredInputs;
  private final boolean checkFinite;

  private Program(Graph graph, List<Node> outputs, Node[] schedule, int[][] inputSlots, Shape[][] inputShapes,
      int[] lastUse, boolean[] isOutput, List<Input> requiredInputs, boolean checkFinite) {
    this.graph = graph;
    this.outputs = outputs;
    this.schedule = schedule;
    this.inputSlots = inputSlots;
    this.inputShapes = inputShapes;
    this.lastUse = lastUse;
    this.isOutput = isOutput;
    this.requiredInputs = requiredInputs;
    this.checkFinite = checkFinite;
  }

  /** Compiles a program computing {@code outputs}, which must be non-empty and of one graph. */
  public static Program compile(Node... outputs) {
    checkNotNull(outputs, "compile: outputs are null");
    return compile(Arrays.asList(outputs));
  }

  /** Compiles a program computing {@code outputs}, which must be non-empty and of one graph. */
  public static Program compile(List<? extends Node> outputs) {
    checkNotNull(outputs, "compile: outputs are null");
    checkArgument(!outputs.isEmpty(), "compile: needs at least one output");
    Graph graph = null;
    for (int i = 0; i < outputs.size(); i++) {
      Node o = outputs.get(i);
      checkNotNull(o, "compile: output %s is null", i);
      if (graph == null) {
        graph = o.graph();
      }
      checkArgument(o.graph() == graph, "compile: output %s (%s) belongs to another graph than output 0", i, o);
    }
    List<Node> order = Traversal.ancestors(outputs);
    Node[] schedule = order.toArray(new Node[0]);
    Map<Node, Integer> slot = new IdentityHashMap<>();
    for (int i = 0; i < schedule.length; i++) {
      slot.put(schedule[i], i);
    }
    int[][] inputSlots = new int[schedule.length][];
    Shape[][] inputShapes = new Shape[schedule.length][];
    int[] lastUse = new int[schedule.length];
    List<Input> required = new ArrayList<>();
    for (int i = 0; i < schedule.length; i++) {
      Node n = schedule[i];
      lastUse[i] = i;
      inputSlots[i] = new int[n.arity()];
      inputShapes[i] = new Shape[n.arity()];
      for (int k = 0; k < n.arity(); k++) {
        inputShapes[i][k] = n.input(k).shape();
        int s = slot.get(n.input(k));
        inputSlots[i][k] = s;
        lastUse[s] = Math.max(lastUse[s], i);
      }
      if (n instanceof Input in) {
        required.add(in);
      }
    }
    boolean[] isOutput = new boolean[schedule.length];
    for (Node o : outputs) {
      isOutput[slot.get(o)] = true;
    }
    return new Program(graph, List.copyOf(new LinkedHashSet<>(outputs)), schedule, inputSlots, inputShapes, lastUse,
        isOutput, List.copyOf(required), false);
  }

  /** Compiles {@code node} and evaluates it once. */
  public static Tensor evaluate(Node node, Feeds feeds) {
    return compile(node).run(feeds).get(node);
  }

  /** Compiles {@code node} and evaluates it once with no feeds. */
  public static Tensor evaluate(Node node) {
    return evaluate(node, Feeds.empty());
  }

  /**
   * A copy of this program that checks every computed value and throws {@link NonFiniteValueException} at the first
   * node producing NaN or infinity, naming the node, its op, its formula and its inputs' values. Gradients are
   * nodes, so this covers the backward pass too.
   */
  public Program checkingFinite() {
    return new Program(graph, outputs, schedule, inputSlots, inputShapes, lastUse, isOutput, requiredInputs, true);
  }

  /** The outputs. */
  public List<Node> outputs() {
    return outputs;
  }

  /** The inputs that a run must feed. */
  public List<Input> requiredInputs() {
    return requiredInputs;
  }

  /** The number of nodes a run evaluates (leaves included). */
  public int size() {
    return schedule.length;
  }

  /** Runs with no feeds (all leaves are constants or parameters). */
  public Results run() {
    return run(Feeds.empty());
  }

  /**
   * Runs the program.
   *
   * @throws IllegalArgumentException when a required input is not fed, or a fed node belongs to another graph
   * @throws NonFiniteValueException when checking is on and a value is not finite
   */
  public Results run(Feeds feeds) {
    checkNotNull(feeds, "run: feeds are null");
    for (Node fed : feeds.asMap().keySet()) {
      checkArgument(fed.graph() == graph, "run: fed node %s belongs to another graph", fed);
    }
    for (Input in : requiredInputs) {
      checkArgument(feeds.get(in) != null, "run: input '%s' (%s) is not fed", in.inputName(), in.shape());
    }
    double[][] values = new double[schedule.length][];
    Map<Node, Tensor> results = new IdentityHashMap<>();
    for (int i = 0; i < schedule.length; i++) {
      Node n = schedule[i];
      double[] v;
      if (n.op() instanceof Constant c) {
        v = TensorBuffers.array(c.value());
      } else if (n instanceof Parameter p) {
        Tensor fed = feeds.get(p);
        v = TensorBuffers.array(fed != null ? fed : p.value());
      } else if (n instanceof Input in) {
        v = TensorBuffers.array(feeds.get(in));
      } else {
        int[] slots = inputSlots[i];
        double[][] in = new double[slots.length][];
        for (int k = 0; k < slots.length; k++) {
          in[k] = values[slots[k]];
        }
        v = new double[n.shape().size()];
        n.op().forward(in, inputShapes[i], v, n.shape());
        if (checkFinite) {
          checkFinite(n, v, in);
        }
      }
      values[i] = v;
      if (isOutput[i]) {
        results.put(n, TensorBuffers.wrap(n.shape(), v));
      }
      for (int slotIndex : inputSlots[i]) {
        if (lastUse[slotIndex] == i && !isOutput[slotIndex]) {
          values[slotIndex] = null;
        }
      }
    }
    return new Results(outputs, results);
  }

  private static void checkFinite(Node n, double[] v, double[][] in) {
    for (int e = 0; e < v.length; e++) {
      if (!Double.isFinite(v[e])) {
        StringBuilder inputs = new StringBuilder();
        for (int k = 0; k < n.arity(); k++) {
          Node input = n.input(k);
          inputs.append(k == 0 ? "" : "; ").append(input.label()).append(" = ")
              .append(TensorFormat.preview(TensorBuffers.wrap(input.shape(), in[k]), 4));
        }
        throw new NonFiniteValueException(n, String.format(
            "non-finite value: node %s (op %s, shape %s) = %s produced %s at element %s; inputs: %s",
            n.label(), n.op().opName(), n.shape(), Formula.infix(n, 200), TensorFormat.number(v[e]), e, inputs));
      }
    }
  }
}
