package dev.autodiff.examples.mnist;

import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
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
import java.util.List;
import java.util.Map;

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

  static final MnistSplit DATA = MnistSplit.of(500, "valid", 1000, 40, "weights and shuffling");

  @Override
  public List<Option<?>> options() {
    return DATA.options();
  }

  record Variant(String name, Regularizer regularizer, double dropout, int patience) {}

  @Override
  public int run(Options o, Output out) throws Exception {
    Dataset train = DATA.training(o).classification();
    Dataset valid = DATA.heldOut(o).classification();
    int trainN = train.size();
    int validN = valid.size();
    int epochs = o.get(DATA.epochs());
    long seed = o.get(DATA.seed());
    out.println("MLP 784-256-10 (ReLU), Adam 0.001, batch 50, " + trainN + " training and " + validN
        + " validation digits, up to " + epochs + " epochs");
    List<Variant> variants = List.of(new Variant("plain", null, 0, 0),
        new Variant("L2 (1e-3)", Regularizer.l2(1e-3).withoutBiases(), 0, 0),
        new Variant("dropout (0.5)", null, 0.5, 0), new Variant("early stopping (5)", null, 0, 5));
    Plots.Line loss = new Plots.Line("Overfitting on " + trainN + " MNIST digits: validation loss", "epoch",
        "cross-entropy");
    Plots.Line acc = new Plots.Line("Validation accuracy", "epoch", "accuracy");
    Csv csv = Csv.of("variant", "epochs", "best_epoch", "min_val_loss", "final_val_loss", "final_train_acc",
        "final_val_acc");
    out.printf("%-20s %7s %11s %13s %15s %10s %9s%n", "variant", "epochs", "best epoch", "min val loss",
        "final val loss", "train acc", "val acc");
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
      out.history(v.name(), h);
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
      Map<String, Double> onValid = t.evaluate(valid);  // loss and accuracy from one pass
      double finalVal = onValid.get("loss");
      double finalValAcc = onValid.get("accuracy");
      double finalTrainAcc = t.evaluate(train).get("accuracy");
      out.printf("%-20s %7d %11d %13.4f %15.4f %9.1f%% %8.1f%%%n", v.name(), h.epochCount(), best + 1, vl.get(best),
          finalVal, 100 * finalTrainAcc, 100 * finalValAcc);
      csv.row(v.name(), h.epochCount(), best + 1, vl.get(best), finalVal, finalTrainAcc, finalValAcc);
      if (v.patience() > 0) {
        out.println("  " + h.stopReason());
      }
    }
    out.csv("overfit.csv", csv);
    out.plot("validation-loss", loss);
    out.plot("validation-accuracy", acc);
    return 0;
  }
}
