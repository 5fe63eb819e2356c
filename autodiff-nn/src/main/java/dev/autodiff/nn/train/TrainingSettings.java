package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkState;

import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Schedule;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/** Everything a builder set, fixed when the trainer is built. */
record TrainingSettings(Model model, Loss loss, Optimizer optimizer, Regularizer regularizer, int batchSize, int epochs,
    boolean shuffle, long seed, Dataset validation, List<Metric> metrics, List<StopRule> stopRules, int patience,
    double minDelta, Schedule schedule, double smoothing, List<Callback> callbacks, PrintStream progress,
    Verbosity verbosity, Trainer.Augmentation augmentation, Clipping clipping, Reduction reduction) {

  /** Models being fitted now, by any trainer: a second fit of one model at the same time is refused. */
  private static final Set<Model> FITTING = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  static void claim(Model model) {
    checkState(FITTING.add(model), "fit: the model is being fitted by another trainer right now; fit it from one "
        + "trainer at a time (the weights of two interleaved runs would be neither's)");
  }

  static void release(Model model) {
    FITTING.remove(model);
  }
}
