package dev.autodiff.core.exec;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.graph.Step;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.graph.internal.Graphs;
import dev.autodiff.core.graph.internal.ParameterStorage;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import dev.autodiff.core.tensor.internal.TensorStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A compiled evaluation of chosen output nodes: the ancestors of the outputs in topological order (unused nodes
 * dropped), every shared node computed once.
 *
 * <p>Compiling plans the run: each node's op plans its {@link Step} (an op may read other nodes than its inputs: a
 * matrix product of a transpose reads the untransposed matrix through the kernel's transpose flag, so the transpose
 * is never materialised unless something else needs it), and every intermediate value gets a buffer chosen by liveness, so values whose lifetimes do not overlap share one array. The buffers are kept
 * between runs: a steady stream of runs allocates only its outputs, and nothing when it runs into the same
 * {@link OutputBuffers}.
 *
 * <p>A program is immutable to its users; each run borrows a set of buffers from the program's pool (a concurrent
 * run gets its own), so one program may be run from many threads at once. Parameters are read when the run reaches
 * them.
 */
public final class Program {
  private static final byte CONSTANT = 0;
  private static final byte PARAMETER = 1;
  private static final byte INPUT = 2;
  private static final byte OP = 3;

  private final Graph graph;
  private final List<Node> outputs;
  private final Node[] schedule;
  private final byte[] kind;
  private final int[][] inputSlots;
  private final Step[] steps;
  private final int[] buffer;
  private final int[] bufferSizes;
  private final int[] resultIndex;
  private final int[] external;
  private final List<Input> requiredInputs;
  private final int[] feedSlots;
  private final Map<Node, Integer> outputIndex;
  private final boolean checkFinite;
  private final ConcurrentLinkedQueue<Frame> frames = new ConcurrentLinkedQueue<>();

  private Program(Graph graph, List<Node> outputs, boolean checkFinite) {
    this.graph = graph;
    this.outputs = outputs;
    this.checkFinite = checkFinite;
    Map<Node, Integer> outIndex = new IdentityHashMap<>();
    for (Node o : outputs) {
      outIndex.put(o, outIndex.size());
    }
    this.outputIndex = Collections.unmodifiableMap(outIndex);
    List<Node> order = Traversal.ancestors(outputs);
    int total = order.size();
    // position in `order` by node id (ids are dense and `order` is sorted by id): arrays, not hash maps, so that
    // compiling stays linear in time and cache-friendly on graphs of millions of nodes
    int[] index = new int[order.get(total - 1).id() + 1];
    for (int i = 0; i < total; i++) {
      index[order.get(i).id()] = i;
    }
    // each op plans its step; checking programs do not fuse, so that messages show the real inputs
    Step[] planned = new Step[total];
    Node[][] operands = new Node[total][];
    for (int i = 0; i < total; i++) {
      Node n = order.get(i);
      if (n.isLeaf()) {
        operands[i] = new Node[0];
      } else {
        planned[i] = n.op().step(n, !checkFinite);
        if (!checkFinite) {
          planned[i] = throughViews(planned[i]);
        }
        operands[i] = planned[i].reads().toArray(new Node[0]);
      }
    }
    boolean[] live = new boolean[total];
    boolean[] output = new boolean[total];
    for (Node o : outputs) {
      live[index[o.id()]] = true;
      output[index[o.id()]] = true;
    }
    for (int i = total - 1; i >= 0; i--) {
      if (live[i]) {
        for (Node in : operands[i]) {
          live[index[in.id()]] = true;
        }
      }
    }
    int[] slotOf = new int[total];
    int size = 0;
    for (int i = 0; i < total; i++) {
      slotOf[i] = live[i] ? size++ : -1;
    }
    schedule = new Node[size];
    kind = new byte[size];
    inputSlots = new int[size][];
    steps = new Step[size];
    boolean[] isOutput = new boolean[size];
    int[] lastUse = new int[size];
    List<Input> required = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      int s = slotOf[i];
      if (s < 0) {
        continue;
      }
      Node n = order.get(i);
      schedule[s] = n;
      isOutput[s] = output[i];
      lastUse[s] = s;
      Node[] ops = operands[i];
      inputSlots[s] = new int[ops.length];
      steps[s] = planned[i];
      for (int k = 0; k < ops.length; k++) {
        int from = slotOf[index[ops[k].id()]];
        inputSlots[s][k] = from;
        lastUse[from] = Math.max(lastUse[from], s);
      }
      if (n.op() instanceof Constant) {
        kind[s] = CONSTANT;
      } else if (n instanceof Parameter) {
        kind[s] = PARAMETER;
      } else if (n instanceof Input in) {
        kind[s] = INPUT;
        required.add(in);
      } else {
        kind[s] = OP;
      }
    }
    requiredInputs = List.copyOf(required);
    feedSlots = new int[required.size()];
    for (int s = 0, k = 0; s < size; s++) {
      if (kind[s] == INPUT) {
        feedSlots[k++] = s;
      }
    }
    resultIndex = new int[size];
    List<Integer> notOwned = new ArrayList<>();
    for (int s = 0; s < size; s++) {
      resultIndex[s] = isOutput[s] ? outputIndex.get(schedule[s]) : -1;
      if (isOutput[s] || kind[s] != OP) {
        notOwned.add(s);
      }
    }
    external = notOwned.stream().mapToInt(Integer::intValue).toArray();
    // buffers by liveness: a value's buffer returns to the free list after its last reader has run
    buffer = new int[size];
    List<Integer> sizes = new ArrayList<>();
    Map<Integer, ArrayDeque<Integer>> free = new HashMap<>();
    for (int s = 0; s < size; s++) {
      buffer[s] = -1;
      if (kind[s] == OP && !isOutput[s]) {
        int length = schedule[s].shape().size();
        ArrayDeque<Integer> pool = free.get(length);
        if (pool != null && !pool.isEmpty()) {
          buffer[s] = pool.pop();
        } else {
          buffer[s] = sizes.size();
          sizes.add(length);
        }
      }
      for (int k = 0; k < inputSlots[s].length; k++) {
        int from = inputSlots[s][k];
        if (lastUse[from] == s && buffer[from] >= 0 && firstOccurrence(inputSlots[s], k)) {
          free.computeIfAbsent(schedule[from].shape().size(), x -> new ArrayDeque<>()).push(buffer[from]);
        }
      }
    }
    bufferSizes = sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The step reading, in place of each view it reads (a reshape), the view's own input: the same elements in the
   * same order, so nothing is copied and the view is computed only if it is an output.
   */
  private static Step throughViews(Step step) {
    List<Node> reads = step.reads();
    List<Node> direct = null;
    for (int k = 0; k < reads.size(); k++) {
      Node r = reads.get(k);
      while (!r.isLeaf() && r.op().view()) {
        r = r.input(0);
      }
      if (r != reads.get(k)) {
        if (direct == null) {
          direct = new ArrayList<>(reads);
        }
        direct.set(k, r);
      }
    }
    return direct == null ? step : Step.of(direct, step::compute);
  }

