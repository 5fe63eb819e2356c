package dev.autodiff.examples.mnist;

import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code mnist}: an MLP on MNIST, at least 95% test accuracy with the defaults. */
public final class MnistCommand implements Command {
  @Override
  public String name() {
    return "mnist";
  }

  @Override
  public String summary() {
    return "an MLP on MNIST (8,000 train / 2,000 test shipped digits): accuracy, confusion matrix, plots, saved model";
  }

  @Override
  public String options() {
    return "  --hidden N      hidden units (default 256)\n"
        + "  --epochs N      epochs (default 14)\n"
        + "  --batch N       batch size (default 64)\n"
        + "  --lr X          Adam peak learning rate, after the warm-up (default 0.003)\n"
        + "  --train N       training digits (default 8000)\n"
        + "  --test N        test digits (default 2000)\n"
        + "  --seed N        seed of weights and shuffling (default 1)\n"
        + "  --data-dir DIR  read the standard MNIST files (train-images-idx3-ubyte[.gz], ...) from DIR\n"
        + "  --tensorboard DIR  also write a TensorBoard event file (step/loss, epoch/<metric>) into DIR\n"
        + "  --out DIR       where to write (default out/mnist)\n";
  }

  @Override
  public int run(Args args, PrintStream out) throws Exception {
    MnistRun.Config c = new MnistRun.Config((int) args.integer("hidden", 256, 1, 100_000),
        (int) args.integer("epochs", 14, 1, 100_000), (int) args.integer("batch", 64, 1, 1_000_000),
        args.real("lr", 0.003, 1e-9, 10), args.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
        (int) args.integer("train", 8000, 1, 60_000), (int) args.integer("test", 2000, 1, 10_000),
        args.string("data-dir", null) == null ? null : Path.of(args.string("data-dir", null)),
        args.string("tensorboard", null) == null ? null : Path.of(args.string("tensorboard", null)));
    Path dir = args.path("out", "out/mnist");
    args.finish();
    MnistRun.Result r = MnistRun.run(c, dir, out);
    out.println("wrote:");
    r.written().forEach(p -> out.println("  " + p));
    return 0;
  }
}
