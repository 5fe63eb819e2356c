package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network ready to use: a layer (usually a {@link Sequential}) over a fixed number of inputs per sample, in its
 * graph. {@link #predict} takes a batch of any size: the pass for a batch size is built in a {@link Graph#branch} of
 * the model's graph and compiled on first use, and shares the model's parameters, so nothing needs rebuilding when
 * the size changes (a last partial batch, a single sample). The programs of the {@value #CACHED_BATCH_SIZES} batch
 * sizes used last are kept; an older one is dropped with its branch, so a model serves any sequence of batch sizes
 * in bounded memory and its graph holds only its parameters. Predictions may run from several threads at once.
 */
public final class Model {
  private final Graph graph;
  private final Layer network;
  private final int inputWidth;
  private final int outputWidth;
  private final List<Parameter> parameters;
  /** How many batch sizes {@link #predict} keeps compiled (the most recently used). */
  public static final int CACHED_BATCH_SIZES = 8;

  /** The compiled inference passes by batch size, least recently used first (guarded by itself). */
  private final LinkedHashMap<Integer, Compiled> inference = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Compiled> eldest) {
      return size() > CACHED_BATCH_SIZES;
    }
  };
  private final AtomicInteger passes = new AtomicInteger();

  private record Compiled(Input input, Node output, Program program) {}

  public Model(Graph graph, Layer network, int inputWidth) {
    checkNotNull(graph, "model: graph is null");
    checkNotNull(network, "model: network is null");
    checkArgument(inputWidth > 0, "model: input width must be positive, got %s", inputWidth);
    this.graph = graph;
    this.network = network;
    this.inputWidth = inputWidth;
    try {
      this.outputWidth = network.outputWidth(inputWidth);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model: " + e.getMessage(), e);
    }
    this.parameters = List.copyOf(network.parameters());  // a built network's parameters are fixed
    for (Parameter p : parameters) {
      checkArgument(graph.sees(p), "model: parameter %s belongs to another graph", p);
    }
  }

  public Graph graph() {
    return graph;
  }

  public Layer network() {
    return network;
  }

  public int inputWidth() {
    return inputWidth;
  }

  public int outputWidth() {
    return outputWidth;
  }

  /** Every parameter of the network, trainable or frozen (state not included), in a fixed order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The parameters a trainer moves: {@link #parameters()} less the frozen ones, in the same order. */
  public List<Parameter> trainableParameters() {
    return parameters.stream().filter(Parameter::isTrainable).toList();
  }

  /** The layers' state (running statistics): values no gradient step moves, saved with the model. */
  public List<Parameter> state() {
    return network.state();
  }

  /** The numbers a trainer moves. */
  public int trainableParameterCount() {
    return trainableParameters().stream().mapToInt(p -> p.shape().size()).sum();
  }

  /** The numbers a trainer does not move by gradient: frozen parameters and the layers' state (as Keras counts). */
  public int nonTrainableParameterCount() {
    return parameterCount() - trainableParameterCount() + state().stream().mapToInt(p -> p.shape().size()).sum();
  }

  /**
   * Freezes {@code layer} (a layer of this model, or the whole network): its parameters stay bit-identical through
   * training until {@link #unfreeze}. Its state (running statistics) is still updated by training passes.
   */
  public void freeze(Layer layer) {
    setTrainable("freeze", layer, false);
  }

  /** Makes {@code layer}'s parameters trainable again. */
  public void unfreeze(Layer layer) {
    setTrainable("unfreeze", layer, true);
  }

  private void setTrainable(String what, Layer layer, boolean trainable) {
    checkNotNull(layer, "model: %s: layer is null", what);
    for (Parameter p : layer.parameters()) {
      checkArgument(parameters.contains(p), "model: %s: layer '%s' is not part of this model", what,
          layer.describe());
    }
    for (Parameter p : layer.parameters()) {
      p.setTrainable(trainable);
    }
  }

  /**
   * A table of the network as Keras prints it: one row per layer with its name, type, output shape and parameter
   * count, then the total, trainable and non-trainable counts (a 2-2-1 MLP: 9, 9, 0).
   */
  public String summary() {
    return ModelSummary.of(this);
  }

  /** The number of parameter numbers, trainable or frozen (2-2-1 MLP: {@code 2*2 + 2 + 2*1 + 1 = 9}). */
  public int parameterCount() {
    return network.parameterCount();
  }

  /**
   * A forward pass of the network built for batches of {@code rows} samples: its new input node, its output node,
   * and the context that collected what the pass adds besides (penalties for the training loss, noise inputs such
   * as dropout masks that must be fed fresh at every step).
   */
  public record Pass(Input input, Node output, Context context) {
    public Pass {
      checkNotNull(input, "pass: input is null");
      checkNotNull(output, "pass: output is null");
      checkNotNull(context, "pass: context is null");
    }

    /**
     * The pass's own graph, a {@link Graph#branch} of the model's: build what goes with the pass (targets, a loss)
     * here, not in the model's graph, whose nodes added after the pass was built the pass cannot use.
     */
    public Graph graph() {
      return input.graph();
    }
  }

  /**
   * Builds a forward pass on a new input named {@code prefix#k[rows]}, for training (dropout active, penalties
   * collected) or inference, in a new {@link Graph#branch} of the model's graph: the pass's nodes, and whatever is
   * built from them (a loss, gradients), belong to the branch and are collected with it once nothing refers to them,
   * so passes never pile up in the model's graph. Nodes of the pass may use what the model's graph holds when the
   * pass is built (the parameters, and for instance a weight penalty built before); build one pass per batch size
   * and run it many times, as {@link #predict} and the trainer do.
   */
  public Pass newPass(String prefix, int rows, boolean training) {
    checkNotNull(prefix, "model: newPass: prefix is null");
    Graph branch = graph.branch();
    try (Graph.Building building = branch.building()) {
      Input in = newInput(branch, prefix, rows, inputWidth);
      Context ctx = new Context(training, in, (training ? "train" : "infer") + "-" + passes.incrementAndGet());
      return new Pass(in, forward(in, ctx), ctx);
    }
  }

  private Input newInput(Graph in, String prefix, int rows, int cols) {
    checkArgument(rows > 0, "model: batch size must be positive, got %s", rows);
    checkArgument(cols > 0, "model: newInput: width must be positive, got %s", cols);
    checkArgument((long) rows * cols <= Integer.MAX_VALUE - 8,
        "model: newInput: a %sx%s batch has more elements than a Java array can hold", rows, cols);
    return in.input(prefix + "#" + passes.incrementAndGet() + "[" + rows + "]", Shape.of(rows, cols));
  }

  /** Builds the network's graph for {@code x}. */
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "model: input is null");
    checkNotNull(ctx, "model: forward: context is null");
    checkArgument(x.shape().cols() == inputWidth && !x.shape().isScalar(),
        "model: expects %s inputs per sample, got a batch of shape %s", inputWidth, x.shape());
    return network.forward(x, ctx);
  }

  /**
   * The batch sizes {@link #predict} holds compiled now, least recently used first: at most
   * {@value #CACHED_BATCH_SIZES}.
   */
  public List<Integer> cachedBatchSizes() {
    synchronized (inference) {
      return List.copyOf(inference.keySet());
    }
  }

  /**
   * The outputs for a batch (one row per sample, {@link #inputWidth} columns), in inference mode.
   *
   * @throws dev.autodiff.core.exec.NonFiniteValueException naming the first node that went non-finite, when finite
   *     inputs give outputs that are not (weights that overflow on these inputs): never handed back silently
   */
  public Tensor predict(Tensor batch) {
    checkBatch("predict", batch);
    int rows = batch.rows();
    Compiled c;
    synchronized (inference) {
      c = inference.get(rows);
    }
    if (c == null) {
      // built outside the lock (the graph is thread-safe), so a new size does not hold up the sizes already compiled
      Pass pass = newPass("x", rows, false);
      Compiled built = new Compiled(pass.input(), pass.output(), Program.compile(pass.output()));
      synchronized (inference) {
        c = inference.putIfAbsent(rows, built);
        if (c == null) {
          c = built;
        }
      }
    }
    Feeds feeds = Feeds.of(c.input(), batch);
    Tensor out = c.program().run(feeds).get(c.output());
    if (!finite(out)) {
      // NOTE: finite inputs gave NaN or infinity (weights that overflow on these inputs): never handed back
      // silently; the checking program names the first node that went non-finite
      c.program().checkingFinite().run(feeds);
      throw new IllegalStateException("predict: the outputs are not finite but no node was found to blame");
    }
    return out;
  }

  private static boolean finite(Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      if (!Double.isFinite(t.at(i))) {
        return false;
      }
    }
    return true;
  }

  /** The outputs for one sample. */
  public double[] predict(double... sample) {
    checkNotNull(sample, "predict: sample is null");
    return predict(Tensor.matrix(1, sample.length, sample)).toArray();
  }

  /** Checks a batch: a matrix {@link #inputWidth} wide, all values finite. */
  private void checkBatch(String what, Tensor batch) {
    checkNotNull(batch, "%s: batch is null", what);
    checkArgument(!batch.shape().isScalar() && batch.cols() == inputWidth,
        "%s: the model takes %s inputs per sample, got a batch of shape %s", what, inputWidth, batch.shape());
    for (int i = 0; i < batch.size(); i++) {
      checkArgument(Double.isFinite(batch.at(i)), "%s: input row %s, column %s is %s", what, i / batch.cols(),
          i % batch.cols(), batch.at(i));
    }
  }

  /**
   * A copy of every parameter's value and then every state value (running statistics), to restore with
   * {@link #restore}: weights and statistics that belong together.
   */
  public List<Tensor> snapshot() {
    List<Parameter> all = new ArrayList<>(parameters);
    all.addAll(state());
    Tensor[] values = new Tensor[all.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = all.get(i).value();
    }
    return Arrays.asList(values);
  }

  /** Puts back values taken by {@link #snapshot}. */
  public void restore(List<Tensor> values) {
    checkNotNull(values, "model: restore: values are null");
    List<Parameter> ps = new ArrayList<>(parameters);
    ps.addAll(state());
    checkArgument(values.size() == ps.size(), "model: snapshot has %s values for %s parameters and state values",
        values.size(), ps.size());
    for (int i = 0; i < ps.size(); i++) {
      ps.get(i).set(values.get(i));
    }
  }

  @Override
  public String toString() {
    return "model " + inputWidth + " -> " + outputWidth + " (" + parameterCount() + " parameters): "
        + network.describe();
  }
}
