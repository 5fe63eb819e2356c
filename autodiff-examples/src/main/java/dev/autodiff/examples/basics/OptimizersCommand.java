package dev.autodiff.examples.basics;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  @Override
  public String options() {
    return "  --epochs N  epochs per optimizer (default 100)\n"
        + "  --samples N two-moons samples (default 200)\n"
        + "  --seed N    seed of data, weights and shuffling (default 1)\n"
        + "  --out DIR   where to write (default out/optimizers)\n";
  }

  @Override
  public int run(Args args, PrintStream out) throws Exception {
    int epochs = (int) args.integer("epochs", 100, 1, 100_000);
    int n = (int) args.integer("samples", 200, 4, 100_000);
    long seed = args.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    Path dir = args.path("out", "out/optimizers");
    args.finish();
    Dataset data = Synthetic.twoMoons(n, 0.15, seed);
    out.println("task: " + n + " two-moons points, MLP 2-4-1 (tanh, logits), binary cross-entropy with logits, "
        + epochs + " epochs, the same initial weights for all");
    Plots.Line byEpoch = new Plots.Line("Two moons: loss per epoch", "epoch", "cross-entropy").logY();
    Plots.Line byTime = new Plots.Line("Two moons: loss against wall time", "seconds", "cross-entropy").logY();
    List<Path> histories = new ArrayList<>();
    StringBuilder table = new StringBuilder("optimizer,batch,final_loss,accuracy,seconds\n");
    out.println(String.format(Locale.ROOT, "%-22s %6s %12s %9s %8s", "optimizer", "batch", "final loss", "accuracy",
        "seconds"));
    for (Contender c : contenders(n)) {
      Model m = Mlp.builder().inputs(2).hidden(4, Activation.TANH).outputs(1, Activation.IDENTITY)
          .init(Init.xavier()).seed(seed).build();
      Optimizer o = c.optimizer().get();
      History h = Trainer.builder(m).loss(Losses.binaryCrossEntropyWithLogits()).optimizer(o)
          .batchSize(c.batchSize()).epochs(epochs).seed(seed).build().fit(data);
      // The loss of the whole set after each epoch comes from the per-batch losses; recompute it at the end.
      double[] time = new double[h.epochCount()];
      double t = 0;
      for (int e = 0; e < time.length; e++) {
        t += h.get("seconds").get(e);
        time[e] = t;
      }
      double[] loss = h.get("loss").stream().mapToDouble(Double::doubleValue).toArray();
      Path historyCsv = dir.resolve("history-" + c.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
          .replaceAll("^-|-$", "") + ".csv");
      AtomicFiles.writeString(historyCsv, h.toCsv());
      histories.add(historyCsv);
      byEpoch.series(c.name(), h.get("loss"));
      byTime.series(c.name(), time, loss);
      double accuracy = accuracy(m, data);
      out.println(String.format(Locale.ROOT, "%-22s %6d %12.4e %8.1f%% %8.3f", c.name(), c.batchSize(),
          loss[loss.length - 1], 100 * accuracy, t));
      table.append(c.name()).append(',').append(c.batchSize()).append(',').append(loss[loss.length - 1]).append(',')
          .append(accuracy).append(',').append(t).append('\n');
    }
    List<Path> written = new ArrayList<>();
    Path csv = dir.resolve("optimizers.csv");
    AtomicFiles.writeString(csv, table.toString());
    written.add(csv);
    written.addAll(histories);
    written.addAll(byEpoch.size(1000, 600).write(dir.resolve("loss-by-epoch")));
    written.addAll(byTime.size(1000, 600).logX().write(dir.resolve("loss-by-time")));
    out.println("wrote:");
    written.forEach(p -> out.println("  " + p));
    return 0;
  }

  static double accuracy(Model m, Dataset data) {
    double[] logits = m.predict(data.inputs()).toArray();
    int correct = 0;
    for (int i = 0; i < logits.length; i++) {
      correct += (logits[i] >= 0) == (data.targets().at(i) >= 0.5) ? 1 : 0;
    }
    return (double) correct / logits.length;
  }
}
