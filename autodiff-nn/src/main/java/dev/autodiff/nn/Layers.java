package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.io.LayerCodec;
import java.util.List;

/** The parameter-free layers and the small parametric ones: activation, dropout, PReLU, penalties. */
public final class Layers {
  private Layers() {}

  /** A layer without parameters whose output is as wide as its input. */
  public interface ShapePreserving extends Layer {
    @Override
    default List<Parameter> parameters() {
      return List.of();
    }

    @Override
    default int outputWidth(int inputWidth) {
      return inputWidth;
    }
  }

  /** Applies an activation elementwise (softmax: per row). */
  public static Layer activation(Activation a) {
    checkNotNull(a, "activation layer: activation is null");
    return new ActivationLayer(a);
  }

  /** An activation as a layer. */
  public record ActivationLayer(Activation activation) implements ShapePreserving {
    /** Saves the activation's {@link Activation#spec() spec}; only activations {@link Activation#parse} reads. */
    public static final LayerCodec<ActivationLayer> CODEC = LayerCodec.of("activation", ActivationLayer.class,
        (a, out) -> out.writeString(Activation.parse(a.activation.spec()).spec()),
        in -> new ActivationLayer(Activation.parse(in.readString("activation"))));

    @Override
    public Node forward(Node x, Context ctx) {
      checkNotNull(ctx, "activation layer: forward: context is null");
      Node h = activation.apply(x);
      ctx.mark(h, Context.Role.ACTIVATION, null, x);
      return h;
    }

    @Override
    public String describe() {
      return "activation " + activation.spec();
    }
  }

  /**
   * Inverted dropout with drop probability {@code rate} in [0, 1): in training each unit is kept with probability
   * {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, so inference needs no change; in inference it does
   * nothing. The mask is an input that the trainer feeds with fresh seeded random values at every step.
   */
  public static Layer dropout(double rate) {
    checkArgument(rate >= 0 && rate < 1, "dropout: rate must be in [0, 1), got %s", rate);
    return new Dropout(rate);
  }

  /** Inverted dropout; see {@link #dropout}. */
  public record Dropout(double rate) implements ShapePreserving {
    public static final LayerCodec<Dropout> CODEC = LayerCodec.of("dropout", Dropout.class,
        (d, out) -> out.writeDouble(d.rate), in -> (Dropout) dropout(in.readDouble("rate")));

    @Override
    public Node forward(Node x, Context ctx) {
      checkNotNull(x, "dropout: input is null");
      checkNotNull(ctx, "dropout: context is null");
      if (!ctx.training() || rate == 0) {
        return x;
      }
      Input mask = x.graph().input(ctx.uniqueName("dropout-mask"), x.shape());
      double keep = 1 - rate;
      ctx.addNoise(new Context.Noise(mask, (random, in) -> {
        Shape s = in.shape();
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = random.nextDouble() < keep ? 1 / keep : 0;
        }
        return Tensor.of(s, v);
      }));
      return x.times(mask);
    }

