package dev.autodiff.examples.basics;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Synthetic;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Trainer;
import java.util.List;

/**
 * {@code approx}: one hidden layer approximates a 1-D function better as it grows (the universal approximation
 * theorem at work), trained by L-BFGS on the full batch.
 */
public final class ApproxCommand implements Command {
  static double target(double x) {
    return Math.sin(3 * x) + 0.3 * x * x;
  }

  @Override
  public String name() {
    return "approx";
  }

  @Override
  public String summary() {
    return "one hidden layer approximating sin(3x) + 0.3x^2 as it grows from 1 to 32 units (plot, error table)";
  }

  static final Option<Integer> STEPS = Option.integer("steps", 400, 1, 1_000_000, "L-BFGS steps per network");
  static final Option<Integer> MAX = Option.integer("max", 32, 1, 4096,
      "largest hidden layer; sizes 1, 2, 4, ... up to it");
  static final Option<Long> SEED = Option.seed(1, "the weights");

  @Override
  public List<Option<?>> options() {
    return List.of(STEPS, MAX, SEED);
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    int steps = o.get(STEPS);
    int max = o.get(MAX);
    long seed = o.get(SEED);
    Dataset data = Synthetic.function(ApproxCommand::target, 101, -2, 2, 0, 0);
    Tensor grid = Synthetic.function(ApproxCommand::target, 201, -2, 2, 0, 0).inputs();
    double[] gx = grid.toArray();
    double[] truth = new double[gx.length];
    for (int i = 0; i < gx.length; i++) {
      truth[i] = target(gx[i]);
    }
    Plots.Line plot = new Plots.Line("One hidden layer of tanh units approximating sin(3x) + 0.3x^2", "x", "y")
        .series("target", gx, truth);
    out.println("hidden units | training MSE");
    double previous = Double.POSITIVE_INFINITY;
    int improvements = 0;
    int sizes = 0;
    for (int h = 1; h <= max; h *= 2) {
      Model m = Mlp.builder().inputs(1).hidden(h, Activation.TANH).outputs(1, Activation.IDENTITY)
          .init(Init.xavier()).seed(seed).build();
      History hist = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.lbfgs(1, 20)).batchSize(101)
          .epochs(steps).shuffle(false).build().fit(data);
      double mse = hist.last("loss");
      out.printf("%12d | %.3e%n", h, mse);
      improvements += sizes > 0 && mse < previous ? 1 : 0;
      previous = mse;
      sizes++;
      plot.series(h + " hidden", gx, m.predict(grid).toArray());
    }
    out.println("the error fell with " + improvements + " of " + (sizes - 1) + " doublings of the hidden layer");
    out.plot("approx", plot);
    return 0;
  }
}
