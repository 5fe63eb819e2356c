package dev.autodiff.nn.train.internal;

import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.TrainingDivergedException;
import java.util.Map;

/**
 * What other trainers of this library (the Spark trainer) need of the training package's internals: recording a
 * {@link History} and raising a {@link TrainingDivergedException}. Not part of the API: the package is not exported
 * by the module, and the training package installs the implementation when {@link History} is initialized.
 */
public final class TrainingAccess {
  /** The training package's internals. */
  public interface Hooks {
    void addStep(History history, double loss, double smoothed, double rate);

    void addEpoch(History history, Map<String, Double> row);

    void stop(History history, String reason);

    TrainingDivergedException diverged(String message, long step, History history);
  }

  private static volatile Hooks hooks;

  private TrainingAccess() {}

  /**
   * Called once, by {@link History}'s initializer.
   *
   * @throws IllegalStateException when called from anywhere else (the package is not exported, but on the class
   *     path it can be reached)
   */
  public static void install(Hooks h) {
    Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    if (caller != History.class) {
      throw new IllegalStateException("TrainingAccess.install: only the training package installs its hooks, not "
          + caller.getName());
    }
    if (hooks == null) {
      hooks = h;
    }
  }

  /** The training package's internals. */
  public static Hooks hooks() {
    if (hooks == null) {
      new History();  // initializes History, which installs the hooks
    }
    return hooks;
  }
}
