package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.ops.Images;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.nn.io.LayerCodec;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A 2-D convolution layer (Keras' {@code Conv2D} without an activation: add one after it): {@code filters} kernels
 * of a {@code window} over every channel of the {@code input} images, plus a bias per filter. The batch is an
 * {@code N x (H*W*C)} matrix (channels last, see {@link Image}); the kernel is the parameter {@code <name>.W} of shape
 * {@code (KH*KW*C) x F} (Keras' {@code HWIO} kernel reshaped; Glorot-uniform by default, with fan-in {@code KH*KW*C}
 * and fan-out {@code KH*KW*F} as Keras counts them) and the bias {@code <name>.b} ({@code 1 x F}, zeros). Built in
 * the graph scope {@code <name>}. Parameters: {@code KH*KW*C*F + F}.
 */
public final class Conv2D implements Layer {
  /** Saves the name, the input geometry, the filters and the window (values are saved by name with the others). */
  public static final LayerCodec<Conv2D> CODEC = LayerCodec.of("conv2d", Conv2D.class, (c, out) -> {
    out.writeString(c.name);
    Geometry.write(out, c.input);
    out.writeInt(c.filters);
    Geometry.write(out, c.window);
  }, in -> {
    String name = in.readString("name");
    Image image = Geometry.readImage(in);
    int filters = in.readInt("filters", 1, Integer.MAX_VALUE);
    Window window = Geometry.readWindow(in);
    long depth = Image.product(window.height(), window.width(), image.channels());
    in.reserve("conv2d " + name, Math.min(Image.product(depth, filters), Long.MAX_VALUE - filters) + filters);
    return new Conv2D(in.graph(), name, image, filters, window, Init.zeros(), new Random(0));
  });

  private final String name;
  private final Image input;
  private final Image output;
  private final int filters;
  private final Window window;
  private final Parameter kernel;
  private final Parameter bias;

  /**
   * A convolution of {@code input} images with {@code filters} kernels of {@code window}, the kernel drawn by
   * {@code init} (for {@code (KH*KW*C) x F}; {@link Init#xavier()} is Keras' Glorot-uniform default).
   *
   * @throws IllegalArgumentException when a 'valid' window does not fit the image or the sizes are too large
   */
  public Conv2D(Graph graph, String name, Image input, int filters, Window window, Init init, Random random) {
    checkNotNull(graph, "conv2d: graph is null");
    this.name = checkNotNull(name, "conv2d: name is null");
    this.input = checkNotNull(input, "conv2d %s: input image is null", name);
    this.window = checkNotNull(window, "conv2d %s: window is null", name);
    checkNotNull(init, "conv2d %s: init is null", name);
    checkNotNull(random, "conv2d %s: random is null", name);
    checkArgument(filters > 0, "conv2d %s: filters must be positive, got %s", name, filters);
    checkArgument(window.fits(input), "conv2d %s: a %s window does not fit a %s image", name, window, input);
    long depth = Image.product(window.height(), window.width(), input.channels());
    checkArgument(Image.product(depth, filters) <= Integer.MAX_VALUE - 8,
        "conv2d %s: a %s window over %s channels with %s filters needs more weights than a Java array can hold", name,
        window, input.channels(), filters);
    this.filters = filters;
    this.output = window.output(input, filters);
    Tensor k = init.weights((int) depth, filters, (int) depth, window.height() * window.width() * filters, random);
    checkArgument(k.shape().equals(Shape.of((int) depth, filters)), "conv2d %s: init gave %s, wanted %sx%s", name,
        k.shape(), depth, filters);
    try (Graph.Scope s = graph.scope(name)) {
      this.kernel = graph.parameter(name + ".W", k);
      this.bias = graph.parameter(name + ".b", Tensor.zeros(Shape.of(1, filters)));
    }
  }

  @Override
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "conv2d %s: input is null", name);
    checkArgument(!x.shape().isScalar() && x.shape().cols() == input.columns(),
        "conv2d %s: input has %s columns, %s needs %s", name, x.shape().isScalar() ? 1 : x.shape().cols(), input,
        input.columns());
    try (Graph.Scope s = x.graph().scope(name)) {
      return Images.conv2d(x, input, kernel, bias, window);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The kernel, {@code (KH*KW*C) x F}. */
  public Parameter kernel() {
    return kernel;
  }

  public Parameter bias() {
    return bias;
  }

  public Image input() {
    return input;
  }

  public int filters() {
    return filters;
  }

  public Window window() {
    return window;
  }

  @Override
  public Optional<Image> outputImage() {
    return Optional.of(output);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(kernel, bias);
  }

  @Override
  public List<Parameter> biases() {
    return List.of(bias);
  }

  @Override
  public int outputWidth(int inputWidth) {
    checkArgument(inputWidth == input.columns(), "conv2d %s: takes %s images (%s inputs per sample), got %s", name,
        input, input.columns(), inputWidth);
    return output.columns();
  }

  @Override
  public String describe() {
    return "conv2d " + name + " " + filters + " x " + window + " " + input + " -> " + output;
  }
}
