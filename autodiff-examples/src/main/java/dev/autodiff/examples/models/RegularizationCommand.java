package dev.autodiff.examples.models;

import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
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
import java.util.ArrayList;
import java.util.List;
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

  static final Option<Integer> PER_CLASS = Option.integer("per-class", 5, 1, 45,
      "training samples per class, the rest is the test set");
  static final Option<Integer> EPOCHS = Option.integer("epochs", 1500, 1, 1_000_000, "full-batch epochs");
  static final Option<Integer> SEEDS = Option.integer("seeds", 10, 1, 1000, "runs averaged per row");
  static final Option<Double> L1 = Option.real("l1", 0.003, 0, 100, "L1 weight");
  static final Option<Double> L2 = Option.real("l2", 0.03, 0, 100, "L2 weight");
  static final Option<Double> DROPOUT = Option.real("dropout", 0.5, 0, 0.95, "dropout rate of the hidden layer");

  @Override
  public List<Option<?>> options() {
    return List.of(PER_CLASS, EPOCHS, SEEDS, L1, L2, DROPOUT);
  }

  record Row(String name, Regularizer regularizer, double dropout) {}

  @Override
  public int run(Options o, Output out) throws Exception {
    int perClass = o.get(PER_CLASS);
    int epochs = o.get(EPOCHS);
    int seeds = o.get(SEEDS);
    double l1 = o.get(L1);
    double l2 = o.get(L2);
    double dropout = o.get(DROPOUT);
    Iris.Data iris = Iris.load();
    out.println("Iris: " + perClass + " training samples per class (" + 3 * perClass + "), " + (150 - 3 * perClass)
        + " test samples; MLP 4-64-3 (tanh, softmax), squared error (SE), Adam, " + epochs + " full-batch epochs; "
        + "mean over " + seeds + " seeds (split and weights)");
    List<Row> rows = List.of(new Row("SE", null, 0), new Row("SE+L1", Regularizer.l1(l1), 0),
        new Row("SE+L2", Regularizer.l2(l2), 0), new Row("SE+dropout", null, dropout));
    Csv csv = Csv.of("model", "mean_test_accuracy", "std", "runs");
    out.printf("%-12s %-22s%n", "model", "test accuracy");
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
      out.printf("%-12s %6.2f%% (sd %.2f)%n", row.name(), 100 * mean, 100 * Math.sqrt(var));
      csv.row(row.name(), mean, Math.sqrt(var), seeds);
    }
    out.println("(the lecture's table: SE 78.67%, SE+L1 85.33%, SE+L2 90.0%, on its own split)");
    out.csv("regularization.csv", csv);
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
