package dev.autodiff.examples.models;

import dev.autodiff.core.io.AtomicFiles;

import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.data.Iris;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Standardizer;
import dev.autodiff.nn.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code regularization}: the lecture's table "test accuracy SE / SE+L1 / SE+L2" on Iris, plus dropout: a network
 * too big for a small training set, trained with the squared error, with and without each regularizer, averaged
 * over several seeds (each seed draws its own training set and initial weights).
 */
public final class RegularizationCommand implements Command {
  @Override
  public String name() {
    return "regularization";
  }

  @Override
  public String summary() {
    return "Iris: test accuracy without regularization, with L1, L2 and dropout, as a table like the lecture's";
  }

  @Override
  public String options() {
    return "  --per-class N  training samples per class, the rest is the test set (default 5)\n"
        + "  --epochs N     full-batch epochs (default 1500)\n"
        + "  --seeds N      runs averaged per row (default 10)\n"
        + "  --l1 X         L1 weight (default 0.003)\n"
        + "  --l2 X         L2 weight (default 0.03)\n"
        + "  --dropout X    dropout rate of the hidden layer (default 0.5)\n"
        + "  --out DIR      where to write (default out/regularization)\n";
  }

  record Row(String name, Regularizer regularizer, double dropout) {}

  @Override
  public int run(Args args, PrintStream out) throws Exception {
    int perClass = (int) args.integer("per-class", 5, 1, 45);
    int epochs = (int) args.integer("epochs", 1500, 1, 1_000_000);
    int seeds = (int) args.integer("seeds", 10, 1, 1000);
    double l1 = args.real("l1", 0.003, 0, 100);
    double l2 = args.real("l2", 0.03, 0, 100);
    double dropout = args.real("dropout", 0.5, 0, 0.95);
    Path dir = args.path("out", "out/regularization");
    args.finish();
    Iris.Data iris = Iris.load();
    out.println("Iris: " + perClass + " training samples per class (" + 3 * perClass + "), " + (150 - 3 * perClass)
        + " test samples; MLP 4-64-3 (tanh, softmax), squared error (SE), Adam, " + epochs + " full-batch epochs; "
        + "mean over " + seeds + " seeds (split and weights)");
    List<Row> rows = List.of(new Row("SE", null, 0), new Row("SE+L1", Regularizer.l1(l1), 0),
        new Row("SE+L2", Regularizer.l2(l2), 0), new Row("SE+dropout", null, dropout));
    StringBuilder csv = new StringBuilder("model,mean_test_accuracy,std,runs\n");
    out.println(String.format(Locale.ROOT, "%-12s %-22s", "model", "test accuracy"));
    for (Row row : rows) {
      double[] acc = new double[seeds];
      for (int s = 0; s < seeds; s++) {
        Dataset[] split = split(iris, perClass, s);
        Standardizer st = Standardizer.fit(split[0].inputs());
        Dataset train = Dataset.of(st.apply(split[0].inputs()), split[0].targets());
        Dataset test = Dataset.of(st.apply(split[1].inputs()), split[1].targets());
        Model m = Mlp.builder().inputs(4).hidden(64, Activation.TANH, row.dropout())
            .outputs(3, Activation.SOFTMAX).init(Init.xavier()).seed(100 + s).build();
        Trainer.Builder b = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.01))
            .batchSize(train.size()).epochs(epochs).seed(s).metrics(Metric.ACCURACY);
        if (row.regularizer() != null) {
          b.regularizer(row.regularizer());
        }
        Trainer t = b.build();
        t.fit(train);
        acc[s] = t.evaluate(test).get("accuracy");
      }
      double mean = 0;
      for (double a : acc) {
        mean += a / seeds;
      }
      double var = 0;
      for (double a : acc) {
        var += (a - mean) * (a - mean) / seeds;
      }
      out.println(String.format(Locale.ROOT, "%-12s %6.2f%% (sd %.2f)", row.name(), 100 * mean, 100 * Math.sqrt(var)));
      csv.append(row.name()).append(',').append(mean).append(',').append(Math.sqrt(var)).append(',').append(seeds)
          .append('\n');
    }
    out.println("(the lecture's table: SE 78.67%, SE+L1 85.33%, SE+L2 90.0%, on its own split)");
    Path file = dir.resolve("regularization.csv");
    AtomicFiles.writeString(file, csv.toString());
    out.println("wrote:\n  " + file);
    return 0;
  }

  /** A stratified split: {@code perClass} random samples of each class for training, the rest for testing. */
  static Dataset[] split(Iris.Data iris, int perClass, long seed) {
    Random r = new Random(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < iris.labels().length; i++) {
        if (iris.labels()[i] == c) {
          members.add(i);
        }
      }
      java.util.Collections.shuffle(members, r);
      train.addAll(members.subList(0, perClass));
      test.addAll(members.subList(perClass, members.size()));
    }
    Dataset all = Dataset.of(iris.features(), Dataset.oneHot(iris.labels(), 3));
    return new Dataset[] {all.rows(train.stream().mapToInt(Integer::intValue).toArray()),
        all.rows(test.stream().mapToInt(Integer::intValue).toArray())};
  }

}
