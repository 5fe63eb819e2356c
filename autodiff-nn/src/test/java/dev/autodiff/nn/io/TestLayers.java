package dev.autodiff.nn.io;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Layer;
import java.util.List;

/** Custom layers of the kind users write, with their codecs: what the io tests save and load. */
final class TestLayers {
  private TestLayers() {}

  /** Swish with a learned sharpness: {@code x sigmoid(beta x)}, one trainable scalar {@code <name>.beta}. */
  static final class Swish implements Layer {
    static final LayerCodec<Swish> CODEC = LayerCodec.of("test.swish", Swish.class,
        (swish, out) -> out.writeString(swish.name), in -> new Swish(in.graph(), in.readString("name")));

    final String name;
    final Parameter beta;

    Swish(Graph g, String name) {
      this.name = name;
      this.beta = g.parameter(name + ".beta", 1.0);
    }

    @Override
    public Node forward(Node x, Context ctx) {
      return x.times(x.times(beta).sigmoid());
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(beta);
    }

    @Override
    public int outputWidth(int inputWidth) {
      return inputWidth;
    }

    @Override
    public String describe() {
      return "swish " + name;
    }
  }

  /** {@code x + inner(x)}: a custom layer with a sub-layer, saved through the writer's {@code writeLayer}. */
  static final class Residual implements Layer {
    static final LayerCodec<Residual> CODEC = LayerCodec.of("test.residual", Residual.class,
        (r, out) -> out.writeLayer(r.inner), in -> new Residual(in.readLayer()));

    final Layer inner;

    Residual(Layer inner) {
      this.inner = inner;
    }

    @Override
    public Node forward(Node x, Context ctx) {
      return x.plus(inner.forward(x, ctx));
    }

    @Override
    public List<Parameter> parameters() {
      return inner.parameters();
    }

    @Override
    public List<Parameter> state() {
      return inner.state();
    }

    @Override
    public List<Layer> children() {
      return List.of(inner);
    }

    @Override
    public int outputWidth(int inputWidth) {
      return inner.outputWidth(inputWidth);
    }

    @Override
    public String describe() {
      return "residual(" + inner.describe() + ")";
    }
  }

  /** {@code x - mean}, with {@code mean} ({@code 1 x width}) a state value, as batch normalization keeps. */
  static final class Centering implements Layer {
    static final LayerCodec<Centering> CODEC = LayerCodec.of("test.centering", Centering.class, (c, out) -> {
      out.writeString(c.name);
      out.writeInt(c.mean.shape().cols());
    }, in -> {
      String name = in.readString("name");
      int width = in.readInt("width", 1, Integer.MAX_VALUE);
      in.reserve(name, width);
      return new Centering(in.graph(), name, width);
    });

    final String name;
    final Parameter mean;

    Centering(Graph g, String name, int width) {
      this.name = name;
      this.mean = g.parameter(name + ".mean", Tensor.zeros(Shape.of(1, width)));
      mean.setTrainable(false);
    }

    @Override
    public Node forward(Node x, Context ctx) {
      return x.minus(mean);
    }

    @Override
    public List<Parameter> parameters() {
      return List.of();
    }

    @Override
    public List<Parameter> state() {
      return List.of(mean);
    }

    @Override
    public int outputWidth(int inputWidth) {
      return inputWidth;
    }

    @Override
    public String describe() {
      return "centering " + name;
    }
  }

  /** Registers the codecs above once per test JVM (tests that unregister one register it again). */
  static synchronized void register() {
    for (LayerCodec<?> c : List.of(Swish.CODEC, Residual.CODEC, Centering.CODEC)) {
      if (LayerCodecs.forKind(c.kind()).isEmpty()) {
        LayerCodecs.register(c);
      }
    }
  }
}