  private static boolean firstOccurrence(int[] slots, int k) {
    for (int j = 0; j < k; j++) {
      if (slots[j] == slots[k]) {
        return false;
      }
    }
    return true;
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
    for (int i = 0; i < outputs.size(); i++) {
      checkNotNull(outputs.get(i), "compile: output %s is null", i);
    }
    Graph graph = Graphs.common("compile", outputs);
    return new Program(graph, List.copyOf(new LinkedHashSet<>(outputs)), false);
  }

  /** Compiles {@code node} and evaluates it once. */
  public static Tensor evaluate(Node node, Feeds feeds) {
    checkNotNull(node, "evaluate: node is null");
    checkNotNull(feeds, "evaluate: feeds are null");
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
    return checkFinite ? this : new Program(graph, outputs, true);
  }

  /** The outputs. */
  public List<Node> outputs() {
    return outputs;
  }

  /** The inputs that a run must feed. */
  public List<Input> requiredInputs() {
    return requiredInputs;
  }

  /** The number of nodes a run evaluates (leaves included; transposes folded into matrix products not counted). */
  public int size() {
    return schedule.length;
  }

  /** The number of intermediate buffers a run uses, after sharing by liveness. */
  public int bufferCount() {
    return bufferSizes.length;
  }

  /** Runs with no feeds (all leaves are constants or parameters). */
  public Results run() {
    return run(Feeds.empty());
  }

  /**
   * Runs the program into fresh storage: the tensors of the results are the caller's and never change.
   *
   * @throws IllegalArgumentException when a required input is not fed, or a fed node belongs to another graph
   * @throws NonFiniteValueException when checking is on and a value is not finite
   */
  public Results run(Feeds feeds) {
    double[][] out = execute(feeds, null);
    Tensor[] values = new Tensor[out.length];
    for (int k = 0; k < out.length; k++) {
      values[k] = TensorStorage.wrap(outputs.get(k).shape(), out[k]);
    }
    return new Results(outputs, outputIndex, values);
  }

  /** Storage for the outputs of this program, to run into again and again with {@link #runInto}. */
  public OutputBuffers newOutputBuffers() {
    return new OutputBuffers(this, outputs, outputIndex);
  }