    @Override
    public String describe() {
      return "dropout " + rate;
    }
  }

  /**
   * Parametric ReLU: {@code max(0, S) + a * min(0, S)} with a slope {@code a} learned per unit, starting at
   * {@code initialSlope}. The slopes are the parameter {@code <name>.a} ({@code 1 x width}).
   */
  public static PRelu prelu(Graph graph, String name, int width, double initialSlope) {
    return new PRelu(graph, name, width, initialSlope);
  }

  /** Parametric ReLU; see {@link #prelu}. */
  public static final class PRelu implements Layer {
    /** Saves the name and the width (the slopes are saved by name with the model's other parameters). */
    public static final LayerCodec<PRelu> CODEC = LayerCodec.of("prelu", PRelu.class, (p, out) -> {
      out.writeString(p.name);
      out.writeInt(p.slopes.shape().cols());
    }, in -> {
      String name = in.readString("name");
      int width = in.readInt("width", 1, Integer.MAX_VALUE);
      in.reserve("prelu " + name, width);
      return prelu(in.graph(), name, width, 0);
    });

    private final String name;
    private final Parameter slopes;

    PRelu(Graph graph, String name, int width, double initialSlope) {
      checkNotNull(graph, "prelu: graph is null");
      checkNotNull(name, "prelu: name is null");
      checkArgument(width > 0, "prelu %s: width must be positive, got %s", name, width);
      checkArgument(Double.isFinite(initialSlope), "prelu %s: slope must be finite, got %s", name, initialSlope);
      this.name = name;
      try (Graph.Scope s = graph.scope(name)) {
        this.slopes = graph.parameter(name + ".a", Tensor.filled(Shape.of(1, width), initialSlope));
      }
    }

    public String name() {
      return name;
    }

    public Parameter slopes() {
      return slopes;
    }

    @Override
    public Node forward(Node x, Context ctx) {
      checkNotNull(x, "prelu %s: input is null", name);
      checkArgument(x.shape().cols() == slopes.shape().cols(), "prelu %s: expects %s units, got %s", name,
          slopes.shape().cols(), x.shape());
      return x.relu().plus(Autodiff.min(x, x.graph().constant(0.0)).times(slopes));
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(slopes);
    }

    @Override
    public int outputWidth(int inputWidth) {
      checkArgument(inputWidth == slopes.shape().cols(), "prelu %s: expects %s units, got %s", name,
          slopes.shape().cols(), inputWidth);
      return inputWidth;
    }

    @Override
    public String describe() {
      return "prelu " + name + " " + slopes.shape().cols();
    }
  }

  /** The sparse-autoencoder activity penalty {@code lambda ||h||_1} (per sample, averaged over the batch). */
  public static Layer activityL1(double lambda) {
    return new ActivityPenalty(lambda, 1);
  }

  /** The activity penalty {@code lambda ||h||^2} (per sample, averaged over the batch). */
  public static Layer activityL2(double lambda) {
    return new ActivityPenalty(lambda, 2);
  }

  /** An identity layer that adds a penalty on the activity passing through it to the training loss. */
  public record ActivityPenalty(double lambda, int norm) implements ShapePreserving {
    public static final LayerCodec<ActivityPenalty> CODEC = LayerCodec.of("activity", ActivityPenalty.class,
        (a, out) -> {
          out.writeInt(a.norm);
          out.writeDouble(a.lambda);
        }, in -> {
          int norm = in.readInt("norm");
          return new ActivityPenalty(in.readDouble("lambda"), norm);
        });

    public ActivityPenalty {
      checkArgument(lambda >= 0 && Double.isFinite(lambda), "activity penalty: lambda must be >= 0, got %s", lambda);
      checkArgument(norm == 1 || norm == 2, "activity penalty: norm must be 1 or 2, got %s", norm);
    }

    @Override
    public Node forward(Node h, Context ctx) {
      checkNotNull(h, "activity penalty: input is null");
      checkNotNull(ctx, "activity penalty: context is null");
      if (ctx.training() && lambda > 0) {
        Node per = norm == 1 ? h.abs() : h.square();
        ctx.addPenalty(per.sum().div(h.shape().rows()).times(lambda));
      }
      return h;
    }

    @Override
    public String describe() {
      return "activity_l" + norm + " " + lambda;
    }
  }

  /**
   * The contractive penalty {@code lambda sum_i ||dh_i/dx||^2} on the representation {@code h} passing through,
   * with {@code x} the model's input: the squared Frobenius norm of the Jacobian, computed with the core's
   * {@code jacobian} (so it trains through second derivatives), averaged over the batch. Its cost grows with
   * batch size times width; meant for small autoencoders.
   */
  public static Layer contractive(double lambda) {
    return new Contractive(lambda);
  }

  /** The contractive penalty; see {@link #contractive}. */
  public record Contractive(double lambda) implements ShapePreserving {
    public static final LayerCodec<Contractive> CODEC = LayerCodec.of("contractive", Contractive.class,
        (c, out) -> out.writeDouble(c.lambda), in -> new Contractive(in.readDouble("lambda")));

    public Contractive {
      checkArgument(lambda >= 0 && Double.isFinite(lambda), "contractive: lambda must be >= 0, got %s", lambda);
    }

    @Override
    public Node forward(Node h, Context ctx) {
      checkNotNull(h, "contractive: input is null");
      checkNotNull(ctx, "contractive: context is null");
      if (ctx.training() && lambda > 0) {
        ctx.addPenalty(penalty(h, ctx.input()).times(lambda));
      }
      return h;
    }

    /** {@code sum_i ||dh_i/dx||^2 / N}: the Jacobian of every element of {@code h} with respect to {@code x}. */
    public static Node penalty(Node h, Node x) {
      checkNotNull(h, "contractive: hidden output is null");
      checkNotNull(x, "contractive: input is null");
      Node j = Gradients.jacobian(h, x);
      return j.sumOfSquares().div(h.shape().rows());
    }

    @Override
    public String describe() {
      return "contractive " + lambda;
    }
  }
}
