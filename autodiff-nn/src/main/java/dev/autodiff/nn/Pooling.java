package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.nn.io.LayerCodec;
import java.util.List;
import java.util.Optional;

/**
 * What the two pooling layers share: the input geometry, the window, no parameters, and the checks. A pooling keeps
 * the channels and shrinks the height and width as the window says ({@link Window#pool(int)}: Keras' default,
 * stride equal to the size, 'valid' padding).
 */
abstract sealed class Pooling implements Layer permits MaxPool2D, AveragePool2D {
  private final String kind;
  private final String name;
  private final Image input;
  private final Image output;
  private final Window window;

  Pooling(String kind, String name, Image input, Window window) {
    this.kind = kind;
    this.name = checkNotNull(name, "%s: name is null", kind);
    this.input = checkNotNull(input, "%s: input image is null", kind);
    this.window = checkNotNull(window, "%s: window is null", kind);
    checkArgument(window.fits(input), "%s: a %s window does not fit a %s image", kind, window, input);
    this.output = window.output(input, input.channels());
  }

  /** How a pooling layer is made from what its codec saves. */
  interface Maker<P extends Pooling> {
    P make(String name, Image input, Window window);
  }

  /** The codec of a pooling layer: its name, input geometry and window. */
  static <P extends Pooling> LayerCodec<P> codec(String kind, Class<P> type, Maker<P> maker) {
    return LayerCodec.of(kind, type, (p, out) -> {
      out.writeString(p.name());
      Geometry.write(out, p.input());
      Geometry.write(out, p.window());
    }, in -> maker.make(in.readString("name"), Geometry.readImage(in), Geometry.readWindow(in)));
  }

  /** The pooled batch. */
  abstract Node pool(Node x);

  @Override
  public final Node forward(Node x, Context ctx) {
    checkNotNull(x, "%s: input is null", kind);
    checkArgument(!x.shape().isScalar() && x.shape().cols() == input.columns(),
        "%s: input has %s columns, %s needs %s", kind, x.shape().isScalar() ? 1 : x.shape().cols(), input,
        input.columns());
    if (name.isEmpty()) {
      return pool(x);
    }
    try (Graph.Scope s = x.graph().scope(name)) {
      return pool(x);
    }
  }

  /** The layer's name and graph scope ({@code Cnn.builder} names poolings as Keras does), or empty. */
  @Override
  public final String name() {
    return name;
  }

  public final Image input() {
    return input;
  }

  public final Window window() {
    return window;
  }

  @Override
  public final Optional<Image> outputImage() {
    return Optional.of(output);
  }

  @Override
  public final List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public final int outputWidth(int inputWidth) {
    checkArgument(inputWidth == input.columns(), "%s: takes %s images (%s inputs per sample), got %s", kind, input,
        input.columns(), inputWidth);
    return output.columns();
  }

  @Override
  public final String describe() {
    return kind + (name.isEmpty() ? "" : " " + name) + " " + window + " " + input + " -> " + output;
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof Pooling p && p.getClass() == getClass() && p.name.equals(name) && p.input.equals(input)
        && p.window.equals(window);
  }

  @Override
  public final int hashCode() {
    return ((kind.hashCode() * 31 + name.hashCode()) * 31 + input.hashCode()) * 31 + window.hashCode();
  }
}
