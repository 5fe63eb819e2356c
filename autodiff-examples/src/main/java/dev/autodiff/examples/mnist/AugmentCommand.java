package dev.autodiff.examples.mnist;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  @Override
  public String options() {
    return "  --train N   training digits (default 1000)\n"
        + "  --test N    test digits (default 2000)\n"
        + "  --epochs N  epochs (default 30)\n"
        + "  --seed N    seed (default 1)\n"
        + "  --out DIR   where to write (default out/augment)\n";
  }

  @Override
  public int run(Args args, PrintStream out) throws Exception {
    int trainN = (int) args.integer("train", 1000, 10, 8000);
    int testN = (int) args.integer("test", 2000, 10, 2000);
    int epochs = (int) args.integer("epochs", 30, 1, 100_000);
    long seed = args.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    Path dir = args.path("out", "out/augment");
    args.finish();
    Mnist.Set all = Mnist.shipped();
    Mnist.Set tr = all.range(0, trainN);
    Mnist.Set te = all.range(8000, 8000 + testN);
    Dataset train = Dataset.of(tr.images(), Dataset.oneHot(tr.labels(), 10));
    Dataset test = Dataset.of(te.images(), Dataset.oneHot(te.labels(), 10));
    out.println("MLP 784-256-10 (ReLU), Adam 0.001, batch 50, " + trainN + " training digits, " + testN
        + " test digits, " + epochs + " epochs");
    Plots.Line acc = new Plots.Line("Test accuracy with and without augmentation", "epoch", "accuracy");
    Plots.Line loss = new Plots.Line("Test loss with and without augmentation", "epoch", "cross-entropy");
    StringBuilder csv = new StringBuilder("variant,final_test_accuracy,best_test_accuracy,final_test_loss\n");
    double[] finals = new double[2];
    List<Path> histories = new ArrayList<>();
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
      Path historyCsv = dir.resolve("history-" + name + ".csv");
      AtomicFiles.writeString(historyCsv, h.toCsv());
      histories.add(historyCsv);
      acc.series(name, h.get("val_accuracy"));
      loss.series(name, h.get("val_loss"));
      double best = h.get("val_accuracy").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      finals[k] = h.last("val_accuracy");
      out.println(String.format(Locale.ROOT, "%-10s final test accuracy %.2f%% (best %.2f%%), final test loss %.4f",
          name, 100 * finals[k], 100 * best, h.last("val_loss")));
      csv.append(name).append(',').append(finals[k]).append(',').append(best).append(',')
          .append(h.last("val_loss")).append('\n');
    }
    out.println(String.format(Locale.ROOT, "augmentation changed the final test accuracy by %+.2f points",
        100 * (finals[1] - finals[0])));
    List<Path> written = new ArrayList<>();
    Path file = dir.resolve("augment.csv");
    AtomicFiles.writeString(file, csv.toString());
    written.add(file);
    written.addAll(histories);
    written.addAll(acc.write(dir.resolve("test-accuracy")));
    written.addAll(loss.write(dir.resolve("test-loss")));
    Tensor sample = all.range(0, 8).images();
    Random r = new Random(seed);
    Path grid = dir.resolve("augmented-examples.png");
    Images.writeGrid(grid, new Tensor[] {sample, Images.augment(sample, 28, 2, 12, r),
        Images.augment(sample, 28, 2, 12, r)}, 28, 8, 3);
    written.add(grid);
    out.println("wrote:");
    written.forEach(p -> out.println("  " + p));
    return 0;
  }
}
