package dev.autodiff.examples.models;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code density}: a network that predicts a distribution, not a point: two heads give the mean and the standard
 * deviation of a Gaussian (trained by its negative log-likelihood) on data whose noise grows with {@code |x|};
 * and the histogram variant, a softmax over bins of {@code y} trained by cross-entropy.
 */
public final class DensityCommand implements Command {
  static double mean(double x) {
    return Math.sin(x);
  }

  static double std(double x) {
    return 0.05 + 0.1 * Math.abs(x);
  }

  @Override
  public String name() {
    return "density";
  }

  @Override
  public String summary() {
    return "predict a mean and a standard deviation (heteroscedastic regression, plot with bands) and a histogram";
  }

  static final Option<Integer> SAMPLES = Option.integer("samples", 1000, 10, 1_000_000, "training points");
  static final Option<Integer> EPOCHS = Option.integer("epochs", 300, 1, 1_000_000, "epochs");
  static final Option<Integer> BINS = Option.integer("bins", 20, 2, 1000, "bins of the histogram variant");
  static final Option<Long> SEED = Option.seed(1, "data and weights");

  @Override
  public List<Option<?>> options() {
    return List.of(SAMPLES, EPOCHS, BINS, SEED);
  }

  /** A trunk with two heads: the mean, and a softplus standard deviation. */
  static final class GaussianHeads implements Layer {
    final Dense trunk;
    final Dense trunk2;
    final Dense mean;
    final Dense std;

    GaussianHeads(Graph g, Random r) {
      trunk = new Dense(g, "trunk1", 1, 32, Init.xavier(), r);
      trunk2 = new Dense(g, "trunk2", 32, 32, Init.xavier(), r);
      mean = new Dense(g, "mean", 32, 1, Init.xavier(), r);
      std = new Dense(g, "std", 32, 1, Init.xavier(), r);
    }

    @Override
    public Node forward(Node x, Context ctx) {
      Node h = trunk2.forward(trunk.forward(x, ctx).tanh(), ctx).tanh();
      return Autodiff.concat(Axis.COLUMNS, mean.forward(h, ctx), std.forward(h, ctx).softplus().plus(1e-4));
    }

    @Override
    public List<Parameter> parameters() {
      List<Parameter> ps = new ArrayList<>();
      for (Dense d : List.of(trunk, trunk2, mean, std)) {
        ps.addAll(d.parameters());
      }
      return ps;
    }

    @Override
    public int outputWidth(int inputWidth) {
      return 2;
    }

    @Override
    public String describe() {
      return "trunk 1-32-32 tanh, heads: mean, softplus std";
    }
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    int n = o.get(SAMPLES);
    int epochs = o.get(EPOCHS);
    int bins = o.get(BINS);
    long seed = o.get(SEED);
    Random r = new Random(seed);
    double[][] x = new double[n][1];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = -3 + 6 * r.nextDouble();
      y[i][0] = mean(x[i][0]) + std(x[i][0]) * r.nextGaussian();
    }
    Dataset data = Dataset.of(x, y);
    out.println("data: y = sin(x) + (0.05 + 0.1 |x|) N(0, 1), " + n + " points on [-3, 3]");

    Graph g = Graph.create();
    Model gauss = new Model(g, new GaussianHeads(g, new Random(seed)), 1);
    Trainer.builder(gauss).loss(Losses.gaussianNll()).optimizer(Optimizers.adam(0.005)).batchSize(100)
        .epochs(epochs).seed(seed).build().fit(data);

    // The histogram variant: y cut into bins over [-2.5, 2.5]; a softmax over the bins.
    double lo = -2.5;
    double hi = 2.5;
    double width = (hi - lo) / bins;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = Math.min(bins - 1, Math.max(0, (int) ((y[i][0] - lo) / width)));
    }
    Model hist = Mlp.builder().inputs(1).hidden(32, Activation.TANH).hidden(32, Activation.TANH)
        .outputs(bins, Activation.IDENTITY).init(Init.xavier()).seed(seed).build();
    Trainer.builder(hist).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.005)).batchSize(100)
        .epochs(epochs).seed(seed).build().fit(Dataset.of(data.inputs(), Dataset.oneHot(labels, bins)));

    int points = 121;
    double[] gx = new double[points];
    for (int i = 0; i < points; i++) {
      gx[i] = -3 + 6.0 * i / (points - 1);
    }
    Tensor grid = Tensor.matrix(points, 1, gx);
    Tensor gp = gauss.predict(grid);
    Tensor hp = Program.evaluate(g.constant(hist.predict(grid)).softmax(Axis.COLUMNS));  // the bins' probabilities
    double[] mu = new double[points];
    double[] up = new double[points];
    double[] down = new double[points];
    double[] trueUp = new double[points];
    double[] trueDown = new double[points];
    double[] trueMean = new double[points];
    double[] histMean = new double[points];
    double[] histStd = new double[points];
    for (int i = 0; i < points; i++) {
      mu[i] = gp.get(i, 0);
      up[i] = mu[i] + 2 * gp.get(i, 1);
      down[i] = mu[i] - 2 * gp.get(i, 1);
      trueMean[i] = mean(gx[i]);
      trueUp[i] = trueMean[i] + 2 * std(gx[i]);
      trueDown[i] = trueMean[i] - 2 * std(gx[i]);
      double m = 0;
      for (int b = 0; b < bins; b++) {
        m += hp.get(i, b) * (lo + (b + 0.5) * width);
      }
      double v = 0;
      for (int b = 0; b < bins; b++) {
        double c = lo + (b + 0.5) * width - m;
        v += hp.get(i, b) * c * c;
      }
      histMean[i] = m;
      histStd[i] = Math.sqrt(v);
    }
    out.println("     x | true mean, std | Gaussian heads | histogram (" + bins + " bins)");
    double worst = 0;
    for (int i = 0; i < points; i += 20) {
      out.printf("%6.2f | %6.3f, %5.3f  | %6.3f, %5.3f  | %6.3f, %5.3f%n", gx[i], trueMean[i],
          std(gx[i]), mu[i], gp.get(i, 1), histMean[i], histStd[i]);
    }
    for (int i = 0; i < points; i++) {
      worst = Math.max(worst, Math.abs(gp.get(i, 1) - std(gx[i])));
    }
    out.printf("largest error of the predicted standard deviation on the grid: %.3f%n", worst);
    double[] xs = new double[Math.min(n, 400)];
    double[] ys = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = x[i][0];
      ys[i] = y[i][0];
    }
    out.plot("gaussian", new Plots.Line("Heteroscedastic regression: mean +- 2 std", "x", "y")
        .points("data", xs, ys).series("true mean", gx, trueMean).series("true +2 std", gx, trueUp)
        .series("true -2 std", gx, trueDown).series("predicted mean", gx, mu).series("predicted +2 std", gx, up)
        .series("predicted -2 std", gx, down));
    out.plot("std", new Plots.Line("Predicted standard deviation", "x", "std").series("true", gx, ys(gx))
        .series("Gaussian heads", gx, column(gp, 1)).series("histogram", gx, histStd));
    return 0;
  }

  private static double[] ys(double[] gx) {
    double[] v = new double[gx.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = std(gx[i]);
    }
    return v;
  }

  private static double[] column(Tensor t, int c) {
    double[] v = new double[t.rows()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.get(i, c);
    }
    return v;
  }
}
