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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network ready to use: a layer (usually a {@link Sequential}) over a fixed number of inputs per sample, in its
 * graph. {@link #predict} takes a batch of any size: the graph for each batch size is built and compiled once, on
 * first use, and shares the model's parameters, so nothing needs rebuilding when the size changes (a last partial
 * batch, a single sample). Predictions may run from several threads at once.
 */
public final class Model {
  private final Graph graph;
  private final Layer network;
  private final int inputWidth;
  private final int outputWidth;
  private final List<Parameter> parameters;
  private final Map<Integer, Compiled> inference = new ConcurrentHashMap<>();
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
      checkArgument(p.graph() == graph, "model: parameter %s belongs to another graph", p);
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

  public List<Parameter> parameters() {
    return parameters;
  }

  /** The number of trainable numbers (2-2-1 MLP: {@code 2*2 + 2 + 2*1 + 1 = 9}). */
  public int parameterCount() {
    return network.parameterCount();
  }

  /** A new input node for a batch of {@code rows} samples, with a name unique in the graph. */
  public Input newInput(String prefix, int rows, int cols) {
    checkNotNull(prefix, "model: newInput: prefix is null");
    checkArgument(rows > 0, "model: batch size must be positive, got %s", rows);
    checkArgument(cols > 0, "model: newInput: width must be positive, got %s", cols);
    checkArgument((long) rows * cols <= Integer.MAX_VALUE - 8,
        "model: newInput: a %sx%s batch has more elements than a Java array can hold", rows, cols);
    return graph.input(prefix + "#" + passes.incrementAndGet() + "[" + rows + "]", Shape.of(rows, cols));
  }

  /** A context for a new forward pass on {@code input}. */
  public Context newContext(boolean training, Node input) {
    checkNotNull(input, "model: newContext: input is null");
    return new Context(training, input, (training ? "train" : "infer") + "-" + passes.incrementAndGet());
  }

  /** Builds the network's graph for {@code x}. */
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "model: input is null");
    checkArgument(x.shape().cols() == inputWidth && !x.shape().isScalar(),
        "model: expects %s inputs per sample, got a batch of shape %s", inputWidth, x.shape());
    return network.forward(x, ctx);
  }

  /** The outputs for a batch (one row per sample, {@link #inputWidth} columns), in inference mode. */
  public Tensor predict(Tensor batch) {
    checkBatch("predict", batch);
    Compiled c = inference.computeIfAbsent(batch.rows(), rows -> {
      Input in = newInput("x", rows, inputWidth);
      Node out = forward(in, newContext(false, in));
      return new Compiled(in, out, Program.compile(out));
    });
    return c.program().run(Feeds.of(c.input(), batch)).get(c.output());
  }

  /** The outputs for one sample. */
  public double[] predict(double... sample) {
    checkNotNull(sample, "predict: sample is null");
    return predict(Tensor.matrix(1, sample.length, sample)).toArray();
  }

  /** Checks a batch: a matrix {@link #inputWidth} wide, all values finite. */
  public void checkBatch(String what, Tensor batch) {
    checkNotNull(batch, "%s: batch is null", what);
    checkArgument(!batch.shape().isScalar() && batch.cols() == inputWidth,
        "%s: the model takes %s inputs per sample, got a batch of shape %s", what, inputWidth, batch.shape());
    for (int i = 0; i < batch.size(); i++) {
      checkArgument(Double.isFinite(batch.at(i)), "%s: input row %s, column %s is %s", what, i / batch.cols(),
          i % batch.cols(), batch.at(i));
    }
  }

  /** A copy of every parameter's value, to restore with {@link #restore}. */
  public List<Tensor> snapshot() {
    Tensor[] values = new Tensor[parameters.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = parameters.get(i).value();
    }
    return Arrays.asList(values);
  }

  /** Puts back values taken by {@link #snapshot}. */
  public void restore(List<Tensor> values) {
    checkNotNull(values, "model: restore: values are null");
    List<Parameter> ps = parameters();
    checkArgument(values.size() == ps.size(), "model: snapshot has %s values for %s parameters", values.size(),
        ps.size());
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
