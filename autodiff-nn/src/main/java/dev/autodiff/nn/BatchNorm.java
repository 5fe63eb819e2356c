package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.io.LayerCodec;
import java.util.List;

/**
 * Batch normalization over the columns of its input, PyTorch's {@code BatchNorm1d}: each column (feature) of an
 * {@code N x width} batch is normalized on its own, {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}, with
 * {@code gamma} and {@code beta} learned rows ({@code 1 x width}) broadcast over the batch.
 *
 * <p>In a training pass ({@link Context#training()}) {@code mean} and {@code var} are the batch's mean and
 * <em>biased</em> variance per column ({@code sum((x - mean)^2) / N}), and the pass registers two
 * {@linkplain Context#addStateUpdate state updates} that the trainer applies after each step:
 * {@code running_mean <- (1 - momentum) running_mean + momentum mean} and
 * {@code running_var <- (1 - momentum) running_var + momentum sum((x - mean)^2) / (N - 1)} (the <em>unbiased</em>
 * variance), exactly PyTorch's convention. A training batch needs at least two rows (PyTorch refuses one too). In an
 * inference pass the running statistics take the batch's place, so a single sample is fine.
 *
 * <p>Parameters: {@code <name>.gamma} (ones) and {@code <name>.beta} (zeros; it is the layer's bias, which weight
 * penalties may leave out). State ({@link #state()}, not trainable): {@code <name>.running_mean} (zeros) and
 * {@code <name>.running_var} (ones). All are made in the graph scope {@code <name>}, so drawings can collapse the
 * layer. Defaults: momentum 0.1, epsilon 1e-5 (PyTorch's).
 *
 * <p>From Keras: its {@code BatchNormalization(momentum=m)} keeps {@code m} of the old value, so Keras
 * {@code momentum 0.99} is {@code momentum 0.01} here ({@code 1 - m}); its epsilon defaults to {@code 1e-3}, so pass
 * it explicitly. Keras moves its variance with the biased batch variance, so even then its running variance differs
 * from this one (and PyTorch's) by the factor {@code N / (N - 1)} in each step's contribution.
 *
 * <p>The statistics are per column of whatever it is given: for per-channel normalization of images
 * ({@code N x (H*W*C)}, channels last) reshape the batch to {@code (N*H*W) x C} first.
 */
public final class BatchNorm implements Layer {
  /** Saves and loads the layer's settings (its values are saved with the model's parameters and state). */
  public static final LayerCodec<BatchNorm> CODEC = LayerCodec.of("batchnorm", BatchNorm.class, (b, out) -> {
    out.writeString(b.name());
    out.writeInt(b.width());
    out.writeDouble(b.momentum());
    out.writeDouble(b.epsilon());
  }, in -> {
    String name = in.readString("name");
    int width = in.readInt("width", 1, Integer.MAX_VALUE);
    double momentum = in.readDouble("momentum");
    double epsilon = in.readDouble("epsilon");
    in.reserve("batchnorm " + name, 4L * width);
    return new BatchNorm(in.graph(), name, width, momentum, epsilon);
  });

  /** PyTorch's default momentum: the weight of the new batch in each running-statistics update. */
  public static final double DEFAULT_MOMENTUM = 0.1;
  /** PyTorch's default epsilon, added to the variance under the square root. */
  public static final double DEFAULT_EPSILON = 1e-5;

  private final String name;
  private final int width;
  private final double momentum;
  private final double epsilon;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;

  /** Batch normalization of {@code width} columns with PyTorch's defaults (momentum 0.1, epsilon 1e-5). */
  public BatchNorm(Graph graph, String name, int width) {
    this(graph, name, width, DEFAULT_MOMENTUM, DEFAULT_EPSILON);
  }

