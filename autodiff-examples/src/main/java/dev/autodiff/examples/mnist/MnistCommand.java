package dev.autodiff.examples.mnist;

import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import java.nio.file.Path;
import java.util.List;

/** {@code mnist}: an MLP on MNIST, at least 95% test accuracy with the defaults. */
public final class MnistCommand implements Command {
  public static final Option<Integer> HIDDEN = Option.integer("hidden", 256, 1, 100_000, "hidden units");
  public static final Option<Integer> EPOCHS = Option.integer("epochs", 14, 1, 100_000, "epochs");
  static final Option<Integer> BATCH = Option.integer("batch", 64, 1, 1_000_000, "batch size");
  static final Option<Double> LR = Option.real("lr", 0.003, 1e-9, 10, "Adam peak learning rate, after the warm-up");
  public static final Option<Integer> TRAIN = Option.integer("train", 8000, 1, 60_000, "training digits");
  public static final Option<Integer> TEST = Option.integer("test", 2000, 1, 10_000, "test digits");
  static final Option<Long> SEED = Option.seed(1, "weights and shuffling");
  static final Option<Path> DATA_DIR = Option.path("data-dir", null,
      "read the standard MNIST files (train-images-idx3-ubyte[.gz], ...) from DIR");
  static final Option<Path> TENSORBOARD = Option.path("tensorboard", null,
      "also write a TensorBoard event file (step/loss, epoch/<metric>, the graph, weight and gradient histograms) into DIR");

  @Override
  public String name() {
    return "mnist";
  }

  @Override
  public String summary() {
    return "an MLP on MNIST (8,000 train / 2,000 test shipped digits): accuracy, confusion matrix, plots, saved model";
  }

  @Override
  public List<Option<?>> options() {
    return List.of(HIDDEN, EPOCHS, BATCH, LR, TRAIN, TEST, SEED, DATA_DIR, TENSORBOARD);
  }

  /** The run the defaults describe, with {@code hidden}, {@code epochs} and the sizes of {@code o}. */
  public static MnistRun.Config config(Options o) {
    return new MnistRun.Config(o.get(HIDDEN), o.get(EPOCHS), o.get(BATCH), o.get(LR), o.get(SEED), o.get(TRAIN),
        o.get(TEST), o.get(DATA_DIR), o.get(TENSORBOARD));
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    MnistRun.run(config(o), out);
    return 0;
  }
}