  /**
   * Runs the program, writing every output into {@code buffers} (made by {@link #newOutputBuffers()} of this
   * program). A loop that runs into the same buffers allocates nothing per run; each run overwrites what the
   * previous one wrote, which is why the outputs are {@link dev.autodiff.core.tensor.MutableTensor}s: take a
   * snapshot of a value to keep it.
   *
   * @return {@code buffers}
   * @throws IllegalArgumentException when {@code buffers} belong to another program, a required input is not fed,
   *     or a fed node belongs to another graph
   * @throws IllegalStateException when another run is writing into the same buffers
   * @throws NonFiniteValueException when checking is on and a value is not finite
   */
  public OutputBuffers runInto(Feeds feeds, OutputBuffers buffers) {
    checkNotNull(feeds, "runInto: feeds are null");
    checkNotNull(buffers, "runInto: buffers are null");
    checkArgument(buffers.program() == this, "runInto: the buffers were made by another program");
    buffers.beginRun();
    try {
      execute(feeds, buffers.arrays());
    } finally {
      buffers.endRun();
    }
    return buffers;
  }

  /** The reusable state of one run: planned buffers, the value table and argument arrays. */
  private final class Frame {
    final double[][] buffers = new double[bufferSizes.length][];
    final double[][] values = new double[schedule.length][];
    final double[][][] args = new double[schedule.length][][];

    Frame() {
      for (int b = 0; b < buffers.length; b++) {
        buffers[b] = new double[bufferSizes[b]];
      }
      for (int s = 0; s < schedule.length; s++) {
        args[s] = new double[inputSlots[s].length][];
      }
    }
  }

  /** Runs into {@code into} (one array per output) or, when it is null, into fresh arrays; returns the arrays. */
  private double[][] execute(Feeds feeds, double[][] into) {
    checkNotNull(feeds, "run: feeds are null");
    if (!feeds.allOf(graph)) {
      for (Node fed : feeds.nodes()) {
        checkArgument(graph.sees(fed), "run: fed node %s belongs to another graph", fed);
      }
    }
    Frame frame = frames.poll();
    if (frame == null) {
      frame = new Frame();
    }
    try {
      for (int k = 0; k < feedSlots.length; k++) {
        Input in = requiredInputs.get(k);
        double[] fed = feeds.array(in);
        checkArgument(fed != null, "run: input '%s' (%s) is not fed", in.inputName(), in.shape());
        frame.values[feedSlots[k]] = fed;
      }
      return execute(feeds, frame, into);
    } finally {
      for (int s : external) {
        frame.values[s] = null;  // the pool keeps its own buffers, not the caller's arrays or the outputs
      }
      frames.offer(frame);
    }
  }

  private double[][] execute(Feeds feeds, Frame frame, double[][] into) {
    double[][] values = frame.values;
    boolean feedsParameters = feeds.feedsParameters();
    double[][] out = into != null ? into : new double[outputs.size()][];
    for (int i = 0; i < schedule.length; i++) {
      Node n = schedule[i];
      double[] v;
      switch (kind[i]) {
        case CONSTANT -> v = TensorStorage.array(((Constant) n.op()).value());
        case PARAMETER -> {
          double[] fed = feedsParameters ? feeds.array(n) : null;
          v = fed != null ? fed : ParameterStorage.read((Parameter) n);
        }
        case INPUT -> v = values[i];  // placed before the run, when the feeds were checked
        default -> {
          int[] slots = inputSlots[i];
          double[][] in = frame.args[i];
          for (int k = 0; k < slots.length; k++) {
            in[k] = values[slots[k]];
          }
          if (buffer[i] >= 0) {
            v = frame.buffers[buffer[i]];
          } else if (into != null) {
            v = into[resultIndex[i]];  // a computed output, straight into the caller's storage
          } else {
            v = new double[n.shape().size()];
          }
          steps[i].compute(in, v);
          if (checkFinite) {
            checkFinite(n, v, in);
          }
        }
      }
      values[i] = v;
      int r = resultIndex[i];
      if (r >= 0 && out[r] != v) {
        if (into != null) {
          System.arraycopy(v, 0, into[r], 0, v.length);  // a leaf output: copied, so the storage stays the caller's
        } else {
          // a computed output is fresh and a constant never changes; a parameter's storage or a live feed may
          // (updates, refills): the result copies those
          out[r] = kind[i] == OP || kind[i] == CONSTANT ? v : v.clone();
        }
      }
    }
    return out;
  }

  private static void checkFinite(Node n, double[] v, double[][] in) {
    for (int e = 0; e < v.length; e++) {
      if (!Double.isFinite(v[e])) {
        StringBuilder inputs = new StringBuilder();
        for (int k = 0; k < n.arity(); k++) {
          Node input = n.input(k);
          inputs.append(k == 0 ? "" : "; ").append(input.label()).append(" = ")
              .append(TensorFormat.preview(TensorStorage.wrap(input.shape(), in[k]), 4));
        }
        throw new NonFiniteValueException(n, String.format(
            "non-finite value: node %s (op %s, shape %s) = %s produced %s at element %s; inputs: %s",
            n.label(), n.op().opName(), n.shape(), Formula.infix(n, 200), TensorFormat.number(v[e]), e, inputs));
      }
    }
  }
}