  /**
   * Batch normalization of {@code width} columns.
   *
   * @param momentum the weight of each new batch in the running statistics, in [0, 1] (PyTorch's convention;
   *     Keras's {@code momentum} is {@code 1 - momentum})
   * @param epsilon added to the variance under the square root, positive
   */
  public BatchNorm(Graph graph, String name, int width, double momentum, double epsilon) {
    checkNotNull(graph, "batchnorm: graph is null");
    this.name = checkNotNull(name, "batchnorm: name is null");
    checkArgument(!name.isBlank() && name.indexOf('/') < 0, "batchnorm: name must be non-empty and contain no '/', "
        + "got '%s'", name);
    checkArgument(width > 0, "batchnorm %s: width must be positive, got %s", name, width);
    checkArgument(momentum >= 0 && momentum <= 1, "batchnorm %s: momentum must be in [0, 1], got %s", name, momentum);
    checkArgument(epsilon > 0 && Double.isFinite(epsilon), "batchnorm %s: epsilon must be positive and finite, got %s",
        name, epsilon);
    this.width = width;
    this.momentum = momentum;
    this.epsilon = epsilon;
    Shape row = Shape.of(1, width);
    try (Graph.Scope s = graph.scope(name)) {
      this.gamma = graph.parameter(name + ".gamma", Tensor.filled(row, 1));
      this.beta = graph.parameter(name + ".beta", Tensor.zeros(row));
      this.runningMean = graph.parameter(name + ".running_mean", Tensor.zeros(row));
      this.runningVar = graph.parameter(name + ".running_var", Tensor.filled(row, 1));
    }
    runningMean.setTrainable(false);
    runningVar.setTrainable(false);
  }

  @Override
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "batchnorm %s: input is null", name);
    checkNotNull(ctx, "batchnorm %s: context is null", name);
    checkArgument(!x.shape().isScalar() && x.shape().cols() == width,
        "batchnorm %s: expects %s columns, got a batch of shape %s", name, width, x.shape());
    checkArgument(x.graph().sees(gamma), "batchnorm %s: the input belongs to another graph", name);
    int n = x.shape().rows();
    try (Graph.Scope s = x.graph().scope(name)) {
      if (!ctx.training()) {
        Node scale = gamma.div(runningVar.plus(epsilon).sqrt());
        return x.minus(runningMean).times(scale).plus(beta);
      }
      checkArgument(n > 1, "batchnorm %s: a training batch needs at least 2 rows to estimate the variance, got a "
          + "batch of shape %s (PyTorch refuses it too)", name, x.shape());
      Node mean = x.mean(Axis.ROWS);
      Node centered = x.minus(mean);
      Node squares = centered.square().sum(Axis.ROWS);
      Node scale = gamma.div(squares.div(n).plus(epsilon).sqrt());
      ctx.addStateUpdate(runningMean, runningMean.times(1 - momentum).plus(mean.times(momentum)));
      ctx.addStateUpdate(runningVar, runningVar.times(1 - momentum).plus(squares.div(n - 1).times(momentum)));
      return centered.times(scale).plus(beta);
    }
  }

  public String name() {
    return name;
  }

  /** The number of columns normalized. */
  public int width() {
    return width;
  }

  /** The weight of each new batch in the running statistics (PyTorch's convention). */
  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  /** The scale {@code <name>.gamma}, {@code 1 x width}. */
  public Parameter gamma() {
    return gamma;
  }

  /** The shift {@code <name>.beta}, {@code 1 x width}. */
  public Parameter beta() {
    return beta;
  }

  /** The running mean {@code <name>.running_mean}, {@code 1 x width}, not trainable. */
  public Parameter runningMean() {
    return runningMean;
  }

  /** The running (unbiased) variance {@code <name>.running_var}, {@code 1 x width}, not trainable. */
  public Parameter runningVar() {
    return runningVar;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(gamma, beta);
  }

  @Override
  public List<Parameter> biases() {
    return List.of(beta);
  }

  @Override
  public List<Parameter> state() {
    return List.of(runningMean, runningVar);
  }

  @Override
  public int outputWidth(int inputWidth) {
    checkArgument(inputWidth == width, "batchnorm %s: expects %s columns, got %s", name, width, inputWidth);
    return width;
  }

  @Override
  public String describe() {
    return "batchnorm " + name + " " + width;
  }
}
