package dev.autodiff.examples.mnist;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
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

/**
 * {@code overfit}: a big MLP on a small part of MNIST learns its training set by heart while the validation loss
 * turns up; then the same with L2, dropout, and early stopping.
 */
public final class OverfitCommand implements Command {
  @Override
  public String name() {
    return "overfit";
  }

  @Override
  public String summary() {
    return "MNIST on 500 digits: train and validation curves that show overfitting, then L2, dropout, early stopping";
  }

  @Override
  public String options() {
    return "  --train N   training digits (default 500)\n"
        + "  --valid N   validation digits (default 1000)\n"
        + "  --epochs N  epochs (default 40)\n"
        + "  --seed N    seed (default 1)\n"
        + "  --out DIR   where to write (default out/overfit)\n";
  }

  /** {@code "early stopping (5)"} becomes {@code "early-stopping-5"}. */
  static String slug(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  record Variant(String name, Regularizer regularizer, double dropout, int patience) {}

  @Override
  public int run(Args args, PrintStream out) throws Exception {
    int trainN = (int) args.integer("train", 500, 10, 8000);
    int validN = (int) args.integer("valid", 1000, 10, 2000);
    int epochs = (int) args.integer("epochs", 40, 1, 100_000);
    long seed = args.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    Path dir = args.path("out", "out/overfit");
    args.finish();
    Mnist.Set all = Mnist.shipped();
    Mnist.Set tr = all.range(0, trainN);
    Mnist.Set va = all.range(8000, 8000 + validN);
    Dataset train = Dataset.of(tr.images(), Dataset.oneHot(tr.labels(), 10));
    Dataset valid = Dataset.of(va.images(), Dataset.oneHot(va.labels(), 10));
    out.println("MLP 784-256-10 (ReLU), Adam 0.001, batch 50, " + trainN + " training and " + validN
        + " validation digits, up to " + epochs + " epochs");
    List<Variant> variants = List.of(new Variant("plain", null, 0, 0),
        new Variant("L2 (1e-3)", Regularizer.l2(1e-3).withoutBiases(), 0, 0),
        new Variant("dropout (0.5)", null, 0.5, 0), new Variant("early stopping (5)", null, 0, 5));
    Plots.Line loss = new Plots.Line("Overfitting on " + trainN + " MNIST digits: validation loss", "epoch",
        "cross-entropy");
    Plots.Line acc = new Plots.Line("Validation accuracy", "epoch", "accuracy");
    List<Path> histories = new ArrayList<>();
    StringBuilder csv = new StringBuilder("variant,epochs,best_epoch,min_val_loss,final_val_loss,final_train_acc,"
        + "final_val_acc\n");
    out.println(String.format(Locale.ROOT, "%-20s %7s %11s %13s %15s %10s %9s", "variant", "epochs", "best epoch",
        "min val loss", "final val loss", "train acc", "val acc"));
    for (Variant v : variants) {
      Model m = Mlp.builder().inputs(Mnist.PIXELS).hidden(256, Activation.RELU, v.dropout())
          .outputs(10, Activation.IDENTITY).init(Init.he()).seed(seed).build();
      Trainer.Builder b = Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.001))
          .batchSize(50).epochs(epochs).seed(seed).validation(valid).metrics(Metric.ACCURACY);
      if (v.regularizer() != null) {
        b.regularizer(v.regularizer());
      }
      if (v.patience() > 0) {
        b.earlyStopping(v.patience(), 0);
      }
      Trainer t = b.build();
      History h = t.fit(train);
      Path historyCsv = dir.resolve("history-" + slug(v.name()) + ".csv");
      AtomicFiles.writeString(historyCsv, h.toCsv());
      histories.add(historyCsv);
      if (v.name().equals("plain")) {
        loss.series("plain: train", h.get("loss"));
      }
      loss.series(v.name(), h.get("val_loss"));
      acc.series(v.name(), h.get("val_accuracy"));
      List<Double> vl = h.get("val_loss");
      int best = 0;
      for (int i = 1; i < vl.size(); i++) {
        best = vl.get(i) < vl.get(best) ? i : best;
      }
      double finalVal = t.evaluate(valid).get("loss");
      double finalValAcc = t.evaluate(valid).get("accuracy");
      double finalTrainAcc = t.evaluate(train).get("accuracy");
      out.println(String.format(Locale.ROOT, "%-20s %7d %11d %13.4f %15.4f %9.1f%% %8.1f%%", v.name(),
          h.epochCount(), best + 1, vl.get(best), finalVal, 100 * finalTrainAcc, 100 * finalValAcc));
      csv.append(v.name()).append(',').append(h.epochCount()).append(',').append(best + 1).append(',')
          .append(vl.get(best)).append(',').append(finalVal).append(',').append(finalTrainAcc).append(',')
          .append(finalValAcc).append('\n');
      if (v.patience() > 0) {
        out.println("  " + h.stopReason());
      }
    }
    List<Path> written = new ArrayList<>();
    Path file = dir.resolve("overfit.csv");
    AtomicFiles.writeString(file, csv.toString());
    written.add(file);
    written.addAll(histories);
    written.addAll(loss.write(dir.resolve("validation-loss")));
    written.addAll(acc.write(dir.resolve("validation-accuracy")));
    out.println("wrote:");
    written.forEach(p -> out.println("  " + p));
    return 0;
  }
}
