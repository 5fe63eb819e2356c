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
 * Layer normalization, PyTorch's {@code nn.LayerNorm(width)}: each row (sample) of an {@code N x width} batch is
 * normalized over its own columns, {@code y = gamma * (x - mean_row) / sqrt(var_row + eps) + beta}, with the row's
 * mean and <em>biased</em> variance ({@code sum((x - mean_row)^2) / width}) and learned rows {@code gamma},
 * {@code beta} ({@code 1 x width}) broadcast over the batch. Training and inference compute the same thing, so there
 * is no state and any batch size works, one sample included.
 *
 * <p>Parameters {@code <name>.gamma} (ones) and {@code <name>.beta} (zeros; the layer's bias, which weight penalties
 * may leave out), made in the graph scope {@code <name>}. Epsilon defaults to PyTorch's {@code 1e-5} (Keras's
 * {@code LayerNormalization} uses {@code 1e-3}).
 */
public final class LayerNorm implements Layer {
  /** Saves and loads the layer's settings (gamma and beta are saved with the model's parameters). */
  public static final LayerCodec<LayerNorm> CODEC = LayerCodec.of("layernorm", LayerNorm.class, (l, out) -> {
    out.writeString(l.name());
    out.writeInt(l.width());
    out.writeDouble(l.epsilon());
  }, in -> {
    String name = in.readString("name");
    int width = in.readInt("width", 1, Integer.MAX_VALUE);
    double epsilon = in.readDouble("epsilon");
    in.reserve("layernorm " + name, 2L * width);
    return new LayerNorm(in.graph(), name, width, epsilon);
  });

  /** PyTorch's default epsilon, added to the variance under the square root. */
  public static final double DEFAULT_EPSILON = 1e-5;

  private final String name;
  private final int width;
  private final double epsilon;
  private final Parameter gamma;
  private final Parameter beta;

  /** Layer normalization of rows {@code width} wide, with epsilon 1e-5. */
  public LayerNorm(Graph graph, String name, int width) {
    this(graph, name, width, DEFAULT_EPSILON);
  }

  /**
   * Layer normalization of rows {@code width} wide.
   *
   * @param epsilon added to the variance under the square root, positive
   */
  public LayerNorm(Graph graph, String name, int width, double epsilon) {
    checkNotNull(graph, "layernorm: graph is null");
    this.name = checkNotNull(name, "layernorm: name is null");
    checkArgument(!name.isBlank() && name.indexOf('/') < 0, "layernorm: name must be non-empty and contain no '/', "
        + "got '%s'", name);
    checkArgument(width > 0, "layernorm %s: width must be positive, got %s", name, width);
    checkArgument(epsilon > 0 && Double.isFinite(epsilon), "layernorm %s: epsilon must be positive and finite, got %s",
        name, epsilon);
    this.width = width;
    this.epsilon = epsilon;
    Shape row = Shape.of(1, width);
    try (Graph.Scope s = graph.scope(name)) {
      this.gamma = graph.parameter(name + ".gamma", Tensor.filled(row, 1));
      this.beta = graph.parameter(name + ".beta", Tensor.zeros(row));
    }
  }

  @Override
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "layernorm %s: input is null", name);
    checkNotNull(ctx, "layernorm %s: context is null", name);
    checkArgument(!x.shape().isScalar() && x.shape().cols() == width,
        "layernorm %s: expects %s columns, got a batch of shape %s", name, width, x.shape());
    checkArgument(x.graph().sees(gamma), "layernorm %s: the input belongs to another graph", name);
    try (Graph.Scope s = x.graph().scope(name)) {
      Node centered = x.minus(x.mean(Axis.COLUMNS));
      Node std = centered.square().mean(Axis.COLUMNS).plus(epsilon).sqrt();
      return centered.div(std).times(gamma).plus(beta);
    }
  }

  public String name() {
    return name;
  }

  /** The number of columns each row is normalized over. */
  public int width() {
    return width;
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

  @Override
  public List<Parameter> parameters() {
    return List.of(gamma, beta);
  }

  @Override
  public List<Parameter> biases() {
    return List.of(beta);
  }

  @Override
  public int outputWidth(int inputWidth) {
    checkArgument(inputWidth == width, "layernorm %s: expects %s columns, got %s", name, width, inputWidth);
    return width;
  }

  @Override
  public String describe() {
    return "layernorm " + name + " " + width;
  }
}
