package dev.autodiff.examples.mnist;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Images;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** {@code augment}: MNIST with and without data augmentation (random small shifts and rotations). */
public final class AugmentCommand implements Command {
  @Override
  public String name() {
    return "augment";
  }

  @Override
  public String summary() {
    return "MNIST with and without augmentation (random shifts up to 2 px, rotations up to 12 degrees): curves compared";
  }

  static final MnistSplit DATA = MnistSplit.of(1000, "test", 2000, 30, "weights, shuffling and augmentation");

  @Override
  public List<Option<?>> options() {
    return DATA.options();
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    Dataset train = DATA.training(o).classification();
    Dataset test = DATA.heldOut(o).classification();
    int epochs = o.get(DATA.epochs());
    long seed = o.get(DATA.seed());
    out.println("MLP 784-256-10 (ReLU), Adam 0.001, batch 50, " + train.size() + " training digits, " + test.size()
        + " test digits, " + epochs + " epochs");
    Plots.Line acc = new Plots.Line("Test accuracy with and without augmentation", "epoch", "accuracy");
    Plots.Line loss = new Plots.Line("Test loss with and without augmentation", "epoch", "cross-entropy");
    Csv csv = Csv.of("variant", "final_test_accuracy", "best_test_accuracy", "final_test_loss");
    double[] finals = new double[2];
    for (int k = 0; k < 2; k++) {
      boolean augmented = k == 1;
      Model m = Mlp.builder().inputs(Mnist.PIXELS).hidden(256, Activation.RELU).outputs(10, Activation.IDENTITY)
          .init(Init.he()).seed(seed).build();
      Trainer.Builder b = Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.001))
          .batchSize(50).epochs(epochs).seed(seed).validation(test).metrics(Metric.ACCURACY);
      if (augmented) {
        b.augment((x, r) -> Images.augment(x, 28, 2, 12, r));
      }
      History h = b.build().fit(train);
      String name = augmented ? "augmented" : "plain";
      out.history(name, h);
      acc.series(name, h.get("val_accuracy"));
      loss.series(name, h.get("val_loss"));
      double best = h.get("val_accuracy").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      finals[k] = h.last("val_accuracy");
      out.printf("%-10s final test accuracy %.2f%% (best %.2f%%), final test loss %.4f%n", name, 100 * finals[k],
          100 * best, h.last("val_loss"));
      csv.row(name, finals[k], best, h.last("val_loss"));
    }
    out.printf("augmentation changed the final test accuracy by %+.2f points%n", 100 * (finals[1] - finals[0]));
    out.csv("augment.csv", csv);
    out.plot("test-accuracy", acc);
    out.plot("test-loss", loss);
    Tensor sample = Mnist.shippedTraining(8).images();
    Random r = new Random(seed);
    Path grid = out.wrote(out.dir().resolve("augmented-examples.png"));
    Images.writeGrid(grid, new Tensor[] {sample, Images.augment(sample, 28, 2, 12, r),
        Images.augment(sample, 28, 2, 12, r)}, 28, 8, 3);
    return 0;
  }
}
