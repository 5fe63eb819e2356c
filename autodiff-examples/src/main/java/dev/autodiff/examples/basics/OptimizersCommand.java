package dev.autodiff.examples.basics;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
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
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code optimizers}: one task (two moons, a 2-4-1 tanh MLP with a logistic output, cross-entropy), one starting
 * point, every optimizer of the lectures; loss against epochs and against wall time.
 */
public final class OptimizersCommand implements Command {
  /** One contender: a name, its optimizer, and the batch size that defines it. */
  record Contender(String name, Supplier<Optimizer> optimizer, int batchSize) {}

  static List<Contender> contenders(int n) {
    return List.of(new Contender("GD (full batch)", () -> Optimizers.sgd(0.5), n),
        new Contender("SGD (one sample)", () -> Optimizers.sgd(0.05), 1),
        new Contender("minibatch SGD (16)", () -> Optimizers.sgd(0.2), 16),
        new Contender("momentum (16)", () -> Optimizers.momentum(0.05, 0.9), 16),
        new Contender("Nesterov (16)", () -> Optimizers.nesterov(0.05, 0.9), 16),
        new Contender("AdaGrad (16)", () -> Optimizers.adagrad(0.1), 16),
        new Contender("RMSProp (16)", () -> Optimizers.rmsprop(0.01), 16),
        new Contender("Adam (16)", () -> Optimizers.adam(0.02), 16),
        new Contender("L-BFGS (full batch)", () -> Optimizers.lbfgs(1, 10), n),
        new Contender("Newton (full batch)", () -> Optimizers.newton(1), n));
  }

  @Override
  public String name() {
    return "optimizers";
  }

  @Override
  public String summary() {
    return "GD, SGD, minibatch, momentum, Nesterov, AdaGrad, RMSProp, Adam, L-BFGS, Newton on one task: plots, table";
  }

  static final Option<Integer> EPOCHS = Option.integer("epochs", 100, 1, 100_000, "epochs per optimizer");
  static final Option<Integer> SAMPLES = Option.integer("samples", 200, 4, 100_000, "two-moons samples");
  static final Option<Long> SEED = Option.seed(1, "data, weights and shuffling");
  /** Untimed epochs of every contender before the timed runs. */
  static final int WARMUP_EPOCHS = 10;

  @Override
  public List<Option<?>> options() {
    return List.of(EPOCHS, SAMPLES, SEED);
  }

  static History train(Contender c, Dataset data, int epochs, long seed, Model m) {
    return Trainer.builder(m).loss(Losses.binaryCrossEntropyWithLogits()).optimizer(c.optimizer().get())
        .batchSize(c.batchSize()).epochs(epochs).seed(seed).build().fit(data);
  }

  static Model model(long seed) {
    return Mlp.builder().inputs(2).hidden(4, Activation.TANH).outputs(1, Activation.IDENTITY).init(Init.xavier())
        .seed(seed).build();
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    int epochs = o.get(EPOCHS);
    int n = o.get(SAMPLES);
    long seed = o.get(SEED);
    Dataset data = Synthetic.twoMoons(n, 0.15, seed);
    out.println("task: " + n + " two-moons points, MLP 2-4-1 (tanh, logits), binary cross-entropy with logits, "
        + epochs + " epochs, the same initial weights for all");
    // The JIT compiles the training loop during the first runs; without a warm-up the first contender pays for it
    // (GD's first epoch took 0.49 s against 0.0005 s for the next ones).
    for (Contender c : contenders(n)) {
      train(c, data, Math.min(epochs, WARMUP_EPOCHS), seed, model(seed));
    }
    out.println("warm-up: every optimizer ran " + Math.min(epochs, WARMUP_EPOCHS) + " epochs first, untimed");
    Plots.Line byEpoch = new Plots.Line("Two moons: loss per epoch", "epoch", "cross-entropy").logY();
    Plots.Line byTime = new Plots.Line("Two moons: loss against wall time", "seconds", "cross-entropy").logY();
    Csv table = Csv.of("optimizer", "batch", "final_loss", "accuracy", "seconds");
    out.printf("%-22s %6s %12s %9s %8s%n", "optimizer", "batch", "final loss", "accuracy", "seconds");
    for (Contender c : contenders(n)) {
      Model m = model(seed);
      History h = train(c, data, epochs, seed, m);
      double[] time = new double[h.epochCount()];
      double t = 0;
      for (int e = 0; e < time.length; e++) {
        t += h.get("seconds").get(e);
        time[e] = t;
      }
      double[] loss = h.get("loss").stream().mapToDouble(Double::doubleValue).toArray();
      out.history(c.name(), h);
      byEpoch.series(c.name(), h.get("loss"));
      byTime.series(c.name(), time, loss);
      double accuracy = accuracy(m, data);
      out.printf("%-22s %6d %12.4e %8.1f%% %8.3f%n", c.name(), c.batchSize(), loss[loss.length - 1], 100 * accuracy,
          t);
      table.row(c.name(), c.batchSize(), loss[loss.length - 1], accuracy, t);
    }
    out.csv("optimizers.csv", table);
    out.plot("loss-by-epoch", byEpoch.size(1000, 600));
    out.plot("loss-by-time", byTime.size(1000, 600).logX());
    return 0;
  }

  /** The library's accuracy of the model's probabilities (the sigmoid of its logits) on {@code data}. */
  static double accuracy(Model m, Dataset data) {
    Tensor probabilities = Program.evaluate(Graph.create().constant(m.predict(data.inputs())).sigmoid());
    return Metric.ACCURACY.compute(probabilities, data.targets());
  }
}
