package dev.autodiff.examples.mnist;

import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.data.Mnist;
import java.io.IOException;
import java.util.List;

/**
 * The options of a command that trains on a few shipped digits and checks on held-out ones, declared once with that
 * command's defaults: {@code --train N} (the first digits), {@code --valid N} or {@code --test N} (digits from
 * {@value Mnist#HELD_OUT} on), {@code --epochs N} and {@code --seed N}; and the digits they select.
 *
 * @param train how many digits to train on
 * @param heldOut how many held-out digits to check on
 * @param epochs epochs
 * @param seed the seed
 */
record MnistSplit(Option<Integer> train, Option<Integer> heldOut, Option<Integer> epochs, Option<Long> seed) {
  /** The options with these defaults; the held-out set is called {@code heldOutName} ({@code "valid"}, {@code "test"}). */
  static MnistSplit of(int train, String heldOutName, int heldOut, int epochs, String seedOf) {
    return new MnistSplit(Option.integer("train", train, 10, Mnist.HELD_OUT, "training digits"),
        Option.integer(heldOutName, heldOut, 10, 2000, heldOutName.equals("valid") ? "validation digits"
            : heldOutName + " digits"),
        Option.integer("epochs", epochs, 1, 100_000, "epochs"), Option.seed(1, seedOf));
  }

  List<Option<?>> options() {
    return List.of(train, heldOut, epochs, seed);
  }

  /** The training digits the options select. */
  Mnist.Set training(Options o) throws IOException {
    return Mnist.shippedTraining(o.get(train));
  }

  /** The held-out digits the options select. */
  Mnist.Set heldOut(Options o) throws IOException {
    return Mnist.shippedHeldOut(o.get(heldOut));
  }
}
