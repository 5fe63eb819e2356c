package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.io.LayerCodec;
import java.util.List;
import java.util.Random;

/**
 * A fully connected layer {@code S = x W + b}: weights {@code W} ({@code in x out}) and a bias row {@code b}
 * ({@code 1 x out}) broadcast over the batch. Its parameters are named {@code <name>.W} and {@code <name>.b} and
 * made in the graph scope {@code <name>}, so drawings can collapse the layer.
 */
public final class Dense implements Layer {
  /** Saves the name and the sizes (the values are saved by name with the model's other parameters). */
  public static final LayerCodec<Dense> CODEC = LayerCodec.of("dense", Dense.class, (d, out) -> {
    out.writeString(d.name);
    out.writeInt(d.in);
    out.writeInt(d.out);
  }, in -> {
    String name = in.readString("name");
    int inputs = in.readInt("inputs", 1, Integer.MAX_VALUE);
    int outputs = in.readInt("outputs", 1, Integer.MAX_VALUE);
    in.reserve("dense " + name, (long) inputs * outputs + outputs);
    return new Dense(in.graph(), name, inputs, outputs, Init.zeros(), new Random(0));
  });

  private final String name;
  private final int in;
  private final int out;
  private final Parameter weights;
  private final Parameter bias;

  /** A dense layer with weights from {@code init} and zero bias. */
  public Dense(Graph graph, String name, int in, int out, Init init, Random random) {
    checkNotNull(graph, "dense: graph is null");
    checkNotNull(init, "dense %s: init is null", name);
    checkNotNull(random, "dense %s: random is null", name);
    checkArgument(in > 0 && out > 0, "dense %s: sizes must be positive, got %s -> %s", name, in, out);
    checkArgument((long) in * out <= Integer.MAX_VALUE - 8,
        "dense %s: %s -> %s needs more weights than a Java array can hold", name, in, out);
    this.name = checkNotNull(name, "dense: name is null");
    this.in = in;
    this.out = out;
    Tensor w = init.weights(in, out, random);
    checkArgument(w.shape().equals(Shape.of(in, out)), "dense %s: init gave %s, wanted %sx%s", name, w.shape(), in,
        out);
    try (Graph.Scope s = graph.scope(name)) {
      this.weights = graph.parameter(name + ".W", w);
      this.bias = graph.parameter(name + ".b", Tensor.zeros(Shape.of(1, out)));
    }
  }

  @Override
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "dense %s: input is null", name);
    checkNotNull(ctx, "dense %s: forward: context is null", name);
    checkArgument(!x.shape().isScalar() && x.shape().cols() == in,
        "dense %s: expects %s inputs per sample, got a batch of shape %s", name, in, x.shape());
    try (Graph.Scope s = x.graph().scope(name)) {
      Node product = x.matmul(weights);
      Node sum = product.plus(bias);
      ctx.mark(product, Context.Role.PRODUCT, this, null);
      ctx.mark(sum, Context.Role.SUM, this, null);
      return sum;
    }
  }

  public String name() {
    return name;
  }

  public Parameter weights() {
    return weights;
  }

  public Parameter bias() {
    return bias;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weights, bias);
  }

  @Override
  public List<Parameter> biases() {
    return List.of(bias);
  }

  @Override
  public int outputWidth(int inputWidth) {
    checkArgument(inputWidth == in, "dense %s: expects %s inputs per sample, got %s", name, in, inputWidth);
    return out;
  }

  @Override
  public String describe() {
    return "dense " + name + " " + in + " -> " + out;
  }
}
